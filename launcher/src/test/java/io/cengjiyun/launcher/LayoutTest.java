/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LayoutTest {

    private static final Path HOME = Path.of("/opt/cengjiyun");

    @Test
    void defaultsToDataUnderHomeAndPort8080() {
        Layout layout = Layout.of(Map.of(), new Properties(), HOME);

        assertEquals(HOME, layout.home());
        assertEquals(HOME.resolve("data"), layout.data());
        assertEquals(8080, layout.httpPort());
        assertEquals(HOME.resolve("data/cache"), layout.cache());
        assertEquals(HOME.resolve("system"), layout.system());
    }

    @Test
    void environmentSetsDataAndPort() {
        Layout layout = Layout.of(
                Map.of("CENGJIYUN_DATA", "/var/lib/cj", "CENGJIYUN_HTTP_PORT", "9090"), new Properties(), HOME);

        assertEquals(Path.of("/var/lib/cj"), layout.data());
        assertEquals(9090, layout.httpPort());
    }

    @Test
    void systemPropertiesWinOverTheEnvironment() {
        Properties system = new Properties();
        system.setProperty("cengjiyun.home", "/srv/cj");
        system.setProperty("cengjiyun.data", "/srv/cj-data");
        system.setProperty("org.osgi.service.http.port", "7070");

        Layout layout = Layout.of(Map.of("CENGJIYUN_DATA", "/var/lib/cj", "CENGJIYUN_HTTP_PORT", "9090"), system, HOME);

        assertEquals(Path.of("/srv/cj"), layout.home());
        assertEquals(Path.of("/srv/cj-data"), layout.data());
        assertEquals(7070, layout.httpPort());
    }

    @Test
    void aPortThatIsNoNumberIsRefusedNamingTheVariable() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Layout.of(Map.of("CENGJIYUN_HTTP_PORT", "http"), new Properties(), HOME));

        assertTrue(e.getMessage().contains("CENGJIYUN_HTTP_PORT"), e.getMessage());
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Layout.of(Map.of("CENGJIYUN_HTTP_PORT", "70000"), new Properties(), HOME));
    }

    @Test
    void drainSecondsComeFromTheEnvironmentAndAreChecked() {
        assertEquals(0, Layout.drainSeconds(Map.of()));
        assertEquals(5, Layout.drainSeconds(Map.of("CENGJIYUN_DRAIN_SECONDS", " 5 ")));
        for (String bad : new String[] {"-1", "121", "five"}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> Layout.drainSeconds(Map.of("CENGJIYUN_DRAIN_SECONDS", bad)));
            assertTrue(e.getMessage().startsWith("CENGJIYUN_DRAIN_SECONDS is '" + bad + "': give"), e.getMessage());
        }
    }
}
