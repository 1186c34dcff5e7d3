/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Runs the framework with the installed features until it stops: SIGTERM or Ctrl-C (bin/cengjiyun stop), or the
 * shell ({@code stop 0}, or the end of its input).
 */
final class Launch {

    private static final long STOP_TIMEOUT_MS = 60_000;

    private final Layout layout;
    private final boolean interactive;
    private final AtomicBoolean stoppingFromSignal = new AtomicBoolean();
    private int drainSeconds;

    Launch(Layout layout, boolean interactive) {
        this.layout = layout;
        this.interactive = interactive;
    }

    /** @return the process exit code */
    int run() throws IOException, BundleException, InterruptedException {
        StartupTrace.step("launcher");
        drainSeconds = Layout.drainSeconds(System.getenv());
        Files.createDirectories(layout.data());
        Files.createDirectories(layout.deploy());
        Files.createDirectories(layout.etc());
        List<SystemBundle> bundles = SystemBundles.scan(layout.system());
        if (bundles.isEmpty()) {
            System.err.println("No bundles under " + layout.system() + ": is this an installed Cengjiyun runtime?");
            return 1;
        }
        Map<String, String> properties = FrameworkProperties.forLaunch(layout, interactive, bundles);

        Framework framework = newFramework(properties);
        StartupTrace.step("framework created");
        framework.init();
        StartupTrace.step("framework initialised");
        WeavingExclusions.register(framework.getBundleContext());
        RestWhiteboardFirstStop.register(framework.getBundleContext());
        SystemBundleInstaller.Changes changes = new SystemBundleInstaller(
                        layout.data().resolve("system-bundles.properties"))
                .sync(framework.getBundleContext(), bundles, layout.system());
        framework.getBundleContext().addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                started(framework, changes);
            }
        });
        StartupTrace.follow(framework.getBundleContext());
        StartupTrace.step("system bundles synchronised");
        Thread hook = new Thread(() -> stop(framework), "cengjiyun-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        framework.start();

        FrameworkEvent stopped = framework.waitForStop(0);
        Files.deleteIfExists(layout.pidFile());
        if (!stoppingFromSignal.get()) {
            // Stopped from inside (the shell): the hook is not needed.
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    /** Whether a signal stopped the runtime: the JVM is exiting already, and System.exit() would block. */
    boolean stoppedBySignal() {
        return stoppingFromSignal.get();
    }

    static Framework newFramework(Map<String, String> properties) {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No OSGi framework on the class path (lib/)"));
        return factory.newFramework(properties);
    }

    private void started(Framework framework, SystemBundleInstaller.Changes changes) {
        long notActive = 0;
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            boolean fragment = bundle.getHeaders("").get("Fragment-Host") != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (bundle.getState() != expected) {
                notActive++;
                System.err.println("Bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " is "
                        + state(bundle.getState()) + ", not " + state(expected) + " (" + bundle.getLocation() + ")");
            }
        }
        try {
            Files.writeString(layout.pidFile(), ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("Cannot write " + layout.pidFile() + ": " + e.getMessage());
        }
        String https = framework.getBundleContext().getProperty(Https.ENABLE) == null
                ? ""
                : " and https://localhost:" + framework.getBundleContext().getProperty(Https.PORT) + "/api/v1"
                        + ("true".equals(framework.getBundleContext().getProperty(Https.REDIRECT))
                                ? " (plain HTTP redirected)"
                                : "");
        System.out.printf(
                "Cengjiyun started in %.1f s: %d bundles (%s), http://localhost:%d/api/v1%s, data in %s%n",
                StartupTrace.sinceLaunch() / 1000.0,
                framework.getBundleContext().getBundles().length,
                changes.any()
                        ? changes.installed() + " installed, " + changes.updated() + " updated, "
                                + changes.uninstalled() + " removed"
                        : "cache reused",
                layout.httpPort(),
                https,
                layout.data());
        if (notActive > 0) {
            System.err.println(notActive + " bundles did not start: see above");
        }
    }

    private void stop(Framework framework) {
        stoppingFromSignal.set(true);
        try {
            drain(framework);
            framework.stop();
            framework.waitForStop(STOP_TIMEOUT_MS);
        } catch (BundleException | InterruptedException e) {
            System.err.println("Stopping the framework failed: " + e.getMessage());
        }
    }

    /**
     * Before the framework stops: {@code GET /ready} answers 503 from now on (it follows a service of the system
     * bundle, {@link #STOPPING}), and for {@code CENGJIYUN_DRAIN_SECONDS} (default 0; the Kubernetes manifests set
     * it) the runtime keeps serving, so that the Service's endpoints drop this replica before its connector closes
     * and no request in flight or on its way is refused.
     */
    private void drain(Framework framework) throws InterruptedException {
        try {
            framework
                    .getBundleContext()
                    .registerService(
                            java.util.function.BooleanSupplier.class,
                            () -> true,
                            new java.util.Hashtable<>(java.util.Map.of("cengjiyun.role", STOPPING)));
        } catch (IllegalStateException e) {
            return; // the framework stops already
        }
        if (drainSeconds > 0) {
            System.out.println("Stopping: not ready from now on, serving for " + drainSeconds + " s more (drain)");
            Thread.sleep(drainSeconds * 1000L);
        }
    }

    /**
     * The {@code cengjiyun.role} of the service that says the runtime is stopping: {@code io.cengjiyun.api.Stopping}
     * gives the bundles the same property and value (the launcher runs outside the framework, without the api bundle).
     */
    static final String STOPPING = "stopping";

    static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> Integer.toString(state);
        };
    }
}
