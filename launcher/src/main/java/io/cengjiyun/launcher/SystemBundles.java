/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Reads the bundles of the installed features from {@code system/<start level>/*.jar}. */
public final class SystemBundles {

    private SystemBundles() {}

    /** The bundles by start level, then by file name; an empty list if the folder does not exist. */
    public static List<SystemBundle> scan(Path systemDir) throws IOException {
        List<SystemBundle> bundles = new ArrayList<>();
        if (!Files.isDirectory(systemDir)) {
            return bundles;
        }
        try (Stream<Path> levels = Files.list(systemDir)) {
            for (Path levelDir : levels.filter(Files::isDirectory).toList()) {
                int level = startLevel(levelDir);
                try (Stream<Path> jars = Files.list(levelDir)) {
                    for (Path jar : jars.filter(p -> p.getFileName().toString().endsWith(".jar"))
                            .toList()) {
                        bundles.add(new SystemBundle(jar.toAbsolutePath().normalize(), level));
                    }
                }
            }
        }
        bundles.sort(Comparator.comparingInt(SystemBundle::startLevel)
                .thenComparing(b -> b.jar().getFileName().toString()));
        return bundles;
    }

    /** The highest start level of these bundles, or 0 when there are none. */
    public static int highestStartLevel(List<SystemBundle> bundles) {
        return bundles.stream().mapToInt(SystemBundle::startLevel).max().orElse(0);
    }

    private static int startLevel(Path levelDir) {
        String name = levelDir.getFileName().toString();
        try {
            int level = Integer.parseInt(name);
            if (level >= 1) {
                return level;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(
                levelDir + " is not a start level: folders under system/ must be named 1, 2, 3...");
    }

    /** Whether the jar is a fragment (has a Fragment-Host header). */
    public static boolean isFragment(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Fragment-Host") != null;
        } catch (IOException e) {
            throw new IOException(jar + " is not a readable jar: " + e.getMessage(), e);
        }
    }
}
