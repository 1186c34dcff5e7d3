/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemBundlesTest {

    @TempDir
    Path system;

    @Test
    void listsJarsByStartLevelThenName() throws IOException {
        TestBundles.write(system.resolve("10"), "z", "1.0.0");
        TestBundles.write(system.resolve("2"), "b", "1.0.0");
        TestBundles.write(system.resolve("2"), "a", "1.0.0");
        Files.writeString(system.resolve("2/README.txt"), "not a bundle");

        List<SystemBundle> bundles = SystemBundles.scan(system);

        assertEquals(
                List.of("2/a.jar", "2/b.jar", "10/z.jar"),
                bundles.stream().map(b -> system.relativize(b.jar()).toString()).toList());
        assertEquals(10, SystemBundles.highestStartLevel(bundles));
    }

    @Test
    void aFolderThatIsNoStartLevelIsAnError() throws IOException {
        Files.createDirectories(system.resolve("web"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SystemBundles.scan(system));

        assertTrue(e.getMessage().contains("web"), e.getMessage());
    }

    @Test
    void noSystemFolderMeansNoBundles() throws IOException {
        assertTrue(SystemBundles.scan(system.resolve("missing")).isEmpty());
    }

    @Test
    void tellsFragmentsFromBundles() throws IOException {
        Path fragment = TestBundles.write(system.resolve("1"), "frag", "1.0.0", "Fragment-Host", "host");
        Path bundle = TestBundles.write(system.resolve("1"), "host", "1.0.0");

        assertTrue(SystemBundles.isFragment(fragment));
        assertFalse(SystemBundles.isFragment(bundle));
    }
}
