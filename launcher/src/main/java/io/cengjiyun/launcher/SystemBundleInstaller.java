/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Brings the bundles in a reused framework cache in line with system/: installs new jars, updates changed ones,
 * uninstalls removed ones, and leaves the rest alone so a restart costs no reinstall. Bundles installed otherwise
 * (deploy/, the shell) are not touched.
 */
final class SystemBundleInstaller {

    /** What the last start installed: location = size/last-modified of the jar. */
    private final Path stateFile;

    SystemBundleInstaller(Path stateFile) {
        this.stateFile = stateFile;
    }

    record Changes(int installed, int updated, int uninstalled) {
        boolean any() {
            return installed + updated + uninstalled > 0;
        }
    }

    Changes sync(BundleContext context, List<SystemBundle> wanted, Path systemDir) throws IOException {
        Properties previous = load();
        Properties current = new Properties();
        Map<String, Bundle> byLocation = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            byLocation.put(bundle.getLocation(), bundle);
        }
        Set<String> wantedLocations = new HashSet<>();
        int installed = 0;
        int updated = 0;
        for (SystemBundle sb : wanted) {
            String location = sb.location();
            wantedLocations.add(location);
            String fingerprint = fingerprint(sb.jar());
            Bundle bundle = byLocation.get(location);
            try {
                if (bundle == null) {
                    bundle = context.installBundle(location);
                    installed++;
                } else if (!fingerprint.equals(previous.getProperty(location))) {
                    bundle.update();
                    updated++;
                }
                bundle.adapt(BundleStartLevel.class).setStartLevel(sb.startLevel());
                if ((bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) == 0) {
                    // Persistent: the framework starts it when its start level is reached, now and on later starts.
                    bundle.start();
                }
                current.setProperty(location, fingerprint);
            } catch (BundleException | RuntimeException e) {
                System.err.println("Cannot install " + sb.jar() + ": " + e.getMessage());
            }
        }
        int uninstalled = 0;
        String systemPrefix = "reference:" + systemDir.toUri();
        for (Bundle bundle : context.getBundles()) {
            String location = bundle.getLocation();
            boolean ours = previous.containsKey(location) || location.startsWith(systemPrefix);
            if (ours && !wantedLocations.contains(location)) {
                try {
                    bundle.uninstall();
                    uninstalled++;
                } catch (BundleException e) {
                    System.err.println("Cannot uninstall " + location + ": " + e.getMessage());
                }
            }
        }
        store(current);
        return new Changes(installed, updated, uninstalled);
    }

    private static String fingerprint(Path jar) throws IOException {
        return Files.size(jar) + "/" + Files.getLastModifiedTime(jar).toMillis();
    }

    private Properties load() throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(stateFile)) {
            try (Reader in = Files.newBufferedReader(stateFile, StandardCharsets.UTF_8)) {
                p.load(in);
            }
        }
        return p;
    }

    private void store(Properties p) throws IOException {
        Files.createDirectories(stateFile.getParent());
        try (Writer out = Files.newBufferedWriter(stateFile, StandardCharsets.UTF_8)) {
            p.store(out, "Bundles installed from system/ by the launcher; delete data/ to start afresh");
        }
    }
}
