/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The monitoring benchmark of Cengjiyun (issue 17): side by side in one run on the local cluster,
 * <ol>
 * <li>the sampler's cost with about 100 running pods: the runtime's CPU per sampling round (user + system from
 * /proc/PID/stat over {@code --rounds} rounds every {@code --interval} seconds, less the same runtime's idle rate
 * measured just before with the sampler's interval at its longest) and the RSS the sampling adds; against fetching the
 * same kubelet summary directly (fabric8 in this JVM, and {@code kubectl get --raw}) and metrics-server's documented
 * footprint;
 * <li>a 24-hour query of one server at 1-minute steps ({@code GET .../metrics?from=-24h&step=1m}) on a history seeded
 * into the runtime's Derby database while it was stopped (24 h of minute and hour rows, 6 h of raw rows every 15 s,
 * for every server, the appmap, the service and the node), against the same rows read with one SQL SELECT on the same
 * database, embedded in this JVM;
 * <li>the time from a load change to the HorizontalPodAutoscaler's scale-up of a server autoscaled 1..3 at 50 % CPU:
 * until the platform's sample shows the load, until the HPA's desiredReplicas rises and until 3 replicas are ready;
 * against the HPA's sync period plus one sampling interval. The HPA can act only when the platform serves the
 * resource metrics API ({@code --metrics-api}); without it the HPA's part is reported as pending.
 * </ol>
 *
 * <p>Single-file program for the source launcher, with fabric8's client, its JDK HTTP client, slf4j-nop and the
 * runtime's Derby jars on the class path (run.sh puts them there):
 * <pre>java -cp CP MonitoringBenchmark.java RUNTIME_DIR [--data DIR] [--port P] [--servers N] [--running N]
 *     [--interval S] [--rounds N] [--warmup-rounds N] [--idle-seconds S] [--query-samples N] [--query-warmup N]
 *     [--pod-timeout S] [--hpa-timeout S] [--metrics-api] [--no-hpa] [--kubeconfig FILE] [--kubectl PATH]
 *     [--out FILE]</pre>
 * RUNTIME_DIR must be a copy of distribution/target/cengjiyun that nothing else uses. Use run.sh.
 */
public class MonitoringBenchmark {

    private static final String IMAGE = "cengjiyun.test/busybox:1";
    private static final String ADMIN_PASSWORD = "benchmark-admin-password";
    private static final String APPMAP = "bench";
    private static final String BURN = "burn";
    /**
     * A server without pods, whose usage answer tells the newest round's time: small, and it cannot fail on a pod the
     * round has no CPU figure for yet (before 0d9ad7a a server's usage with such a pod answered 500).
     */
    private static final String PROBE = "probe";

    private static final String SERVER_LABEL = "cengjiyun.io/server";
    private static final String POD_COMMAND = "trap 'exit 0' TERM; sleep 3600 & wait";
    private static final String BURN_COMMAND = "while :; do if [ -e /tmp/burn ]; then :; else sleep 1; fi; done";
    private static final String CONFIG_PID = "io.cengjiyun.monitoring";
    /**
     * The sampler's longest intervals (MonitoringConfig allows 5 to 300): the runtime with the sampler "paused". Two,
     * so that writing the quiet one after the start is a change that FileInstall applies.
     */
    private static final int START_INTERVAL = 300;

    private static final int QUIET_INTERVAL = 299;
    /** The default interval, for the history and the HPA's figure. */
    private static final int DEFAULT_INTERVAL = 15;
    /** kube-controller-manager's --horizontal-pod-autoscaler-sync-period default (tools/kube-local sets none). */
    private static final int HPA_SYNC_SECONDS = 15;
    /** The goal of figure 2. */
    private static final double QUERY_GOAL_MS = 50;

    private static final long RAW_STEP_MS = 15_000;
    private static final int SEED_HOURS = 24;
    private static final int SEED_RAW_HOURS = 6;
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(240);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALUE_COLUMNS = "cpu, cpu_max, memory, memory_max, restarts, restarts_max, rx, rx_max,"
            + " tx, tx_max, ephemeral, ephemeral_max, pods, pods_max, cpu_capacity, cpu_capacity_max, memory_capacity,"
            + " memory_capacity_max";
    private static final int VALUES = 18;

    // Options
    private final Path runtime;
    private final Path data;
    private final int port;
    private final int servers;
    private final int runningWanted;
    private final int interval;
    private final int rounds;
    private final int warmupRounds;
    private final int idleSeconds;
    private final int querySamples;
    private final int queryWarmup;
    private final int podTimeout;
    private final int hpaTimeout;
    private final boolean metricsApi;
    private final boolean hpa;
    private final Path kubeconfig;
    private final String kubectl;
    private final Path out;

    private final String service;
    private final String namespace;
    private final String base;
    private final String appmapPath;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Path launchLog;
    private final Path kubectlErr;
    private final Path kubectlCache;
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final long clockTicks = clockTicks();
    private volatile String token;
    private volatile Long runningPid;
    private volatile boolean cleanedUp;
    private volatile boolean serviceMade;
    private KubernetesClient kube;
    private String apiServerSeen;
    private int running;
    private String nodeName;
    /** The node's raw rows' times around figure 1's sampling window (the rounds' exact starts), from the database. */
    private long[] windowRoundStarts;

    private MonitoringBenchmark(
            Path runtime,
            Path data,
            int port,
            Map<String, Integer> n,
            boolean metricsApi,
            boolean hpa,
            Path kubeconfig,
            String kubectl,
            Path out) {
        this.runtime = runtime;
        this.data = data;
        this.port = port;
        this.servers = n.get("--servers");
        this.runningWanted = n.get("--running");
        this.interval = n.get("--interval");
        this.rounds = n.get("--rounds");
        this.warmupRounds = n.get("--warmup-rounds");
        this.idleSeconds = n.get("--idle-seconds");
        this.querySamples = n.get("--query-samples");
        this.queryWarmup = n.get("--query-warmup");
        this.podTimeout = n.get("--pod-timeout");
        this.hpaTimeout = n.get("--hpa-timeout");
        this.metricsApi = metricsApi;
        this.hpa = hpa;
        this.kubeconfig = kubeconfig;
        this.kubectl = kubectl;
        this.out = out;
        // A name of its own per run: its namespace (<service>-bench) cannot meet another run's.
        this.service = String.format(Locale.ROOT, "mnb-%04x", new Random().nextInt(0x10000));
        this.namespace = service + "-" + APPMAP;
        this.base = "http://127.0.0.1:" + port + "/api/v1";
        this.appmapPath = "/services/" + service + "/appmaps/" + APPMAP;
        this.launchLog = data.resolveSibling(data.getFileName() + "-launch.log");
        this.kubectlErr = data.resolveSibling("kubectl-stderr.txt");
        this.kubectlCache = data.resolveSibling("kubectl-cache");
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("usage: java -cp <class path> MonitoringBenchmark.java RUNTIME_DIR [--data DIR]"
                    + " [--port P] [--servers N] [--running N] [--interval S] [--rounds N] [--warmup-rounds N]"
                    + " [--idle-seconds S] [--query-samples N] [--query-warmup N] [--pod-timeout S]"
                    + " [--hpa-timeout S] [--metrics-api] [--no-hpa] [--kubeconfig FILE] [--kubectl PATH]"
                    + " [--out FILE]");
            System.exit(2);
        }
        Path runtime = Path.of(args[0]).toAbsolutePath().normalize();
        Path data = runtime.resolveSibling("bench-data");
        int port = 0;
        Map<String, Integer> n = new LinkedHashMap<>();
        n.put("--servers", 100);
        n.put("--running", 100);
        n.put("--interval", 5);
        n.put("--rounds", 24);
        n.put("--warmup-rounds", 6);
        n.put("--idle-seconds", 60);
        n.put("--query-samples", 300);
        n.put("--query-warmup", 50);
        n.put("--pod-timeout", 600);
        n.put("--hpa-timeout", 240);
        boolean metricsApi = false, hpa = true;
        String kubectl = "kubectl";
        String kc = System.getenv("KUBECONFIG");
        Path kubeconfig = Path.of(
                kc != null && !kc.isEmpty() && !kc.contains(":")
                        ? kc
                        : "/var/lib/cengjiyun-kube-local/admin.kubeconfig");
        Path out = null;
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--metrics-api")) {
                    metricsApi = true;
                    continue;
                }
                if (a.equals("--no-hpa")) {
                    hpa = false;
                    continue;
                }
                String value = i + 1 < args.length ? args[++i] : null;
                if (value == null) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                if (n.containsKey(a)) {
                    n.put(a, Integer.parseInt(value));
                    continue;
                }
                switch (a) {
                    case "--data" -> data = Path.of(value).toAbsolutePath().normalize();
                    case "--port" -> port = Integer.parseInt(value);
                    case "--kubeconfig" -> kubeconfig = Path.of(value);
                    case "--kubectl" -> kubectl = value;
                    case "--out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (n.get("--servers") < 1 || n.get("--servers") > 1000) {
                throw new IllegalArgumentException("--servers must be 1 to 1000");
            }
            if (n.get("--running") < 1 || n.get("--running") > n.get("--servers")) {
                throw new IllegalArgumentException("--running must be 1 to --servers");
            }
            if (n.get("--interval") < 5 || n.get("--interval") > 60) {
                throw new IllegalArgumentException("--interval must be 5 to 60 (seconds between rounds)");
            }
            if (n.get("--rounds") < 2 || n.get("--warmup-rounds") < 0 || n.get("--idle-seconds") < 10) {
                throw new IllegalArgumentException("--rounds must be >= 2, --warmup-rounds >= 0, --idle-seconds >= 10");
            }
            if (n.get("--query-samples") < 1
                    || n.get("--query-warmup") < 0
                    || n.get("--pod-timeout") < 1
                    || n.get("--hpa-timeout") < 30) {
                throw new IllegalArgumentException(
                        "--query-samples must be >= 1, --query-warmup >= 0, --pod-timeout >= 1, --hpa-timeout >= 30");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0 to 65535");
            }
        } catch (NumberFormatException e) {
            System.err.println("not a whole number: " + e.getMessage());
            System.exit(2);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        if (port == 0) {
            port = freeLoopbackPort();
        }
        MonitoringBenchmark b =
                new MonitoringBenchmark(runtime, data, port, n, metricsApi, hpa, kubeconfig, kubectl, out);
        Runtime.getRuntime().addShutdownHook(new Thread(b::emergencyCleanup, "cleanup"));
        int rc = b.run();
        System.exit(rc);
    }

    // ---------------------------------------------------------------------------------------------------- the run

    /** What one window of the runtime's CPU measured: wall time, CPU, CPU per thread name, RSS at its end. */
    private record Window(
            double seconds, double cpuMs, Map<String, Long> threads, long rssKib, String heap, double clusterMs) {
        double msPerSecond() {
            return cpuMs / seconds;
        }

        double clusterMsPerSecond() {
            return clusterMs / seconds;
        }
    }

    /** A loop of direct fetches: wall times (sorted), this JVM's CPU and the kubelet's per fetch. */
    private record Fetches(
            long[] wall, long[] withParse, double ownCpuMs, double clusterMs, int bytes, double seconds) {}

    /**
     * Figure 1: the runtime quiet before and after, sampling between; the direct fetches. The rounds of the sampling
     * window are counted afterwards from the node's raw rows in the database (exact round starts), or estimated from
     * the rounds' spacing if that is not possible.
     */
    private record Cost(
            Window quiet1,
            Window sampling,
            Window quiet2,
            long windowStart,
            long windowEnd,
            long spacingMs,
            int plannedRounds,
            int podsSampled,
            Fetches summary,
            Fetches resource,
            long[] kubectlRaw) {
        double quietRate() {
            return (quiet1.msPerSecond() + quiet2.msPerSecond()) / 2;
        }
    }

    /** Figure 2: the API's answers and the SQL's, in nanoseconds, sorted. */
    private record Query(
            long[] api,
            long[] apiCpu,
            long[] sql,
            int steps,
            int nonNull,
            int bytes,
            int bytesCpu,
            int sqlRows,
            Map<Integer, Long> rows,
            long seedMillis,
            long dbBytes,
            long rssAfterKib) {}

    /** Figure 3, times in seconds from the load change (NaN: not reached). */
    private record Scale(
            double execSeconds,
            double sampleSeconds,
            String sampleCpu,
            double desiredSeconds,
            double readySeconds,
            boolean metricsServed,
            String foreignMetrics,
            String hpaSays) {}

    private int run() throws Exception {
        if (!Files.isExecutable(runtime.resolve("bin/cengjiyun"))) {
            throw new IllegalStateException(runtime + "/bin/cengjiyun is missing: not a Cengjiyun runtime directory");
        }
        if (!Files.isRegularFile(kubeconfig)) {
            throw new IllegalStateException("no kubeconfig of the local cluster at " + kubeconfig
                    + " (tools/kube-local/kube-local up; or --kubeconfig FILE)");
        }
        Files.createDirectories(kubectlCache);
        String load0 = loadAverage();
        apiServerSeen = apiServerProcess();
        kube = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build();
        String serverVersion = kube.getKubernetesVersion().getGitVersion();
        String kubectlVersion = kubectlClientVersion();
        List<Pod> allPods = kube.pods().inAnyNamespace().list().getItems();
        long podsHeld = allPods.stream()
                .filter(p -> p.getStatus() == null
                        || !("Succeeded".equals(p.getStatus().getPhase())
                                || "Failed".equals(p.getStatus().getPhase())))
                .count();
        List<Node> nodes = kube.nodes().list().getItems();
        nodeName = nodes.get(0).getMetadata().getName();
        long podSlots = nodes.stream()
                .mapToLong(nd -> Long.parseLong(
                        nd.getStatus().getAllocatable().get("pods").getAmount()))
                .sum();
        String machine =
                Runtime.getRuntime().availableProcessors() + " CPUs (nproc " + nproc() + ", " + cpuModel() + "), "
                        + memMb() + " MB RAM, " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version")
                        + "; Kubernetes " + serverVersion + " (tools/kube-local, " + nodes.size() + " node(s), "
                        + podSlots + " pod slots, " + podsHeld + " pods held at the start), kubectl "
                        + kubectlVersion;
        log("Machine: " + machine + "; load average " + load0 + "; " + memInfo());
        // Room for the burn server's 3 replicas and 5 slots for whatever else starts meanwhile (the itests).
        long free = podSlots - podsHeld - (hpa ? 3 : 0) - 5;
        running = (int) Math.min(runningWanted, Math.max(0, free));
        if (running < runningWanted) {
            String why = "the node had " + (podSlots - podsHeld) + " free pod slots (" + podSlots + " allocatable, "
                    + podsHeld + " pods held by others)" + (hpa ? ", 3 kept for the burn server" : "")
                    + " and 5 for others: " + running + " running pods instead of " + runningWanted;
            if (running < 10) {
                System.err.println("[bench] " + why + ". Too few: nothing was started.");
                kube.close();
                return 2;
            }
            notes.add(why);
            log(why);
        }
        if (!Files.isRegularFile(runtime.resolve("etc/" + CONFIG_PID + ".cfg"))) {
            throw new IllegalStateException("no etc/" + CONFIG_PID + ".cfg in " + runtime);
        }
        log("Runtime " + runtime + ", data " + data + ", port " + port + "; service " + service + ", namespace "
                + namespace + "; " + servers + " servers, " + running + " running; interval " + interval + " s, "
                + rounds + " rounds (" + warmupRounds + " warm-up), idle " + idleSeconds + " s; JAVA_OPTS='"
                + System.getenv().getOrDefault("JAVA_OPTS", "") + "'");

        Cost cost = null;
        Query query = null;
        Scale scale = null;
        String memLine = null;
        Throwable failure = null;
        try {
            writeConfig(START_INTERVAL, false);
            start();
            token = signIn();
            setUp();
            checkApiServer("the runtime's start and the setup");
            seed();
            awaitPods();
            checkApiServer("the seeding and the wait for the pods");
            cost = figureCost();
            checkApiServer("figure 1");
            if (hpa) {
                scale = figureScale();
                checkApiServer("figure 3");
            }
            query = figureQuery(cost);
            checkApiServer("figure 2");
            memLine = memInfo();
        } catch (Throwable t) {
            failure = t;
            System.err.println();
            System.err.println("[bench] FAILED: " + t);
            if (t instanceof Failure f) {
                problems.add(f.getMessage());
            } else {
                t.printStackTrace();
                problems.add("the run failed: " + t);
            }
        }
        checkApiServer(failure == null ? "the run" : "the run, before its failure");
        String cleanup = cleanUp();
        String load1 = loadAverage();
        report(machine, load0, load1, memLine, cost, query, scale, cleanup);
        kube.close();
        return failure == null && problems.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------------------------------------------ setup

    /** etc/io.cengjiyun.monitoring.cfg, replaced at once (FileInstall applies it: the sampler starts anew). */
    private void writeConfig(int seconds, boolean serveMetrics) throws IOException {
        String text = "# Written by benchmarks/monitoring (MonitoringBenchmark.java)\n"
                + "intervalSeconds=" + seconds + "\n"
                + "rawHours=6\nminuteDays=7\nhourDays=90\n"
                + "metricsApi=" + serveMetrics + "\n"
                // Any free port: another runtime on this machine (the tests') may hold the default 4443.
                + "metricsApiPort=0\nmetricsApiAddress=\n";
        Path target = runtime.resolve("etc/" + CONFIG_PID + ".cfg");
        Path tmp = runtime.resolveSibling("monitoring.cfg.next");
        Files.writeString(tmp, text);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void setUp() throws Exception {
        expect(post("/services", "{\"name\":\"" + service + "\"}"), 201);
        serviceMade = true;
        expect(
                post(
                        "/clusters",
                        "{\"name\":\"local\",\"kubeconfig\":" + JSON.writeValueAsString(Files.readString(kubeconfig))
                                + "}"),
                201);
        int quotaPods = running + 20;
        expect(
                put(
                        "/services/" + service + "/allotments",
                        "[{\"cluster\":\"local\",\"cpu\":\"8\",\"memory\":\"8Gi\",\"pods\":" + (quotaPods + 20)
                                + ",\"storage\":\"10Gi\"}]"),
                200);
        expect(
                post(
                        "/services/" + service + "/appmaps",
                        "{\"name\":\"" + APPMAP + "\",\"cluster\":\"local\",\"quota\":{\"cpu\":\"4\",\"memory\":"
                                + "\"4Gi\",\"pods\":" + quotaPods + ",\"storage\":\"1Gi\"}}"),
                201);
        log("Service " + service + ", cluster local allotted, appmap " + APPMAP + " (namespace " + namespace
                + ", quota cpu 4, memory 4Gi, pods " + quotaPods + ")");
    }

    private static String serverName(int i) {
        return String.format(Locale.ROOT, "srv-%03d", i);
    }

    private static String definition(String name, int replicas) {
        return "{\"name\":\"" + name + "\",\"kind\":\"Deployment\",\"replicas\":" + replicas
                + ",\"terminationGracePeriodSeconds\":1,\"containers\":[{\"name\":\"main\",\"image\":\"" + IMAGE
                + "\",\"imagePullPolicy\":\"Never\",\"command\":[\"sh\",\"-c\",\"" + POD_COMMAND + "\"],"
                + "\"resources\":{\"requests\":{\"cpu\":\"1m\",\"memory\":\"4Mi\"},"
                + "\"limits\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"}}}]}";
    }

    /** POSTs the servers from 4 clients: the first `running` with one replica, the others none. */
    private void seed() throws Exception {
        String path = appmapPath + "/servers";
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        parallel(4, k -> {
            for (int i = next.getAndIncrement(); i < servers; i = next.getAndIncrement()) {
                String name = serverName(i);
                HttpResponse<String> r = post(path, definition(name, i < running ? 1 : 0));
                if (r.statusCode() != 201) {
                    throw new Failure("POST " + base + path + " (server " + name + ") answered " + r.statusCode()
                            + ", not 201: " + r.body());
                }
            }
            return null;
        });
        expect(post(path, definition(PROBE, 0)), 201);
        log(String.format(
                Locale.ROOT, "Created %d servers in %.1f s (%d with a pod)", servers, secondsSince(t0), running));
    }

    private void awaitPods() throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(podTimeout);
        long lastLog = t0;
        while (true) {
            List<Pod> pods = kube.pods().inNamespace(namespace).list().getItems();
            int ready =
                    (int) pods.stream().filter(MonitoringBenchmark::readyPod).count();
            if (ready >= running) {
                log(String.format(
                        Locale.ROOT, "%d pods running and ready %.1f s after the seeding", ready, secondsSince(t0)));
                return;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                Map<String, Integer> why = new TreeMap<>();
                for (Pod p : pods) {
                    if (!readyPod(p)) {
                        why.merge(reason(p), 1, Integer::sum);
                    }
                }
                throw new Failure("only " + ready + " of " + running + " pods ran and were ready " + podTimeout
                        + " s after the seeding (" + pods.size() + " pods; not ready: " + why + ")");
            }
            if (now - lastLog > TimeUnit.SECONDS.toNanos(10)) {
                lastLog = now;
                log(String.format(
                        Locale.ROOT,
                        "%d/%d pods running and ready %.0f s after the seeding",
                        ready,
                        running,
                        secondsSince(t0)));
            }
            Thread.sleep(1000);
        }
    }

    private static boolean readyPod(Pod p) {
        return p.getMetadata().getDeletionTimestamp() == null
                && p.getStatus() != null
                && "Running".equals(p.getStatus().getPhase())
                && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String reason(Pod p) {
        if (p.getStatus() == null) {
            return "no status";
        }
        if (p.getStatus().getContainerStatuses() != null) {
            for (var c : p.getStatus().getContainerStatuses()) {
                if (c.getState() != null && c.getState().getWaiting() != null) {
                    return c.getState().getWaiting().getReason();
                }
            }
        }
        return String.valueOf(p.getStatus().getPhase());
    }

    // ------------------------------------------------------------------------------------- 1. the sampler's cost

    /**
     * The runtime quiet (the sampler's interval at its longest: one round when the configuration is applied, then
     * none for 299 s) for {@code --idle-seconds}; then sampling every {@code --interval} s for {@code --rounds} rounds
     * (after {@code --warmup-rounds}); then quiet again. Nothing calls the runtime during the three windows (a call
     * costs it a few milliseconds, as much as a round's own work): the sampling window starts when a round is seen and
     * lasts exactly {@code --rounds} times the rounds' spacing, so it holds that many rounds' work whatever part of
     * the first one it missed. The direct fetches are timed while the runtime is quiet.
     */
    private Cost figureCost() throws Exception {
        String probe = appmapPath + "/servers/" + PROBE + "/usage";
        // The kubelet reports a new container's CPU after its first stats: the quiet phase's one round sees them all.
        Thread.sleep(20_000);
        Window quiet1 = quiet(probe, "before");

        // The direct fetches, while the runtime is quiet: the summary the sampler reads, and the kubelet's
        // /metrics/resource (Prometheus text: CPU and memory only), which metrics-server reads since its 0.6.
        String base = "/api/v1/nodes/" + nodeName + "/proxy";
        int fetches = Math.max(rounds, 30);
        Fetches summary = fetches(base + "/stats/summary", fetches, true, quiet1);
        int pods = parsed;
        Fetches resource = fetches(base + "/metrics/resource", fetches, false, quiet1);
        kubectl("get", "--raw", base + "/stats/summary");
        long[] raw = new long[10];
        for (int i = 0; i < raw.length; i++) {
            long s = System.nanoTime();
            kubectl("get", "--raw", base + "/stats/summary");
            raw[i] = System.nanoTime() - s;
        }
        Arrays.sort(raw);
        log(String.format(
                Locale.ROOT,
                "Direct: the summary (%.1f KiB) with fabric8 p50 %s, with parsing %s, %.1f ms CPU here and %.1f ms"
                        + " of the kubelet's per fetch (n=%d); /metrics/resource (%.1f KiB) p50 %s, %.1f ms here,"
                        + " %.1f ms the kubelet's; kubectl get --raw of the summary p50 %s",
                summary.bytes() / 1024.0,
                msf(pct(summary.wall(), 50)),
                msf(pct(summary.withParse(), 50)),
                summary.ownCpuMs(),
                summary.clusterMs(),
                fetches,
                resource.bytes() / 1024.0,
                msf(pct(resource.wall(), 50)),
                resource.ownCpuMs(),
                resource.clusterMs(),
                msf(pct(raw, 50))));

        // Sampling: the warm-up rounds give the spacing (a round starts `interval` after the one before ended).
        long written = System.currentTimeMillis();
        writeConfig(interval, false);
        Instant at = awaitRound(probe, written, 60);
        log("Sampling every " + interval + " s: first round at " + at + "; " + warmupRounds + " warm-up rounds");
        List<Long> gaps = new ArrayList<>();
        for (int i = 0; i < Math.max(warmupRounds, 2); i++) {
            Instant next = nextRound(probe, at);
            gaps.add(Duration.between(at, next).toMillis());
            at = next;
        }
        gaps.sort(null);
        long spacing = gaps.get(gaps.size() / 2);
        at = nextRound(probe, at);
        long windowStart = System.currentTimeMillis();
        long c0 = cpuTicks(runningPid);
        Map<String, Long> th0 = threadTicks(runningPid);
        long k0 = clusterTicks();
        long w0 = System.nanoTime();
        Thread.sleep(spacing * rounds);
        long c1 = cpuTicks(runningPid);
        Map<String, Long> th1 = threadTicks(runningPid);
        long k1 = clusterTicks();
        double wall = secondsSince(w0);
        long windowEnd = System.currentTimeMillis();
        long rssSampling = rss("VmRSS");
        Window sampling =
                new Window(wall, ticksToMs(c1 - c0), delta(th0, th1), rssSampling, heap(), ticksToMs(k1 - k0));
        log(String.format(
                Locale.ROOT,
                "Sampling: %.1f ms of CPU in %.1f s (%d rounds planned, spacing %d ms); RSS %d MiB; heap %s",
                sampling.cpuMs(),
                wall,
                rounds,
                spacing,
                rssSampling >> 10,
                sampling.heap()));

        Window quiet2 = quiet(probe, "after");
        return new Cost(
                quiet1, sampling, quiet2, windowStart, windowEnd, spacing, rounds, pods, summary, resource, raw);
    }

    /** The sampler's interval set to 299 s: its one round, 20 s to settle, then a window of --idle-seconds. */
    private Window quiet(String probe, String when) throws Exception {
        long written = System.currentTimeMillis();
        writeConfig(QUIET_INTERVAL, false);
        Instant first = awaitRound(probe, written, 60);
        Thread.sleep(20_000);
        long c0 = cpuTicks(runningPid);
        Map<String, Long> th0 = threadTicks(runningPid);
        long k0 = clusterTicks();
        long t0 = System.nanoTime();
        Thread.sleep(idleSeconds * 1000L);
        long c1 = cpuTicks(runningPid);
        Map<String, Long> th1 = threadTicks(runningPid);
        long k1 = clusterTicks();
        double wall = secondsSince(t0);
        long rssQuiet = rss("VmRSS");
        Instant last = sampledAt(probe);
        if (last != null && !last.equals(first)) {
            problems.add("a sampling round ran during the quiet window " + when + " (" + last + ")");
        }
        Window w = new Window(wall, ticksToMs(c1 - c0), delta(th0, th1), rssQuiet, heap(), ticksToMs(k1 - k0));
        log(String.format(
                Locale.ROOT,
                "Quiet %s (intervalSeconds=%d, its round at %s): %.1f ms of CPU in %.1f s (%.2f ms/s); RSS %d MiB;"
                        + " heap %s",
                when,
                QUIET_INTERVAL,
                first,
                w.cpuMs(),
                wall,
                w.msPerSecond(),
                rssQuiet >> 10,
                w.heap()));
        return w;
    }

    /**
     * `n` fetches of a kubelet endpoint through the API server's node proxy with fabric8 (after 10 uncounted), each
     * parsed as JSON or split into lines; this JVM's CPU and the kubelet's above its quiet rate.
     */
    private Fetches fetches(String path, int n, boolean json, Window quiet) throws Exception {
        for (int i = 0; i < 10; i++) {
            parse(fetchSummary(path), json);
        }
        long[] wall = new long[n];
        long[] withParse = new long[n];
        long own0 = cpuTicks(ProcessHandle.current().pid());
        long k0 = clusterTicks();
        long t0 = System.nanoTime();
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            byte[] body = fetchSummary(path);
            long m = System.nanoTime();
            parse(body, json);
            withParse[i] = System.nanoTime() - s;
            wall[i] = m - s;
            bytes = body.length;
        }
        double seconds = secondsSince(t0);
        double own = ticksToMs(cpuTicks(ProcessHandle.current().pid()) - own0) / n;
        double cluster = (ticksToMs(clusterTicks() - k0) - quiet.clusterMsPerSecond() * seconds) / n;
        Arrays.sort(wall);
        Arrays.sort(withParse);
        return new Fetches(wall, withParse, own, cluster, bytes, seconds);
    }

    /** Keeps the JIT from dropping the parsing of the direct fetches. */
    private static volatile int parsed;

    private static void parse(byte[] body, boolean json) throws IOException {
        parsed = json
                ? JSON.readTree(body).path("pods").size()
                : (int) new String(body, StandardCharsets.UTF_8).lines().count();
    }

    /**
     * User + system CPU of the local cluster's kubelet so far, in clock ticks. Not the API server's, which proxies
     * each fetch too: the integration tests that may run beside keep it too busy for a difference to mean anything.
     */
    private static long clusterTicks() throws IOException {
        String p = process("/kubelet");
        return p.startsWith("pid ") ? cpuTicks(Long.parseLong(p.split(" ")[1])) : 0;
    }

    /** One fetch as the sampler makes it; 30 s at most (the sampler itself gives a node 10 s by default). */
    private byte[] fetchSummary(String path) throws Exception {
        var client = kube.getHttpClient();
        var request = client.newHttpRequestBuilder()
                .uri(kube.getMasterUrl().toString().replaceAll("/+$", "") + path)
                .timeout(30, TimeUnit.SECONDS)
                .build();
        io.fabric8.kubernetes.client.http.HttpResponse<byte[]> answer;
        try {
            answer = client.sendAsync(request, byte[].class).get(35, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new Failure("GET " + path + " did not answer within 30 s (load average " + loadAverage()
                    + "): the kubelet is too busy for the direct baseline; try again with --wait-load");
        }
        if (answer.code() != 200) {
            throw new Failure("GET " + path + " answered " + answer.code());
        }
        return answer.body();
    }

    /** Waits for the first round that started after `after` (epoch ms), as the server's usage shows it. */
    private Instant awaitRound(String probe, long after, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Instant at = sampledAt(probe);
            if (at != null && at.toEpochMilli() > after) {
                return at;
            }
            Thread.sleep(500);
        }
        throw new Failure("no sampling round within " + seconds + " s of writing etc/" + CONFIG_PID
                + ".cfg: was the configuration applied? (see the runtime's log)");
    }

    private Instant nextRound(String probe, Instant after) throws Exception {
        return awaitRound(probe, after.toEpochMilli(), interval * 3 + 30);
    }

    /** The newest round's time as the server's usage gives it; null before one (or while the resources restart). */
    private Instant sampledAt(String probe) {
        HttpResponse<String> r = get(probe);
        if (r.statusCode() != 200) {
            return null;
        }
        try {
            String s = JSON.readTree(r.body()).path("sampledAt").asText(null);
            return s == null ? null : Instant.parse(s);
        } catch (IOException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------- 3. the HPA's scale-up

    private Scale figureScale() throws Exception {
        String probe = appmapPath + "/servers/" + BURN + "/usage";
        String rounds = appmapPath + "/servers/" + PROBE + "/usage";
        boolean served = false;
        String hpaSays;
        if (metricsApi) {
            if (apiService() != null) {
                notes.add("--metrics-api: the cluster already had an APIService v1beta1.metrics.k8s.io (" + apiService()
                        + "): another runtime serves it; this run did not turn it on");
            } else {
                writeConfig(DEFAULT_INTERVAL, true);
                served = awaitApiService(90);
                if (!served) {
                    notes.add("--metrics-api: no Available APIService v1beta1.metrics.k8s.io 90 s after metricsApi=true"
                            + " (this runtime's monitoring bundle does not serve it yet)");
                }
            }
        }
        if (!served) {
            writeConfig(DEFAULT_INTERVAL, false);
        }
        // Another runtime may serve the metrics API meanwhile (the metrics-api branch's tests): the HPA then acts on
        // its samples, not this runtime's; said so in the report.
        String foreign = served ? null : apiService();
        if (foreign != null) {
            notes.add("an APIService v1beta1.metrics.k8s.io of another runtime was on the cluster during figure 3 ("
                    + foreign + "): the HPA acted on that runtime's samples, not this one's");
        }
        String def = "{\"name\":\"" + BURN + "\",\"kind\":\"Deployment\",\"replicas\":1,"
                + "\"terminationGracePeriodSeconds\":1,"
                + "\"autoscaling\":{\"minReplicas\":1,\"maxReplicas\":3,\"cpuUtilization\":50},"
                + "\"containers\":[{\"name\":\"main\",\"image\":\"" + IMAGE + "\",\"imagePullPolicy\":\"Never\","
                + "\"command\":[\"sh\",\"-c\"," + JSON.writeValueAsString(BURN_COMMAND) + "],"
                + "\"resources\":{\"requests\":{\"cpu\":\"50m\",\"memory\":\"16Mi\"},"
                + "\"limits\":{\"cpu\":\"200m\",\"memory\":\"32Mi\"}}}]}";
        expect(post(appmapPath + "/servers", def), 201);
        // One ready pod, ready for 30 s (the HPA's initial readiness delay), and sampled idle at least twice.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(podTimeout);
        Pod pod;
        while (true) {
            List<Pod> pods = burnPods();
            pod = pods.stream()
                    .filter(MonitoringBenchmark::readyPod)
                    .findFirst()
                    .orElse(null);
            if (pod != null) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new Failure("the burn server's pod was not ready within " + podTimeout + " s");
            }
            Thread.sleep(500);
        }
        Instant at = awaitRound(rounds, System.currentTimeMillis(), DEFAULT_INTERVAL * 3 + 30);
        Thread.sleep(30_000);
        at = awaitRound(rounds, at.toEpochMilli(), DEFAULT_INTERVAL * 3 + 30);
        // -1: its usage did not answer (before 0d9ad7a, until a round had the new container's CPU).
        double idleCpu = cpuOf(probe);
        for (int i = 0; i < 3 && idleCpu < 0; i++) {
            at = awaitRound(rounds, at.toEpochMilli(), DEFAULT_INTERVAL * 3 + 30);
            idleCpu = cpuOf(probe);
        }
        String podName = pod.getMetadata().getName();
        log("Burn server ready (pod " + podName + "), its CPU " + idleCpu + " cores in the round at " + at + "; HPA "
                + hpaLine());

        long t0 = System.nanoTime();
        kubectl("exec", "-n", namespace, podName, "-c", "main", "--", "touch", "/tmp/burn");
        long loaded = System.nanoTime();
        double exec = (loaded - t0) / 1e9;
        double sampleS = Double.NaN, desiredS = Double.NaN, readyS = Double.NaN;
        String sampleCpu = "";
        long end = loaded + TimeUnit.SECONDS.toNanos(hpaTimeout);
        while (System.nanoTime() < end && (Double.isNaN(sampleS) || Double.isNaN(readyS))) {
            double now = (System.nanoTime() - loaded) / 1e9;
            if (Double.isNaN(sampleS)) {
                double cpu = cpuOf(probe);
                if (cpu > 0.025) {
                    sampleS = now;
                    sampleCpu = String.format(Locale.ROOT, "%.0fm (idle %.1fm)", cpu * 1000, idleCpu * 1000);
                    log(String.format(
                            Locale.ROOT, "The platform's sample shows the load after %.1f s: %s", now, sampleCpu));
                }
            }
            HorizontalPodAutoscaler h = hpaObject();
            if (Double.isNaN(desiredS)
                    && h != null
                    && h.getStatus() != null
                    && h.getStatus().getDesiredReplicas() != null
                    && h.getStatus().getDesiredReplicas() > 1) {
                desiredS = now;
                log(String.format(
                        Locale.ROOT,
                        "The HPA wants %d replicas after %.1f s",
                        h.getStatus().getDesiredReplicas(),
                        now));
            }
            Deployment d = kube.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName(BURN)
                    .get();
            if (Double.isNaN(readyS)
                    && d != null
                    && d.getStatus() != null
                    && d.getStatus().getReadyReplicas() != null
                    && d.getStatus().getReadyReplicas() >= 3) {
                readyS = now;
                log(String.format(Locale.ROOT, "3 replicas ready after %.1f s", now));
            }
            if (!served
                    && foreign == null
                    && !Double.isNaN(sampleS)
                    && now > 2 * (HPA_SYNC_SECONDS + DEFAULT_INTERVAL)) {
                break; // without a metrics API the HPA cannot act: no need to wait longer
            }
            Thread.sleep(250);
        }
        hpaSays = hpaLine();
        log("HPA at the end: " + hpaSays);
        for (Pod p : burnPods()) {
            try {
                kubectl(
                        "exec",
                        "-n",
                        namespace,
                        p.getMetadata().getName(),
                        "-c",
                        "main",
                        "--",
                        "rm",
                        "-f",
                        "/tmp/burn");
            } catch (Failure gone) {
                // a pod that went meanwhile
            }
        }
        if (served) {
            writeConfig(DEFAULT_INTERVAL, false);
        }
        return new Scale(exec, sampleS, sampleCpu, desiredS, readyS, served, foreign, hpaSays);
    }

    private List<Pod> burnPods() {
        return kube.pods()
                .inNamespace(namespace)
                .withLabel(SERVER_LABEL, BURN)
                .list()
                .getItems();
    }

    /** The server's CPU in the newest round; -1 when its usage does not answer. */
    private double cpuOf(String probe) {
        HttpResponse<String> r = get(probe);
        if (r.statusCode() != 200) {
            return -1;
        }
        try {
            return JSON.readTree(r.body()).path("total").path("cpu").asDouble(0);
        } catch (IOException e) {
            return -1;
        }
    }

    private HorizontalPodAutoscaler hpaObject() {
        List<HorizontalPodAutoscaler> list = kube.autoscaling()
                .v2beta2()
                .horizontalPodAutoscalers()
                .inNamespace(namespace)
                .list()
                .getItems();
        return list.isEmpty() ? null : list.get(0);
    }

    /** The HPA's replicas and its conditions' messages (why it does not scale). */
    private String hpaLine() {
        HorizontalPodAutoscaler h = hpaObject();
        if (h == null) {
            return "none";
        }
        StringBuilder s = new StringBuilder(h.getMetadata().getName());
        if (h.getStatus() != null) {
            s.append(": current ")
                    .append(h.getStatus().getCurrentReplicas())
                    .append(", desired ")
                    .append(h.getStatus().getDesiredReplicas());
            if (h.getStatus().getConditions() != null) {
                h.getStatus()
                        .getConditions()
                        .forEach(c -> s.append("; ")
                                .append(c.getType())
                                .append(' ')
                                .append(c.getStatus())
                                .append(' ')
                                .append(c.getReason())
                                .append(": ")
                                .append(c.getMessage()));
            }
        }
        return oneLine(s.toString());
    }

    /** The APIService v1beta1.metrics.k8s.io (its service and conditions), or null when there is none. */
    private String apiService() {
        JsonNode j = apiServiceObject();
        return j == null
                ? null
                : j.path("spec").path("service").toString() + " "
                        + j.path("status").path("conditions").toString();
    }

    private JsonNode apiServiceObject() {
        try {
            byte[] b = kubectl("get", "apiservice", "v1beta1.metrics.k8s.io", "-o", "json", "--ignore-not-found");
            String s = new String(b, StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? null : JSON.readTree(s);
        } catch (Exception e) {
            return null;
        }
    }

    /** Waits until the APIService is there with its condition Available True (the aggregator reaches it). */
    private boolean awaitApiService(int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            JsonNode j = apiServiceObject();
            if (j != null) {
                for (JsonNode c : j.path("status").path("conditions")) {
                    if ("Available".equals(c.path("type").asText())
                            && "True".equals(c.path("status").asText())) {
                        return true;
                    }
                }
            }
            Thread.sleep(1000);
        }
        return false;
    }

    // ------------------------------------------------------------------------------ 2. a 24-hour query of a server

    /**
     * Stops the runtime, seeds its Derby database (embedded in this JVM) with 24 h of history for every server, the
     * appmap, the service and the node, times the SQL baseline on it, starts the runtime again and times the API.
     */
    private Query figureQuery(Cost cost) throws Exception {
        stop();
        // The queries are timed while the sampler runs at its default interval, as it would in use.
        writeConfig(DEFAULT_INTERVAL, false);
        log("Runtime stopped: seeding its database " + data.resolve("db"));
        System.setProperty(
                "derby.stream.error.file",
                data.resolveSibling(data.getFileName() + "-bench-derby.log").toString());
        String url = "jdbc:derby:" + data.resolve("db");
        Driver driver = new org.apache.derby.jdbc.EmbeddedDriver();
        long[] sql;
        Map<Integer, Long> rows;
        long seedMillis;
        long minuteEnd;
        int sqlRows;
        Random random = new Random(17);
        try (Connection c = driver.connect(url, new Properties())) {
            if (cost != null) {
                // Not after the window: the quiet phase's round came a few seconds after it.
                windowRoundStarts = roundStarts(c, cost.windowStart() - 2 * cost.spacingMs(), cost.windowEnd());
                log("Figure 1's window: " + sampledRounds(cost) + " rounds started in it (" + rounds + " planned)");
            }
            long t0 = System.nanoTime();
            minuteEnd = seedHistory(c);
            seedMillis = (System.nanoTime() - t0) / 1_000_000;
            rows = counts(c);
            log("Seeded in " + seedMillis + " ms; rows per resolution (0 raw, 1 minute, 2 hour): " + rows);
            c.setAutoCommit(true);
            long from = System.currentTimeMillis() - TimeUnit.HOURS.toMillis(SEED_HOURS);
            String select = "SELECT scope, target, sampled_at, samples, " + VALUE_COLUMNS + " FROM metric_points"
                    + " WHERE scope = ? AND target = ? AND resolution = ? AND sampled_at >= ? AND sampled_at < ?"
                    + " ORDER BY sampled_at";
            int[] n = new int[1];
            Sql one = () -> {
                try (PreparedStatement s = c.prepareStatement(select)) {
                    s.setString(1, "server");
                    s.setString(2, service + "/" + APPMAP + "/" + serverName(random.nextInt(servers)));
                    s.setInt(3, 1);
                    s.setLong(4, from);
                    s.setLong(5, minuteEnd);
                    n[0] = readAll(s);
                }
            };
            for (int i = 0; i < queryWarmup; i++) {
                one.run();
            }
            sql = new long[querySamples];
            for (int i = 0; i < querySamples; i++) {
                long s = System.nanoTime();
                one.run();
                sql[i] = System.nanoTime() - s;
            }
            sqlRows = n[0];
            Arrays.sort(sql);
        } finally {
            try {
                driver.connect(url + ";shutdown=true", new Properties());
            } catch (SQLException expected) {
                // 08006: shut down
            }
        }
        long dbBytes = size(data.resolve("db"));
        log(String.format(
                Locale.ROOT,
                "SQL: %d minute rows of one server, p50 %s p95 %s p99 %s; the database is %.0f MiB",
                sqlRows,
                msf(pct(sql, 50)),
                msf(pct(sql, 95)),
                msf(pct(sql, 99)),
                dbBytes / 1048576.0));

        start();
        token = signIn();
        awaitRound(appmapPath + "/servers/" + PROBE + "/usage", 0, 90);
        String q = "/metrics?from=-24h&step=1m";
        HttpResponse<String> first = expect(get(appmapPath + "/servers/" + serverName(0) + q), 200);
        JsonNode view = JSON.readTree(first.body());
        int steps = view.path("times").size();
        int nonNull = 0;
        for (JsonNode v : view.path("series").path("cpu").path("avg")) {
            if (!v.isNull()) {
                nonNull++;
            }
        }
        if (!"minute".equals(view.path("resolution").asText()) || steps < 1440 || nonNull < 1400) {
            throw new Failure("GET " + q + " answered resolution " + view.path("resolution") + ", " + steps + " steps, "
                    + nonNull + " with a CPU value: not the seeded 24 h of minutes");
        }
        int bytesCpu = expect(get(appmapPath + "/servers/" + serverName(0) + q + "&series=cpu"), 200)
                .body()
                .length();
        for (int i = 0; i < queryWarmup; i++) {
            expect(get(appmapPath + "/servers/" + serverName(random.nextInt(servers)) + q), 200);
        }
        long[] api = new long[querySamples];
        long[] apiCpu = new long[querySamples];
        for (int i = 0; i < querySamples; i++) {
            String p = appmapPath + "/servers/" + serverName(random.nextInt(servers)) + q;
            long s = System.nanoTime();
            expect(get(p), 200);
            api[i] = System.nanoTime() - s;
            s = System.nanoTime();
            expect(get(p + "&series=cpu"), 200);
            apiCpu[i] = System.nanoTime() - s;
        }
        Arrays.sort(api);
        Arrays.sort(apiCpu);
        long rssAfter = rss("VmRSS");
        log(String.format(
                Locale.ROOT,
                "API: GET .../metrics?from=-24h&step=1m (%d steps, %.1f KiB) p50 %s p95 %s p99 %s; series=cpu only"
                        + " (%.1f KiB) p50 %s; RSS %d MiB",
                steps,
                first.body().length() / 1024.0,
                msf(pct(api, 50)),
                msf(pct(api, 95)),
                msf(pct(api, 99)),
                bytesCpu / 1024.0,
                msf(pct(apiCpu, 50)),
                rssAfter >> 10));
        return new Query(
                api,
                apiCpu,
                sql,
                steps,
                nonNull,
                first.body().length(),
                bytesCpu,
                sqlRows,
                rows,
                seedMillis,
                dbBytes,
                rssAfter);
    }

    @FunctionalInterface
    private interface Sql {
        void run() throws SQLException;
    }

    /**
     * Rows older than everything the runtime wrote: minute rows for 24 h and hour rows for the whole hours among them
     * (both marked rolled up, as the sampler would have left them), raw rows every 15 s for the 6 h before the oldest
     * raw row. Returns the end of the minute rows.
     */
    private long seedHistory(Connection c) throws SQLException {
        c.setAutoCommit(false);
        long oldestRaw = scalar(c, "SELECT MIN(sampled_at) FROM metric_points WHERE resolution = 0");
        long now = System.currentTimeMillis();
        long rawEnd = oldestRaw > 0 ? oldestRaw : now;
        long minuteEnd = Math.floorDiv(rawEnd, 60_000L) * 60_000L;
        long minuteStart = minuteEnd - TimeUnit.HOURS.toMillis(SEED_HOURS);
        long hourEnd = Math.floorDiv(minuteEnd, 3_600_000L) * 3_600_000L;
        long hourStart = Math.floorDiv(minuteStart, 3_600_000L) * 3_600_000L + 3_600_000L;
        Long doneMinute = doneUntil(c, 1);
        Long doneHour = doneUntil(c, 2);
        // The sampler rolls an hour up once it is over, from the minutes it has: when the run crossed an hour, that
        // hour's row is there already (from the run's own minutes) and the seeded hours stop before it.
        List<String[]> targets = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            targets.add(new String[] {"server", service + "/" + APPMAP + "/" + serverName(i)});
        }
        targets.add(new String[] {"appmap", service + "/" + APPMAP});
        targets.add(new String[] {"service", service});
        targets.add(new String[] {"node", "local/" + nodeName});
        Random random = new Random(42);
        int written = 0;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO metric_points (resolution, scope, target,"
                + " sampled_at, samples, " + VALUE_COLUMNS + ") VALUES (?, ?, ?, ?, ?" + ", ?".repeat(VALUES) + ")")) {
            for (String[] t : targets) {
                double scale = t[0].equals("server") ? 1 : t[0].equals("node") ? 0 : servers;
                double cpuBase = 0.0005 + random.nextDouble() * 0.01;
                double memBase = (1 + random.nextDouble() * 40) * 1048576;
                for (long at = minuteStart; at < minuteEnd; at += 60_000) {
                    written += row(p, 1, t, at, 4, scale, cpuBase, memBase, random);
                }
                for (long at = hourStart; at < hourEnd; at += 3_600_000) {
                    written += row(p, 2, t, at, 240, scale, cpuBase, memBase, random);
                }
                for (long at = rawEnd - RAW_STEP_MS;
                        at >= rawEnd - TimeUnit.HOURS.toMillis(SEED_RAW_HOURS);
                        at -= RAW_STEP_MS) {
                    written += row(p, 0, t, at, 1, scale, cpuBase, memBase, random);
                }
                p.executeBatch();
                c.commit();
            }
        }
        if (doneMinute == null) {
            setDoneUntil(c, 1, minuteEnd, true);
        }
        if (doneHour == null) {
            setDoneUntil(c, 2, hourEnd, true);
        } else if (doneHour < hourEnd) {
            setDoneUntil(c, 2, hourEnd, false);
        } // else: rolled up beyond the seeded hours already (see above)
        c.commit();
        log(String.format(
                Locale.ROOT,
                "Wrote %d rows for %d targets: minutes %s to %s, hours to %s, raw every 15 s for %d h before %s"
                        + " (rolled up: minutes to %s, hours to %s)",
                written,
                targets.size(),
                Instant.ofEpochMilli(minuteStart),
                Instant.ofEpochMilli(minuteEnd),
                Instant.ofEpochMilli(hourEnd),
                SEED_RAW_HOURS,
                Instant.ofEpochMilli(rawEnd),
                doneMinute == null ? Instant.ofEpochMilli(minuteEnd) : Instant.ofEpochMilli(doneMinute),
                Instant.ofEpochMilli(doneHour != null && doneHour > hourEnd ? doneHour : hourEnd)));
        return minuteEnd;
    }

    /**
     * One row with plausible values: a server's busybox CPU and memory with a daily wave and noise; the appmap and the
     * service about `scale` servers' worth; the node its own (with capacities).
     */
    private int row(
            PreparedStatement p,
            int resolution,
            String[] t,
            long at,
            int samples,
            double scale,
            double cpuBase,
            double memBase,
            Random random)
            throws SQLException {
        double wave = 1 + 0.3 * Math.sin(at / 86_400_000.0 * 2 * Math.PI);
        boolean node = t[0].equals("node");
        double k = node ? 1 : scale;
        double cpu =
                node ? 0.4 * wave + random.nextDouble() * 0.1 : k * cpuBase * wave * (0.8 + 0.4 * random.nextDouble());
        double mem = node ? 3.2e9 * wave : k * memBase * (0.95 + 0.1 * random.nextDouble());
        double rx = (node ? 20_000 : k * 150) * (0.5 + random.nextDouble());
        double tx = (node ? 20_000 : k * 120) * (0.5 + random.nextDouble());
        double eph = node ? 40e9 : k * 24_576;
        double pods = node ? servers + 10 : k;
        Double[] v = {
            cpu,
            cpu * (1 + random.nextDouble() * (samples > 1 ? 0.5 : 0)),
            mem,
            mem * (samples > 1 ? 1.02 : 1),
            0.0,
            0.0,
            rx,
            rx * (samples > 1 ? 1.5 : 1),
            tx,
            tx * (samples > 1 ? 1.5 : 1),
            eph,
            eph,
            pods,
            pods,
            node ? 2.0 : null,
            node ? 2.0 : null,
            node ? 24e9 : null,
            node ? 24e9 : null
        };
        int i = 1;
        p.setInt(i++, resolution);
        p.setString(i++, t[0]);
        p.setString(i++, t[1]);
        p.setLong(i++, at);
        p.setInt(i++, samples);
        for (Double d : v) {
            if (d == null) {
                p.setNull(i++, java.sql.Types.DOUBLE);
            } else {
                p.setDouble(i++, d);
            }
        }
        p.addBatch();
        return 1;
    }

    /** The times of the node's raw rows in [from, to]: the starts of the sampler's rounds. */
    private long[] roundStarts(Connection c, long from, long to) throws SQLException {
        List<Long> at = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT sampled_at FROM metric_points WHERE resolution = 0"
                + " AND scope = 'node' AND target = ? AND sampled_at >= ? AND sampled_at <= ? ORDER BY sampled_at")) {
            p.setString(1, "local/" + nodeName);
            p.setLong(2, from);
            p.setLong(3, to);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    at.add(r.getLong(1));
                }
            }
        }
        return at.stream().mapToLong(Long::longValue).toArray();
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql);
                ResultSet r = p.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static Long doneUntil(Connection c, int resolution) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT done_until FROM metric_rollups WHERE resolution = ?")) {
            p.setInt(1, resolution);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : null;
            }
        }
    }

    private static void setDoneUntil(Connection c, int resolution, long until, boolean insert) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                insert
                        ? "INSERT INTO metric_rollups (done_until, resolution) VALUES (?, ?)"
                        : "UPDATE metric_rollups SET done_until = ? WHERE resolution = ?")) {
            p.setLong(1, until);
            p.setInt(2, resolution);
            p.executeUpdate();
        }
    }

    private static Map<Integer, Long> counts(Connection c) throws SQLException {
        Map<Integer, Long> counts = new TreeMap<>();
        try (PreparedStatement p =
                        c.prepareStatement("SELECT resolution, COUNT(*) FROM metric_points GROUP BY resolution");
                ResultSet r = p.executeQuery()) {
            while (r.next()) {
                counts.put(r.getInt(1), r.getLong(2));
            }
        }
        return counts;
    }

    /** Keeps the JIT from dropping the reads of the SQL baseline. */
    private static volatile double sink;

    /** Reads every column of every row, as HistoryRows does; returns the rows. */
    private static int readAll(PreparedStatement s) throws SQLException {
        int n = 0;
        double sum = 0;
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                sum += r.getString(1).length() + r.getString(2).length() + r.getLong(3) + r.getInt(4);
                for (int i = 5; i < 5 + VALUES; i++) {
                    double v = r.getDouble(i);
                    if (!r.wasNull()) {
                        sum += v;
                    }
                }
                n++;
            }
        }
        sink = sum;
        return n;
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        }
    }

    // ------------------------------------------------------------------------------------------- /proc readings

    /** User + system CPU of a process so far, in clock ticks (/proc/PID/stat; its dead threads included). */
    private static long cpuTicks(long pid) throws IOException {
        return ticks(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** User + system CPU per thread name (digits dropped, so a pool's threads add up), in clock ticks. */
    private static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> byName = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[0-9]+", "#");
                    byName.merge(name, ticks(stat), Long::sum);
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        }
        return byName;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new HashMap<>();
        after.forEach((k, v) -> {
            long x = v - before.getOrDefault(k, 0L);
            if (x > 0) {
                d.put(k, x);
            }
        });
        return d;
    }

    private double ticksToMs(long ticks) {
        return ticks * 1000.0 / clockTicks;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return Long.parseLong(s);
        } catch (Exception e) {
            return 100;
        }
    }

    /** A field of the runtime's /proc/PID/status, in KiB. */
    private long rss(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + runningPid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + runningPid + "/status");
    }

    /** The runtime's heap (jcmd GC.heap_info's first lines), if jcmd answers; informative only. */
    private String heap() {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(runningPid), "GC.heap_info")
                    .redirectErrorStream(true)
                    .start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "? (jcmd failed)";
            }
            List<String> parts = new ArrayList<>();
            for (String line : s.split("\n")) {
                String l = line.trim();
                if (l.startsWith("def new generation")
                        || l.startsWith("tenured generation")
                        || l.startsWith("Metaspace")) {
                    parts.add(oneLine(l.replaceAll(",? *\\[0x.*", "")));
                }
            }
            return parts.isEmpty() ? "?" : String.join("; ", parts);
        } catch (Exception e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    // ----------------------------------------------------------------------------------------------- start / stop

    private void start() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        runtime.resolve("bin/cengjiyun").toString(), "--daemon")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launchLog.toFile()));
        builder.environment().put("CENGJIYUN_HTTP_PORT", Integer.toString(port));
        builder.environment().put("CENGJIYUN_DATA", data.toString());
        builder.environment().put("CENGJIYUN_ADMIN_PASSWORD", ADMIN_PASSWORD);
        HttpRequest services = HttpRequest.newBuilder(URI.create(base + "/services"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long t0 = System.nanoTime();
        Process script = builder.start();
        Path logFile = data.resolve("log/cengjiyun.log");
        while (true) {
            try {
                // 401 without a token: the security filter and the resources answer.
                if (http.send(services, HttpResponse.BodyHandlers.discarding()).statusCode() == 401) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!script.isAlive() && script.exitValue() != 0) {
                throw new IllegalStateException("bin/cengjiyun --daemon failed (exit " + script.exitValue() + "); see "
                        + launchLog + " and " + logFile);
            }
            if (System.nanoTime() - t0 > START_TIMEOUT_NANOS) {
                throw new IllegalStateException("the runtime did not answer within 240 s; see " + logFile);
            }
            Thread.sleep(20);
        }
        if (!script.waitFor(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("bin/cengjiyun --daemon did not return");
        }
        runningPid =
                Long.parseLong(Files.readString(data.resolve("cengjiyun.pid")).trim());
        log(String.format(
                Locale.ROOT,
                "Runtime started (pid %d), API answering after %.1f s; RSS %d MiB",
                runningPid,
                secondsSince(t0),
                rss("VmRSS") >> 10));
    }

    private synchronized void stop() throws Exception {
        if (runningPid == null) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(
                        runtime.resolve("bin/cengjiyun").toString(), "stop")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launchLog.toFile()));
        builder.environment().put("CENGJIYUN_DATA", data.toString());
        Process p = builder.start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("bin/cengjiyun stop failed");
        }
        runningPid = null;
    }

    // ---------------------------------------------------------------------------------------------------- cleanup

    /** DELETE the service with cascade (its appmap's namespace goes), then whatever is left of it; waits; stops. */
    private String cleanUp() {
        StringBuilder said = new StringBuilder();
        long t0 = System.nanoTime();
        try {
            if (runningPid == null && serviceMade) {
                start(); // stopped for figure 2 and not started again (a failure): the cleanup goes through the API
                token = signIn();
            }
            if (token != null && serviceMade) {
                HttpResponse<String> r = send(
                        HttpRequest.newBuilder(URI.create(base + "/services/" + service + "?cascade=true"))
                                .DELETE(),
                        600);
                said.append(String.format(
                        Locale.ROOT,
                        "DELETE /services/%s?cascade=true answered %d after %.1f s",
                        service,
                        r.statusCode(),
                        secondsSince(t0)));
                if (r.statusCode() != 204) {
                    problems.add("DELETE " + base + "/services/" + service + "?cascade=true answered " + r.statusCode()
                            + ": " + r.body());
                }
            }
        } catch (Exception e) {
            problems.add("cleanup through the API failed: " + e);
        }
        try {
            for (Namespace ns : kube.namespaces()
                    .withLabel("cengjiyun.io/service", service)
                    .list()
                    .getItems()) {
                if (ns.getMetadata().getDeletionTimestamp() == null) {
                    kube.namespaces().withName(ns.getMetadata().getName()).delete();
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            List<Namespace> left = List.of();
            while (System.nanoTime() < deadline) {
                left = kube.namespaces()
                        .withLabel("cengjiyun.io/service", service)
                        .list()
                        .getItems();
                if (left.isEmpty()) {
                    break;
                }
                Thread.sleep(500);
            }
            said.append(said.length() > 0 ? "; " : "")
                    .append(
                            left.isEmpty()
                                    ? String.format(
                                            Locale.ROOT,
                                            "namespace %s gone %.0f s after the cleanup began",
                                            namespace,
                                            secondsSince(t0))
                                    : "namespaces still terminating after 300 s: "
                                            + left.stream()
                                                    .map(n -> n.getMetadata().getName())
                                                    .toList());
        } catch (Exception e) {
            problems.add("deleting the namespaces of " + service + " failed: " + e);
        }
        try {
            stop();
        } catch (Exception e) {
            problems.add("stopping the runtime failed: " + e);
        }
        String left = apiService();
        if (metricsApi && left != null) {
            problems.add("an APIService v1beta1.metrics.k8s.io is still on the cluster after the run: " + left
                    + " (if it points at this run's runtime, delete it: kubectl delete apiservice"
                    + " v1beta1.metrics.k8s.io)");
        }
        cleanedUp = true;
        log("Cleanup: " + said);
        return said.toString();
    }

    /** Ctrl-C or a kill: delete what the run made on the cluster, stop the runtime. */
    private void emergencyCleanup() {
        if (cleanedUp) {
            return;
        }
        try {
            if (kube != null) {
                for (Namespace ns : kube.namespaces()
                        .withLabel("cengjiyun.io/service", service)
                        .list()
                        .getItems()) {
                    kube.namespaces().withName(ns.getMetadata().getName()).delete();
                }
            }
        } catch (Exception e) {
            // best effort
        }
        try {
            stop();
        } catch (Exception e) {
            // run.sh tries again
        }
    }

    // ------------------------------------------------------------------------------------------------- the report

    private void report(
            String machine, String load0, String load1, String memLine, Cost c, Query q, Scale s, String cleanup)
            throws IOException {
        StringBuilder t = new StringBuilder();
        t.append("Run ")
                .append(ZonedDateTime.now().withNano(0))
                .append(" (service ")
                .append(service)
                .append(", namespace ")
                .append(namespace)
                .append(")\n");
        t.append("Machine: ").append(machine).append('\n');
        t.append("Load average before ")
                .append(load0)
                .append(", after ")
                .append(load1)
                .append("; ")
                .append(memLine == null ? memInfo() : memLine)
                .append("; runtime JAVA_OPTS '")
                .append(System.getenv().getOrDefault("JAVA_OPTS", ""))
                .append("'\n\n");
        t.append("| figure | platform | direct baseline | ratio | goal | met? |\n");
        t.append("|---|---|---|---|---|---|\n");
        if (c != null) {
            int n = sampledRounds(c);
            Window w = c.sampling();
            double perRound = (w.cpuMs() - c.quietRate() * w.seconds()) / n;
            double withBefore = (w.cpuMs() - c.quiet1().msPerSecond() * w.seconds()) / n;
            double withAfter = (w.cpuMs() - c.quiet2().msPerSecond() * w.seconds()) / n;
            double sampler = aboveQuiet(c, "cengjiyun-monit", n);
            double httpThreads = aboveQuiet(c, "JdkHttpClient", n) + aboveQuiet(c, "HttpClient-", n);
            double gc = aboveQuiet(c, "VM Thread", n);
            double byThread = sampler + httpThreads + gc;
            double clusterQuiet = (c.quiet1().clusterMsPerSecond() + c.quiet2().clusterMsPerSecond()) / 2;
            double clusterPerRound = (w.clusterMs() - clusterQuiet * w.seconds()) / n;
            long[] durations = roundDurations(c);
            Fetches f = c.summary();
            row(
                    t,
                    "1. CPU per sampling round, " + c.podsSampled() + " pods on 1 node: the runtime's user+sys over "
                            + n + " rounds every " + interval + " s less its quiet rate (with the rate before / after"
                            + " alone)",
                    String.format(Locale.ROOT, "%.1f ms (%.1f / %.1f)", perRound, withBefore, withAfter),
                    String.format(
                            Locale.ROOT,
                            "%.1f ms: fetch + Jackson parse of the same summary with fabric8, this JVM's user+sys per"
                                    + " fetch",
                            f.ownCpuMs()),
                    String.format(Locale.ROOT, "%.1fx", perRound / f.ownCpuMs()),
                    "",
                    "");
            row(
                    t,
                    "1. The same counted by thread, above each thread's quiet rate: the sampler's thread + fabric8's"
                            + " HTTP threads + GC (VM Thread)",
                    String.format(Locale.ROOT, "%.1f ms (%.1f + %.1f + %.1f)", byThread, sampler, httpThreads, gc),
                    String.format(Locale.ROOT, "%.1f ms", f.ownCpuMs()),
                    String.format(Locale.ROOT, "%.1fx", byThread / f.ownCpuMs()),
                    "",
                    "");
            row(
                    t,
                    "1. As a steady load: sampling every 15 s (the default) / every " + interval + " s",
                    String.format(Locale.ROOT, "%.2f / %.2f millicores", perRound / 15.0, perRound / (double) interval),
                    "metrics-server, documented (not measured): \"1 mili core of CPU and 2 MB of memory for each"
                            + " node\"; its manifest requests 100m CPU and 200Mi",
                    String.format(Locale.ROOT, "%.1fx (at 15 s, vs 1 millicore for the node)", perRound / 15.0),
                    "",
                    "");
            row(
                    t,
                    "1. The node's side: the kubelet's CPU per round, above its quiet rate",
                    String.format(Locale.ROOT, "%.0f ms", clusterPerRound),
                    String.format(
                            Locale.ROOT,
                            "per direct fetch: the summary %.0f ms; /metrics/resource (what metrics-server reads since"
                                    + " 0.6) %.0f ms",
                            f.clusterMs(),
                            c.resource().clusterMs()),
                    String.format(
                            Locale.ROOT,
                            "%.1fx of /metrics/resource",
                            clusterPerRound / c.resource().clusterMs()),
                    "",
                    "");
            row(
                    t,
                    "1. A round's wall time, p50 (min-max)",
                    durations.length == 0
                            ? "?"
                            : String.format(
                                    Locale.ROOT,
                                    "%d ms (%d-%d)",
                                    pct(durations, 50),
                                    durations[0],
                                    durations[durations.length - 1]),
                    "fabric8: the summary " + msf(pct(f.wall(), 50)) + " (" + msf(pct(f.withParse(), 50))
                            + " parsed), /metrics/resource "
                            + msf(pct(c.resource().wall(), 50))
                            + "; `kubectl get --raw` of the summary " + msf(pct(c.kubectlRaw(), 50))
                            + " (a process each)",
                    durations.length == 0
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    "%.2fx of fabric8's summary",
                                    pct(durations, 50) * 1e6 / pct(f.withParse(), 50)),
                    "",
                    "");
            row(
                    t,
                    "1. RSS quiet before / sampling / quiet after",
                    String.format(
                            Locale.ROOT,
                            "%d / %d / %d MiB (%+d MiB while sampling)",
                            c.quiet1().rssKib() >> 10,
                            w.rssKib() >> 10,
                            c.quiet2().rssKib() >> 10,
                            (w.rssKib() - c.quiet1().rssKib()) >> 10),
                    "metrics-server, documented: 2 MB per node; its manifest requests 200Mi",
                    "",
                    "",
                    "");
            row(
                    t,
                    "1. The runtime quiet (sampler at " + QUIET_INTERVAL + " s), " + idleSeconds + " s before / after",
                    String.format(
                            Locale.ROOT,
                            "%.2f / %.2f ms of CPU per second",
                            c.quiet1().msPerSecond(),
                            c.quiet2().msPerSecond()),
                    String.format(
                            Locale.ROOT,
                            "the kubelet meanwhile: %.0f / %.0f ms per second",
                            c.quiet1().clusterMsPerSecond(),
                            c.quiet2().clusterMsPerSecond()),
                    "",
                    "",
                    "");
        } else {
            row(t, "1. Sampler cost", "not measured (failed)", "", "", "", "");
        }
        if (q != null) {
            double p50 = pct(q.api(), 50) / 1e6;
            row(
                    t,
                    "2. GET .../servers/{s}/metrics?from=-24h&step=1m, p50 (" + q.steps() + " steps, all 7 series, "
                            + String.format(Locale.ROOT, "%.0f KiB", q.bytes() / 1024.0) + "; n=" + querySamples + ")",
                    msf(pct(q.api(), 50)),
                    msf(pct(q.sql(), 50)) + " (one SELECT of the server's " + q.sqlRows()
                            + " minute rows, every column, embedded Derby in this JVM, same database)",
                    String.format(Locale.ROOT, "%.1fx", (double) pct(q.api(), 50) / pct(q.sql(), 50)),
                    "<= 50 ms",
                    met(p50 <= QUERY_GOAL_MS));
            row(
                    t,
                    "2. The same, p95 / p99",
                    msf(pct(q.api(), 95)) + " / " + msf(pct(q.api(), 99)),
                    msf(pct(q.sql(), 95)) + " / " + msf(pct(q.sql(), 99)),
                    String.format(
                            Locale.ROOT,
                            "%.1fx / %.1fx",
                            (double) pct(q.api(), 95) / pct(q.sql(), 95),
                            (double) pct(q.api(), 99) / pct(q.sql(), 99)),
                    "",
                    "");
            row(
                    t,
                    "2. The same with series=cpu (" + String.format(Locale.ROOT, "%.0f KiB", q.bytesCpu() / 1024.0)
                            + "), p50 / p95 / p99",
                    msf(pct(q.apiCpu(), 50)) + " / " + msf(pct(q.apiCpu(), 95)) + " / " + msf(pct(q.apiCpu(), 99)),
                    "",
                    String.format(Locale.ROOT, "%.1fx", (double) pct(q.apiCpu(), 50) / pct(q.sql(), 50)),
                    "",
                    "");
        } else {
            row(t, "2. 24-hour query", "not measured (failed)", "", "", "<= 50 ms", "");
        }
        String bound = (HPA_SYNC_SECONDS + DEFAULT_INTERVAL) + " s (HPA sync " + HPA_SYNC_SECONDS + " s + sampling "
                + DEFAULT_INTERVAL + " s)";
        if (s != null) {
            row(
                    t,
                    "3. Load change (`touch /tmp/burn`) to the platform's sample showing it (cpu > 25m = 50 % of the"
                            + " request), sampling every " + DEFAULT_INTERVAL + " s",
                    Double.isNaN(s.sampleSeconds())
                            ? "not within " + hpaTimeout + " s"
                            : String.format(Locale.ROOT, "%.1f s (%s)", s.sampleSeconds(), s.sampleCpu()),
                    "one sampling interval: " + DEFAULT_INTERVAL + " s",
                    Double.isNaN(s.sampleSeconds())
                            ? ""
                            : String.format(Locale.ROOT, "%.2fx", s.sampleSeconds() / DEFAULT_INTERVAL),
                    "",
                    "");
            if (s.metricsServed()) {
                row(
                        t,
                        "3. Load change to the HPA's desiredReplicas > 1",
                        Double.isNaN(s.desiredSeconds())
                                ? "not within " + hpaTimeout + " s"
                                : String.format(Locale.ROOT, "%.1f s", s.desiredSeconds()),
                        bound,
                        Double.isNaN(s.desiredSeconds())
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        "%.2fx",
                                        s.desiredSeconds() / (HPA_SYNC_SECONDS + DEFAULT_INTERVAL)),
                        "<= " + bound,
                        Double.isNaN(s.desiredSeconds())
                                ? "**no**"
                                : met(s.desiredSeconds() <= HPA_SYNC_SECONDS + DEFAULT_INTERVAL));
                row(
                        t,
                        "3. Load change to 3 replicas ready",
                        Double.isNaN(s.readySeconds())
                                ? "not within " + hpaTimeout + " s"
                                : String.format(Locale.ROOT, "%.1f s", s.readySeconds()),
                        "",
                        "",
                        "",
                        "");
            } else {
                if (s.foreignMetrics() != null) {
                    row(
                            t,
                            "3. (not this runtime's) Load change to the HPA's desiredReplicas > 1 / to 3 ready, with"
                                    + " the metrics API served by another runtime on the cluster",
                            (Double.isNaN(s.desiredSeconds())
                                            ? "not within " + hpaTimeout + " s"
                                            : String.format(Locale.ROOT, "%.1f s", s.desiredSeconds()))
                                    + " / "
                                    + (Double.isNaN(s.readySeconds())
                                            ? "not within " + hpaTimeout + " s"
                                            : String.format(Locale.ROOT, "%.1f s", s.readySeconds())),
                            "its sampling interval is not known here",
                            "",
                            "",
                            "");
                }
                row(
                        t,
                        "3. Load change to the HPA's desiredReplicas > 1, and to 3 ready",
                        "**pending**: no metrics API served on the cluster (metricsApi=false; the platform's metrics API"
                                + " is not on this branch yet), so the HPA cannot act",
                        bound,
                        "",
                        "<= " + bound,
                        "pending");
            }
        } else {
            row(t, "3. HPA scale-up", hpa ? "not measured (failed)" : "not run (--no-hpa)", "", "", "", "");
        }
        t.append('\n');
        if (c != null) {
            int n = sampledRounds(c);
            StringBuilder threads = new StringBuilder();
            double quietSeconds = c.quiet1().seconds() + c.quiet2().seconds();
            c.sampling().threads().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(8)
                    .forEach(e -> {
                        long quiet = c.quiet1().threads().getOrDefault(e.getKey(), 0L)
                                + c.quiet2().threads().getOrDefault(e.getKey(), 0L);
                        threads.append(threads.length() > 0 ? ", " : "")
                                .append(e.getKey())
                                .append(String.format(
                                        Locale.ROOT,
                                        " %.1f (quiet %.1f)",
                                        ticksToMs(e.getValue()) / n,
                                        ticksToMs(quiet)
                                                / quietSeconds
                                                * c.sampling().seconds()
                                                / n));
                    });
            t.append(String.format(
                    Locale.ROOT,
                    "Figure 1: the kubelet summary was %.1f KiB with %d pods. Quiet before: %.1f ms of CPU in %.1f s;"
                            + " sampling: %.1f ms in %.1f s, %d rounds (%s), of which %.1f ms at the quiet rate; quiet"
                            + " after: %.1f ms in %.1f s. CPU per round by thread, ms (the quiet rate over the same"
                            + " time; names as /proc has them, digits as #): %s. Heap quiet before: %s; sampling: %s;"
                            + " quiet after: %s. The benchmark's JVM (C2) fetched and parsed %d times while the runtime"
                            + " (C1 only, bin/cengjiyun's default) was quiet.\n",
                    c.summary().bytes() / 1024.0,
                    c.podsSampled(),
                    c.quiet1().cpuMs(),
                    c.quiet1().seconds(),
                    c.sampling().cpuMs(),
                    c.sampling().seconds(),
                    n,
                    windowRoundStarts == null
                            ? "estimated from the spacing: the database was not read"
                            : "counted in the database",
                    c.quietRate() * c.sampling().seconds(),
                    c.quiet2().cpuMs(),
                    c.quiet2().seconds(),
                    threads,
                    c.quiet1().heap(),
                    c.sampling().heap(),
                    c.quiet2().heap(),
                    c.summary().wall().length));
        }
        if (q != null) {
            t.append(String.format(
                    Locale.ROOT,
                    "Figure 2: %d servers + appmap + service + node seeded in %.1f s; metric_points rows by"
                            + " resolution (0 raw, 1 minute, 2 hour): %s; the database %.0f MiB on disk; the answer had"
                            + " %d steps, %d with a CPU value; the runtime sampled every %d s meanwhile; RSS after the"
                            + " queries %d MiB.\n",
                    servers,
                    q.seedMillis() / 1000.0,
                    q.rows(),
                    q.dbBytes() / 1048576.0,
                    q.steps(),
                    q.nonNull(),
                    DEFAULT_INTERVAL,
                    q.rssAfterKib() >> 10));
        }
        if (s != null) {
            t.append(String.format(
                    Locale.ROOT,
                    "Figure 3: kubectl exec touch took %.1f s (the clock starts when it returned); the HPA at the end:"
                            + " %s\n",
                    s.execSeconds(),
                    s.hpaSays()));
        }
        for (String note : notes) {
            t.append("Note: ").append(note).append('\n');
        }
        t.append("Cleanup: ").append(cleanup).append('\n');
        for (String p : problems) {
            t.append("PROBLEM: ").append(p).append('\n');
        }
        System.out.println();
        System.out.print(t);
        if (out != null) {
            Files.writeString(out, t.toString());
        }
    }

    /** CPU per round of the threads whose names start so, above their quiet rate over the same time (ms). */
    private double aboveQuiet(Cost c, String prefix, int rounds) {
        double quietSeconds = c.quiet1().seconds() + c.quiet2().seconds();
        long busy = 0, quiet = 0;
        for (var e : c.sampling().threads().entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                busy += e.getValue();
            }
        }
        for (Window q : List.of(c.quiet1(), c.quiet2())) {
            for (var e : q.threads().entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    quiet += e.getValue();
                }
            }
        }
        return (ticksToMs(busy) - ticksToMs(quiet) / quietSeconds * c.sampling().seconds()) / rounds;
    }

    /** The rounds that started in the sampling window: counted in the database, else from the spacing. */
    private int sampledRounds(Cost c) {
        if (windowRoundStarts == null) {
            return c.plannedRounds();
        }
        int n = 0;
        for (long at : windowRoundStarts) {
            if (at > c.windowStart() && at <= c.windowEnd()) {
                n++;
            }
        }
        return Math.max(1, n);
    }

    /** Each round's wall time: the gap to the next round's start less the interval (the sampler's fixed delay). */
    private long[] roundDurations(Cost c) {
        if (windowRoundStarts == null || windowRoundStarts.length < 2) {
            return new long[0];
        }
        long[] d = new long[windowRoundStarts.length - 1];
        for (int i = 1; i < windowRoundStarts.length; i++) {
            d[i - 1] = windowRoundStarts[i] - windowRoundStarts[i - 1] - interval * 1000L;
        }
        Arrays.sort(d);
        return d;
    }

    private static void row(StringBuilder t, String... cells) {
        t.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    // ------------------------------------------------------------------------------------------------------- http

    /** A failure of the runtime or of the cluster, with the request and the answer: reported as it is. */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    private String signIn() {
        HttpResponse<String> r =
                expect(post("/auth/token", "{\"username\": \"admin\", \"password\": \"" + ADMIN_PASSWORD + "\"}"), 200);
        try {
            return JSON.readTree(r.body()).path("token").asText();
        } catch (IOException e) {
            throw new Failure("no token in " + r.body());
        }
    }

    private HttpResponse<String> get(String path) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Accept", "application/json")
                        .GET(),
                120);
    }

    private HttpResponse<String> post(String path, String json) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                120);
    }

    private HttpResponse<String> put(String path, String json) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json)),
                120);
    }

    private HttpResponse<String> send(HttpRequest.Builder b, int timeoutSeconds) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(
                    b.timeout(Duration.ofSeconds(timeoutSeconds)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new Failure(r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ", not " + status
                    + ": " + r.body());
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------------------- misc

    @FunctionalInterface
    private interface Task<T> {
        T run(int client) throws Exception;
    }

    private static <T> List<T> parallel(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                int kk = k;
                futures.add(pool.submit(() -> task.run(kk)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    results.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Exception cause) {
                        throw cause;
                    }
                    throw e;
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** kubectl ARGS (a process of its own, its whole output read). */
    private byte[] kubectl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of(kubectl, "--kubeconfig", kubeconfig.toString(), "--cache-dir", kubectlCache.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.to(kubectlErr.toFile()))
                .start();
        byte[] body = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new Failure(String.join(" ", cmd) + " failed (exit " + (p.isAlive() ? "none" : p.exitValue()) + "): "
                    + Files.readString(kubectlErr));
        }
        return body;
    }

    private String kubectlClientVersion() {
        try {
            Process p = new ProcessBuilder(kubectl, "version", "--client", "--short")
                    .redirectErrorStream(true)
                    .start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(30, TimeUnit.SECONDS);
            return s.replace("Client Version: ", "");
        } catch (Exception e) {
            throw new IllegalStateException(
                    "no kubectl (" + kubectl + "): eval \"$(tools/kube-local/kube-local env)\"", e);
        }
    }

    /** The local kube-apiserver's and kubelet's pids and start times (from /proc): were they restarted meanwhile? */
    private static String apiServerProcess() {
        return "kube-apiserver " + process("/kube-apiserver") + ", kubelet " + process("/kubelet");
    }

    private static String process(String suffix) {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String cmd = Files.readString(p.resolve("cmdline"));
                    int end = cmd.indexOf('\0');
                    if ((end < 0 ? cmd : cmd.substring(0, end)).endsWith(suffix)) {
                        String stat = Files.readString(p.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        return "pid " + p.getFileName() + " started at tick " + f[19];
                    }
                } catch (IOException e) {
                    // gone meanwhile, or not ours to read
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "none";
    }

    /** Says if the cluster's API server or kubelet was restarted since the last look, and during which part. */
    private void checkApiServer(String during) {
        String now = apiServerProcess();
        if (!now.equals(apiServerSeen)) {
            problems.add(
                    0,
                    "the cluster's API server or kubelet was restarted during " + during + " (" + apiServerSeen
                            + ", then " + now + "): something else stopped it (the itests' fault tests run"
                            + " `kube-local fault ...`); the figures of " + during + " do not measure the runtime"
                            + " alone.");
            apiServerSeen = now;
        }
    }

    private static String nproc() {
        try {
            Process p = new ProcessBuilder("nproc").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return s;
        } catch (Exception e) {
            return "?";
        }
    }

    private static String loadAverage() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return l[0] + " " + l[1] + " " + l[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** MemTotal and MemAvailable of /proc/meminfo. */
    private static String memInfo() {
        long total = 0, available = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    total = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                } else if (line.startsWith("MemAvailable:")) {
                    available = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return "memory ?";
        }
        return "memory " + available + " of " + total + " MiB available";
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "?";
    }

    private static long memMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return 0;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static long pct(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String msf(long nanos) {
        double m = nanos / 1e6;
        return String.format(Locale.ROOT, m < 10 ? "%.2f ms" : m < 1000 ? "%.1f ms" : "%.0f ms", m);
    }

    private static String met(boolean ok) {
        return ok ? "yes" : "**no**";
    }

    private static void log(String s) {
        System.out.println("[bench] " + s);
    }
}
