/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

class SystemBundleInstallerTest {

    @TempDir
    Path home;

    private Framework framework;

    @AfterEach
    void stopFramework() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    private BundleContext boot() throws BundleException {
        if (framework != null) {
            framework.stop();
            try {
                framework.waitForStop(10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        framework = Launch.newFramework(
                Map.of("org.osgi.framework.storage", home.resolve("cache").toString()));
        framework.init();
        return framework.getBundleContext();
    }

    private SystemBundleInstaller.Changes sync(BundleContext context) throws IOException {
        return new SystemBundleInstaller(home.resolve("state.properties"))
                .sync(context, SystemBundles.scan(home.resolve("system")), home.resolve("system"));
    }

    private static Bundle find(BundleContext context, String name) {
        for (Bundle b : context.getBundles()) {
            if (name.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    @Test
    void installsAtTheFolderStartLevelAndStartsAllButFragments() throws Exception {
        TestBundles.write(home.resolve("system/1"), "a", "1.0.0");
        TestBundles.write(home.resolve("system/3"), "b", "1.0.0");
        TestBundles.write(home.resolve("system/3"), "b.fragment", "1.0.0", "Fragment-Host", "b");

        SystemBundleInstaller.Changes changes = sync(boot());

        assertEquals(new SystemBundleInstaller.Changes(3, 0, 0), changes);
        BundleContext context = framework.getBundleContext();
        BundleStartLevel a = find(context, "a").adapt(BundleStartLevel.class);
        BundleStartLevel b = find(context, "b").adapt(BundleStartLevel.class);
        assertEquals(1, a.getStartLevel());
        assertEquals(3, b.getStartLevel());
        assertTrue(a.isPersistentlyStarted());
        assertFalse(find(context, "b.fragment").adapt(BundleStartLevel.class).isPersistentlyStarted());
    }

    @Test
    void aRestartWithTheSameJarsReusesTheCache() throws Exception {
        TestBundles.write(home.resolve("system/1"), "a", "1.0.0");
        sync(boot());

        SystemBundleInstaller.Changes changes = sync(boot());

        assertEquals(new SystemBundleInstaller.Changes(0, 0, 0), changes);
        assertNotNull(find(framework.getBundleContext(), "a"));
    }

    @Test
    void aChangedJarIsUpdatedAndARemovedOneUninstalled() throws Exception {
        TestBundles.write(home.resolve("system/1"), "a", "1.0.0");
        Path removed = TestBundles.write(home.resolve("system/2"), "gone", "1.0.0");
        sync(boot());
        Path changed = TestBundles.write(home.resolve("system/1"), "a", "1.1.0");
        Files.setLastModifiedTime(changed, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        Files.delete(removed);

        SystemBundleInstaller.Changes changes = sync(boot());

        // Felix itself drops a cached bundle whose referenced jar is gone (and says so); we uninstall any other.
        assertEquals(1, changes.updated());
        assertEquals(
                "1.1.0", find(framework.getBundleContext(), "a").getVersion().toString());
        assertNull(find(framework.getBundleContext(), "gone"));
    }

    @Test
    void bundlesInstalledOtherwiseAreLeftAlone() throws Exception {
        TestBundles.write(home.resolve("system/1"), "a", "1.0.0");
        BundleContext context = boot();
        sync(context);
        Path deployed = TestBundles.write(home.resolve("deploy"), "extension", "1.0.0");
        context.installBundle(deployed.toUri().toString());

        SystemBundleInstaller.Changes changes = sync(boot());

        assertEquals(new SystemBundleInstaller.Changes(0, 0, 0), changes);
        assertNotNull(find(framework.getBundleContext(), "extension"));
    }
}
