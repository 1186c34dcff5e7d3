/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.cluster.ClusterInfo;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.cluster.internal.LocalClusterStatus.State;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first run's local cluster. When the runtime is started by {@code ./run.sh} from a checkout (which sets
 * {@value #SCRIPT} to its {@code tools/kube-local/kube-local}) and no cluster is registered, it brings that
 * single-node Kubernetes up in the background ({@code kube-local up}, niced: 10 to 20 minutes the first time on two
 * cores, under a second when it runs already) and registers it as {@value #NAME} when it is Ready. The progress is in
 * the log (each line as {@code [local cluster] ...}), at {@code GET /api/v1/setup/local-cluster} (the console shows
 * it) and in {@code cj:localcluster}. kube-local needs root on Linux: elsewhere the state says so, and how to register
 * a cluster instead. Stopping the runtime stops a setup under way; the next start takes it up where it was (kube-local
 * keeps what it built).
 */
@Component(service = LocalClusterSetup.class, immediate = true)
public class LocalClusterSetup {
    /** The framework property naming kube-local's script; unset: the setup is off. */
    static final String SCRIPT = "cengjiyun.localCluster.script";
    /** The framework property naming the kubeconfig kube-local writes. */
    static final String KUBECONFIG = "cengjiyun.localCluster.kubeconfig";

    static final String DEFAULT_KUBECONFIG = "/var/lib/cengjiyun-kube-local/admin.kubeconfig";
    static final String NAME = "local";
    static final int KEPT_LINES = 200;

    static final String OFF_DETAIL = "No local cluster is brought up: this runtime was not started by ./run.sh from a"
            + " checkout, or was started with --no-local-cluster. Register a cluster with its kubeconfig (the"
            + " console's Clusters page, or POST /api/v1/clusters).";

    private static final Logger LOG = LoggerFactory.getLogger(LocalClusterSetup.class);

    private final ClusterRegistry clusters;
    private final Path script;
    private final Path kubeconfig;
    private final IntSupplier uid;
    private final Clock clock;
    private final Object lock = new Object();
    private final ArrayDeque<String> lines = new ArrayDeque<>();

    private State state = State.OFF;
    private String detail = OFF_DETAIL;
    private String cluster;
    private Instant startedAt;
    private Instant endedAt;
    private Process process;
    private boolean closed;

    @Activate
    public LocalClusterSetup(@Reference ClusterRegistry clusters, BundleContext context) {
        this(
                clusters,
                pathOrNull(context.getProperty(SCRIPT)),
                Path.of(orDefault(context.getProperty(KUBECONFIG), DEFAULT_KUBECONFIG)),
                LocalClusterSetup::processUid,
                Clock.systemUTC());
        begin();
    }

    LocalClusterSetup(ClusterRegistry clusters, Path script, Path kubeconfig, IntSupplier uid, Clock clock) {
        this.clusters = clusters;
        this.script = script;
        this.kubeconfig = kubeconfig;
        this.uid = uid;
        this.clock = clock;
    }

    /** At start: off without a script; not needed when a cluster is registered; else brought up. */
    final void begin() {
        if (script == null) {
            return;
        }
        List<ClusterInfo> registered = clusters.clusters();
        if (!registered.isEmpty()) {
            synchronized (lock) {
                state = State.NOT_NEEDED;
                detail = "A cluster is registered already ("
                        + String.join(
                                ", ", registered.stream().map(ClusterInfo::name).toList())
                        + "): the local one is not brought up. To add it too: POST /api/v1/setup/local-cluster"
                        + " (the console's Clusters page).";
            }
            return;
        }
        try {
            start();
        } catch (ConflictException e) { // cannot run here: the state says why
            LOG.info("[local cluster] {}", e.getMessage());
        }
    }

    /**
     * Brings the local cluster up unless it is coming up or up and registered already.
     *
     * @return the status after
     * @throws ConflictException when it cannot run here (no script, not root, not Linux): the message says what to do
     */
    public LocalClusterStatus start() {
        synchronized (lock) {
            if (closed) {
                throw new ConflictException("The runtime is stopping: start it again.");
            }
            if (state == State.STARTING || state == State.READY) {
                return status();
            }
            String why = unavailable();
            if (why != null) {
                if (script != null) {
                    state = State.UNAVAILABLE;
                    detail = why;
                }
                throw new ConflictException(why);
            }
            lines.clear();
            cluster = null;
            startedAt = clock.instant();
            endedAt = null;
            state = State.STARTING;
            detail = "Bringing the local Kubernetes up (" + script + " up): 10 to 20 minutes the first time, on"
                    + " two cores; under a second when it runs already. It is registered as '" + NAME + "' when"
                    + " its node is Ready.";
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
                command.addAll(List.of("/usr/bin/nice", "-n", "10"));
            }
            command.addAll(List.of(script.toString(), "up"));
            try {
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
            } catch (IOException e) {
                fail("Could not start " + script + ": " + e.getMessage());
                return status();
            }
            Process started = process;
            Thread follower = new Thread(() -> follow(started), "cengjiyun-local-cluster");
            follower.setDaemon(true);
            follower.start();
            LOG.info("[local cluster] {}", detail);
            return status();
        }
    }

    /** Why kube-local cannot run here, with what to do; null when it can. */
    private String unavailable() {
        if (script == null) {
            return OFF_DETAIL;
        }
        String register = " Or register another cluster with its kubeconfig (the console's Clusters page, or POST"
                + " /api/v1/clusters).";
        if (!System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .contains("linux")) {
            return "The local cluster (tools/kube-local) runs on Linux only." + register;
        }
        if (!Files.isExecutable(script)) {
            return "The local cluster's script " + script + " is not there or not executable: check the checkout."
                    + register;
        }
        if (uid.getAsInt() != 0) {
            return "The local cluster (tools/kube-local) needs root: run 'sudo " + script + " up' (10 to 20"
                    + " minutes the first time), then register it from its kubeconfig " + kubeconfig
                    + " (the console's Clusters page takes the file), or start ./run.sh as root." + register;
        }
        return null;
    }

    /** Reads the script's output to its end, then registers the cluster (or says why not). */
    private void follow(Process running) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                LOG.info("[local cluster] {}", line);
                synchronized (lock) {
                    if (lines.size() == KEPT_LINES) {
                        lines.removeFirst();
                    }
                    lines.addLast(line);
                }
            }
            int exit = running.waitFor();
            synchronized (lock) {
                if (closed || running != process) {
                    return;
                }
            }
            if (exit != 0) {
                fail(script + " up ended with exit code " + exit + ": its last lines say why (the log has all of"
                        + " them). Fix that, then try again (POST /api/v1/setup/local-cluster, or the console).");
                return;
            }
            register();
        } catch (IOException e) {
            fail("Reading " + script + "'s output failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void register() {
        String config;
        try {
            config = Files.readString(kubeconfig, StandardCharsets.UTF_8);
        } catch (IOException e) {
            fail("The local cluster is up but its kubeconfig " + kubeconfig + " cannot be read (" + e + "): register"
                    + " it by hand.");
            return;
        }
        try {
            ClusterInfo info = clusters.register(NAME, config);
            synchronized (lock) {
                state = State.READY;
                cluster = info.name();
                endedAt = clock.instant();
                detail = "The local Kubernetes is up and registered as '" + info.name() + "' ("
                        + (info.reachable() ? "reachable" : "not reachable yet: " + info.message())
                        + ") after " + Duration.between(startedAt, endedAt).toSeconds() + " s. Allot it to a"
                        + " service (PUT /api/v1/services/{service}/allotments) and create an appmap on it.";
            }
            LOG.info("[local cluster] {}", detail);
        } catch (RuntimeException e) {
            fail("The local cluster is up but registering it failed: " + e.getMessage());
        }
    }

    private void fail(String why) {
        synchronized (lock) {
            state = State.FAILED;
            detail = why;
            endedAt = clock.instant();
        }
        LOG.warn("[local cluster] {}", why);
    }

    /** Where it stands now. */
    public LocalClusterStatus status() {
        synchronized (lock) {
            return new LocalClusterStatus(state, detail, cluster, startedAt, endedAt, new ArrayList<>(lines));
        }
    }

    @Deactivate
    void stop() {
        Process running;
        synchronized (lock) {
            closed = true;
            running = process;
        }
        if (running != null && running.isAlive()) {
            LOG.info("[local cluster] the runtime stops: stopping {} up (the next start takes it up again)", script);
            // the script first (it would go on after a child it waits for ends), then what it started
            List<ProcessHandle> children = running.descendants().toList();
            running.destroy();
            children.forEach(ProcessHandle::destroy);
        }
    }

    /** This process's user id on Linux (/proc/self/status), -1 when it cannot be read. */
    static int processUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no /proc: unknown
        }
        return -1;
    }

    private static Path pathOrNull(String value) {
        return value == null || value.isBlank() ? null : Path.of(value.strip());
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
