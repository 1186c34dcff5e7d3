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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkPropertiesTest {

    @TempDir
    Path home;

    private Layout layout() {
        return new Layout(home, home.resolve("data"), 8181);
    }

    @Test
    void commonPropertiesCarryPortHomeDataAndConfigurationFolder() {
        Map<String, String> p = FrameworkProperties.common(layout(), true);

        assertEquals("8181", p.get("org.osgi.service.http.port"));
        assertEquals(home.toString(), p.get("cengjiyun.home"));
        assertEquals(home.resolve("data").toString(), p.get("cengjiyun.data"));
        assertEquals(home.resolve("etc").toString(), p.get("felix.fileinstall.dir"));
        assertEquals("true", p.get("org.apache.felix.jetty.websocket.enable"));
        assertFalse(p.containsKey("org.osgi.framework.storage"), "Pax Exam chooses the storage itself");
    }

    @Test
    void withoutATerminalGogoDoesNotReadOne() {
        assertEquals(
                "--nointeractive", FrameworkProperties.common(layout(), false).get("gosh.args"));
        assertFalse(FrameworkProperties.common(layout(), true).containsKey("gosh.args"));
    }

    @Test
    void launchKeepsTheCacheUnderData() throws IOException {
        Map<String, String> p = FrameworkProperties.forLaunch(layout(), false, List.of());

        assertEquals(home.resolve("data/cache").toString(), p.get("org.osgi.framework.storage"));
        assertEquals(
                Integer.toString(FrameworkProperties.EXTENSION_START_LEVEL),
                p.get("org.osgi.framework.startlevel.beginning"));
    }

    @Test
    void extensionsStartAboveTheHighestFeatureLevel() throws IOException {
        List<SystemBundle> bundles = List.of(new SystemBundle(home.resolve("system/7/x.jar"), 7));

        Map<String, String> p = FrameworkProperties.forLaunch(layout(), false, bundles);

        assertEquals("8", p.get("org.osgi.framework.startlevel.beginning"));
        assertEquals("8", p.get("felix.startlevel.bundle"));
    }

    @Test
    void etcFrameworkPropertiesOverrideWithReferences() throws IOException {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(
                home.resolve("etc/framework.properties"),
                "org.apache.felix.http.host=127.0.0.1\nfelix.fileinstall.dir=${cengjiyun.home}/conf\n");

        Map<String, String> p = FrameworkProperties.forLaunch(layout(), false, List.of());

        assertEquals("127.0.0.1", p.get("org.apache.felix.http.host"));
        assertEquals(home + "/conf", p.get("felix.fileinstall.dir"));
    }

    @Test
    void aRedirectToHttpsInEtcWithoutACertificateStopsTheLaunch() throws IOException {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/framework.properties"), "cengjiyun.https.redirect=true\n");

        String message = assertThrows(
                        IllegalArgumentException.class, () -> FrameworkProperties.forLaunch(layout(), false, List.of()))
                .getMessage();

        assertTrue(message.contains("no etc/tls/cert.pem"), message);
    }

    @Test
    void withoutACertificateTheLaunchServesPlainHttpOnly() throws IOException {
        Map<String, String> p = FrameworkProperties.forLaunch(layout(), false, List.of());

        assertFalse(p.containsKey("org.apache.felix.https.enable"));
        assertEquals("false", p.get("cengjiyun.https.redirect"));
    }

    @Test
    void unknownReferencesStayAsTheyAre() {
        assertEquals("a-${nope}-b", FrameworkProperties.interpolate("a-${nope}-b", name -> null));
        assertEquals("x/y", FrameworkProperties.interpolate("${a}/y", name -> "x"));
    }
}
