/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The build's check that the features resolve: installs the bundles of system/ one start level at a time into an
 * empty framework and resolves everything installed so far, so each feature must resolve with the features below
 * it, and nothing is started. Prints every bundle that does not resolve, with the framework's reason.
 */
final class Verifier {

    private final Layout layout;
    private final PrintStream out;

    Verifier(Layout layout, PrintStream out) {
        this.layout = layout;
        this.out = out;
    }

    /** @return the number of bundles that could not be installed or resolved */
    int run() throws IOException, BundleException, InterruptedException {
        List<SystemBundle> bundles = SystemBundles.scan(layout.system());
        if (bundles.isEmpty()) {
            out.println("No bundles under " + layout.system());
            return 1;
        }
        Map<Integer, List<SystemBundle>> byLevel = new TreeMap<>();
        bundles.forEach(b ->
                byLevel.computeIfAbsent(b.startLevel(), l -> new ArrayList<>()).add(b));

        Path storage = Files.createTempDirectory("cengjiyun-verify");
        Map<String, String> properties = FrameworkProperties.common(layout, false);
        properties.put("org.osgi.framework.storage", storage.toString());
        properties.put("org.osgi.framework.storage.clean", "onFirstInit");
        properties.put("felix.log.level", "0");
        Framework framework = Launch.newFramework(properties);
        int problems = 0;
        try {
            framework.init();
            FrameworkWiring wiring = framework.adapt(FrameworkWiring.class);
            List<Bundle> installed = new ArrayList<>();
            Map<Bundle, SystemBundle> sources = new HashMap<>();
            for (Map.Entry<Integer, List<SystemBundle>> level : byLevel.entrySet()) {
                for (SystemBundle sb : level.getValue()) {
                    try {
                        Bundle bundle = framework.getBundleContext().installBundle(sb.location());
                        installed.add(bundle);
                        sources.put(bundle, sb);
                    } catch (BundleException e) {
                        problems++;
                        out.printf("  NOT INSTALLED  %s: %s%n", layout.home().relativize(sb.jar()), e.getMessage());
                    }
                }
                wiring.resolveBundles(installed);
                int unresolved = 0;
                for (Bundle bundle : installed) {
                    if (bundle.getState() == Bundle.INSTALLED) {
                        unresolved++;
                        out.printf(
                                "  UNRESOLVED  %s %s (%s)%n      %s%n",
                                bundle.getSymbolicName(),
                                bundle.getVersion(),
                                layout.home().relativize(sources.get(bundle).jar()),
                                reason(bundle));
                    }
                }
                out.printf(
                        "Start level %d: %d bundles installed up to here, %s%n",
                        level.getKey(),
                        installed.size(),
                        unresolved == 0 ? "all resolved" : unresolved + " NOT RESOLVED");
                problems += unresolved;
                if (unresolved > 0) {
                    // The levels above build on this one: their errors would only repeat these.
                    break;
                }
            }
        } finally {
            framework.stop();
            framework.waitForStop(30_000);
            deleteTree(storage);
        }
        out.println(
                problems == 0
                        ? "All " + bundles.size() + " bundles of " + layout.system() + " resolve."
                        : problems + " bundles of " + layout.system() + " do not resolve: a feature lacks a bundle.");
        return problems;
    }

    /** Felix says why only when asked to load from the bundle; resolveBundles() itself is silent. */
    private static String reason(Bundle bundle) {
        if (bundle.getHeaders("").get("Fragment-Host") != null) {
            return "fragment not attached to its host " + bundle.getHeaders("").get("Fragment-Host");
        }
        try {
            bundle.loadClass("io.cengjiyun.launcher.ResolutionProbe");
            return "unknown";
        } catch (ClassNotFoundException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause.getMessage();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
