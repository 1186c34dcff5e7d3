/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
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
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The inspection benchmark of Cengjiyun: side by side in one run on the local cluster,
 * <ol>
 * <li>A. inspecting one server ({@code GET .../servers/{name}/objects} + {@code GET .../servers/{name}/events}) vs
 * {@code kubectl get deployment,replicaset,pod,service,endpoints,pvc,hpa -l cengjiyun.io/server=<name> -o json} +
 * {@code kubectl get events -o json};
 * <li>B. the overview of an appmap of 500 servers ({@code GET .../appmaps/{appmap}/overview}) vs the same two kubectl
 * commands for the whole namespace;
 * <li>C. the runtime's RSS with those 500 servers and 100 running pods watched.
 * </ol>
 * A fabric8 client in this JVM (warm, one request per kind, the same lists) is a second, in-process baseline.
 *
 * <p>Single-file program for the source launcher, with fabric8's client, its JDK HTTP client and slf4j-nop on the class
 * path (benchmarks/inspection/pom.xml resolves them):
 * <pre>java -cp CP InspectionBenchmark.java RUNTIME_DIR [--data DIR] [--port P] [--servers N] [--running N]
 *     [--samples N] [--warmup N] [--clients N] [--pod-timeout S] [--kubeconfig FILE] [--kubectl PATH]
 *     [--out FILE]</pre>
 * RUNTIME_DIR must be a copy of distribution/target/cengjiyun that nothing else uses. Use run.sh.
 */
public class InspectionBenchmark {

    private static final String IMAGE = "cengjiyun.test/busybox:1";
    private static final String ADMIN_PASSWORD = "benchmark-admin-password";
    private static final String APPMAP = "bench";
    private static final String SERVER_LABEL = "cengjiyun.io/server";
    private static final String KINDS = "deployment,replicaset,pod,service,endpoints,pvc,hpa";
    private static final String POD_COMMAND = "trap 'exit 0' TERM; sleep 3600 & wait";
    /** The goal, "under 300 MB": 300,000,000 bytes, 286 MiB. */
    private static final long RSS_GOAL_BYTES = 300_000_000L;

    private static final double RATIO_GOAL = 10.0;
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(240);
    private static final ObjectMapper JSON = new ObjectMapper();

    // Options
    private final Path runtime;
    private final Path data;
    private final int port;
    private final int servers;
    private final int running;
    private final int samples;
    private final int warmup;
    private final int clients;
    private final int podTimeout;
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
    private volatile String token;
    private volatile Long runningPid;
    private volatile boolean cleanedUp;
    private volatile boolean serviceMade;
    private KubernetesClient kube;
    private String apiServerSeen;

    private InspectionBenchmark(
            Path runtime,
            Path data,
            int port,
            int servers,
            int running,
            int samples,
            int warmup,
            int clients,
            int podTimeout,
            Path kubeconfig,
            String kubectl,
            Path out) {
        this.runtime = runtime;
        this.data = data;
        this.port = port;
        this.servers = servers;
        this.running = running;
        this.samples = samples;
        this.warmup = warmup;
        this.clients = clients;
        this.podTimeout = podTimeout;
        this.kubeconfig = kubeconfig;
        this.kubectl = kubectl;
        this.out = out;
        // A name of its own per run: its namespace (<service>-bench) cannot meet another run's.
        this.service = String.format(Locale.ROOT, "isb-%04x", new Random().nextInt(0x10000));
        this.namespace = service + "-" + APPMAP;
        this.base = "http://127.0.0.1:" + port + "/api/v1";
        this.appmapPath = "/services/" + service + "/appmaps/" + APPMAP;
        this.launchLog = data.resolveSibling(data.getFileName() + "-launch.log");
        this.kubectlErr = data.resolveSibling("kubectl-stderr.txt");
        this.kubectlCache = data.resolveSibling("kubectl-cache");
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("usage: java -cp <fabric8 class path> InspectionBenchmark.java RUNTIME_DIR [--data DIR]"
                    + " [--port P] [--servers N] [--running N] [--samples N] [--warmup N] [--clients N]"
                    + " [--pod-timeout S] [--kubeconfig FILE] [--kubectl PATH] [--out FILE]");
            System.exit(2);
        }
        Path runtime = Path.of(args[0]).toAbsolutePath().normalize();
        Path data = runtime.resolveSibling("bench-data");
        int port = 0, servers = 500, running = 100, samples = 30, warmup = 3, clients = 4, podTimeout = 600;
        String kubectl = "kubectl";
        String kc = System.getenv("KUBECONFIG");
        Path kubeconfig = Path.of(
                kc != null && !kc.isEmpty() && !kc.contains(":")
                        ? kc
                        : "/var/lib/cengjiyun-kube-local/admin.kubeconfig");
        Path out = null;
        try {
            for (int i = 1; i < args.length; i += 2) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--data" -> data = Path.of(value).toAbsolutePath().normalize();
                    case "--port" -> port = Integer.parseInt(value);
                    case "--servers" -> servers = Integer.parseInt(value);
                    case "--running" -> running = Integer.parseInt(value);
                    case "--samples" -> samples = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--clients" -> clients = Integer.parseInt(value);
                    case "--pod-timeout" -> podTimeout = Integer.parseInt(value);
                    case "--kubeconfig" -> kubeconfig = Path.of(value);
                    case "--kubectl" -> kubectl = value;
                    case "--out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (servers < 1 || servers > 5000) {
                throw new IllegalArgumentException("--servers must be 1 to 5000, not " + servers);
            }
            if (running < 0 || running > servers || running > 200) {
                throw new IllegalArgumentException("--running must be 0 to --servers (" + servers
                        + ") and at most 200 (one node), not " + running);
            }
            if (samples < 1 || warmup < 0 || clients < 1 || clients > 64 || podTimeout < 1) {
                throw new IllegalArgumentException(
                        "--samples must be >= 1, --warmup >= 0, --clients 1 to 64," + " --pod-timeout >= 1");
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
        InspectionBenchmark b = new InspectionBenchmark(
                runtime, data, port, servers, running, samples, warmup, clients, podTimeout, kubeconfig, kubectl, out);
        Runtime.getRuntime().addShutdownHook(new Thread(b::emergencyCleanup, "cleanup"));
        int rc = b.run();
        System.exit(rc);
    }

    // ---------------------------------------------------------------------------------------------------- the run

    /** One figure: per side the sorted totals and the sorted parts (the two calls or commands of a sample). */
    private record Figure(
            long[] platform,
            long[] platformPart1,
            long[] platformPart2,
            long[] kubectl,
            long[] kubectlPart1,
            long[] kubectlPart2,
            long[] fabric8,
            String sizes) {}

    private record Memory(long rssSeeded, long rssAfter, long hwm, int pods, String heap) {}

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
        long podsRunning = allPods.stream()
                .filter(p ->
                        p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .count();
        long podsHeld = allPods.stream()
                .filter(p -> p.getStatus() == null
                        || !("Succeeded".equals(p.getStatus().getPhase())
                                || "Failed".equals(p.getStatus().getPhase())))
                .count();
        List<Node> nodes = kube.nodes().list().getItems();
        long podSlots = nodes.stream()
                .mapToLong(n -> Long.parseLong(
                        n.getStatus().getAllocatable().get("pods").getAmount()))
                .sum();
        String machine =
                Runtime.getRuntime().availableProcessors() + " CPUs (nproc " + nproc() + ", " + cpuModel() + "), "
                        + memMb() + " MB RAM, " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version")
                        + "; Kubernetes " + serverVersion + " (tools/kube-local, " + nodes.size() + " node(s), "
                        + podSlots + " pod slots, " + podsRunning + " pods running at the start), kubectl "
                        + kubectlVersion;
        log("Machine: " + machine + "; load average " + load0);
        log("Runtime " + runtime + ", data " + data + ", port " + port + "; service " + service + ", namespace "
                + namespace + "; " + servers + " servers, " + running + " running; " + samples + " samples, "
                + warmup + " warm-up rounds; JAVA_OPTS='" + System.getenv().getOrDefault("JAVA_OPTS", "") + "'");
        if (running > podSlots - podsHeld) {
            System.err.println("[bench] The node has " + (podSlots - podsHeld) + " free pod slots (" + podSlots
                    + " allocatable, " + podsHeld + " pods not finished): fewer than --running " + running
                    + ". Nothing was started.");
            kube.close();
            return 2;
        }

        Figure inspect = null, overview = null;
        Memory memory = null;
        long seedNanos = -1, podsNanos = -1;
        Throwable failure = null;
        try {
            start();
            token = signIn();
            setUp();
            checkApiServer("the runtime's start and the setup");
            long t0 = System.nanoTime();
            seed();
            seedNanos = System.nanoTime() - t0;
            int pods = awaitPods();
            podsNanos = System.nanoTime() - t0;
            long rssSeeded = rss("VmRSS");
            log(String.format(
                    Locale.ROOT,
                    "Runtime's RSS with %d servers and %d running pods watched: %d MiB",
                    servers,
                    pods,
                    rssSeeded >> 10));
            checkApiServer("the seeding and the wait for the pods");
            inspect = figureInspect();
            checkApiServer("figure A");
            overview = figureOverview();
            checkApiServer("figure B");
            long rssAfter = rss("VmRSS");
            long hwm = rss("VmHWM");
            memory = new Memory(rssSeeded, rssAfter, hwm, pods, heap());
            log(String.format(
                    Locale.ROOT,
                    "Runtime's RSS after the figures: %d MiB (peak %d MiB); heap %s",
                    rssAfter >> 10,
                    hwm >> 10,
                    memory.heap()));
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
        report(machine, load0, load1, inspect, overview, memory, seedNanos, podsNanos, cleanup);
        kube.close();
        return failure == null && problems.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------------------------------------------ setup

    private void setUp() throws Exception {
        expect(post("/services", "{\"name\":\"" + service + "\"}"), 201);
        serviceMade = true;
        expect(
                post(
                        "/clusters",
                        "{\"name\":\"local\",\"kubeconfig\":" + JSON.writeValueAsString(Files.readString(kubeconfig))
                                + "}"),
                201);
        int quotaPods = running + 50;
        expect(
                put(
                        "/services/" + service + "/allotments",
                        "[{\"cluster\":\"local\",\"cpu\":\"8\",\"memory\":\"8Gi\",\"pods\":" + (quotaPods + 50)
                                + ",\"storage\":\"10Gi\"}]"),
                200);
        expect(
                post(
                        "/services/" + service + "/appmaps",
                        "{\"name\":\"" + APPMAP + "\",\"cluster\":\"local\",\"quota\":{\"cpu\":\"4\",\"memory\":"
                                + "\"4Gi\",\"pods\":" + quotaPods + ",\"storage\":\"1Gi\"}}"),
                201);
        log("Service " + service + ", cluster local allotted, appmap " + APPMAP + " (namespace " + namespace
                + ", quota cpu 4, memory 4Gi, pods " + quotaPods + ", storage 1Gi)");
    }

    private static String serverName(int i) {
        return String.format(Locale.ROOT, "srv-%04d", i);
    }

    /** The same definition for every server but its replicas: 1 for the first `running`, 0 for the others. */
    private static String definition(String name, int replicas) {
        return "{\"name\":\"" + name + "\",\"kind\":\"Deployment\",\"replicas\":" + replicas
                + ",\"terminationGracePeriodSeconds\":1,\"containers\":[{\"name\":\"main\",\"image\":\"" + IMAGE
                + "\",\"imagePullPolicy\":\"Never\",\"command\":[\"sh\",\"-c\",\"" + POD_COMMAND + "\"],"
                + "\"resources\":{\"requests\":{\"cpu\":\"1m\",\"memory\":\"4Mi\"},"
                + "\"limits\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"}}}]}";
    }

    /** POSTs the servers from `clients` threads, the running ones first, so that their pods start meanwhile. */
    private void seed() throws Exception {
        String path = appmapPath + "/servers";
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        parallel(clients, k -> {
            for (int i = next.getAndIncrement(); i < servers; i = next.getAndIncrement()) {
                String name = serverName(i);
                HttpResponse<String> r = post(path, definition(name, i < running ? 1 : 0));
                if (r.statusCode() != 201) {
                    throw new Failure("POST " + base + path + " (server " + name + ") answered " + r.statusCode()
                            + ", not 201: " + r.body());
                }
                int n = done.incrementAndGet();
                if (n % 50 == 0 || n == servers) {
                    double s = (System.nanoTime() - t0) / 1e9;
                    log(String.format(Locale.ROOT, "Seeded %d/%d servers in %.1f s (%.1f/s)", n, servers, s, n / s));
                }
            }
            return null;
        });
        int listed = kube.apps()
                .deployments()
                .inNamespace(namespace)
                .list()
                .getItems()
                .size();
        if (listed != servers) {
            throw new Failure("the namespace " + namespace + " has " + listed + " Deployments after " + servers
                    + " POSTs answered 201");
        }
    }

    /**
     * Waits until `running` pods run and are ready (fabric8, from the cluster), then until the platform's overview says
     * so too (its informers watch them: that many ready pods, and servers RUNNING); returns how many pods run.
     */
    private int awaitPods() throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(podTimeout);
        long lastLog = t0;
        int ready = 0;
        while (true) {
            List<Pod> pods = kube.pods().inNamespace(namespace).list().getItems();
            ready = (int) pods.stream().filter(InspectionBenchmark::readyPod).count();
            if (ready >= running) {
                break;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                Map<String, Integer> why = new TreeMap<>();
                for (Pod p : pods) {
                    if (!readyPod(p)) {
                        why.merge(reason(p), 1, Integer::sum);
                    }
                }
                problems.add("only " + ready + " of " + running + " pods ran and were ready " + podTimeout
                        + " s after the seeding (" + pods.size() + " pods; not ready: " + why + ")");
                break;
            }
            if (now - lastLog > TimeUnit.SECONDS.toNanos(10)) {
                lastLog = now;
                log(String.format(
                        Locale.ROOT,
                        "%d/%d pods running and ready (%d pods) %.0f s after the seeding",
                        ready,
                        running,
                        pods.size(),
                        (now - t0) / 1e9));
            }
            Thread.sleep(1000);
        }
        log(String.format(
                Locale.ROOT,
                "%d pods running and ready %.1f s after the seeding",
                ready,
                (System.nanoTime() - t0) / 1e9));
        // The platform's view: every server there, the pods seen by its informers.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode o;
        while (true) {
            o = JSON.readTree(expect(get(appmapPath + "/overview"), 200).body());
            if (o.path("servers").size() == servers
                    && o.path("readyPods").asInt() >= ready
                    && o.path("states").path("RUNNING").asInt() >= ready) {
                break;
            }
            if (System.nanoTime() > until) {
                problems.add("60 s after the cluster had " + ready + " ready pods, the overview says "
                        + o.path("servers").size() + " servers (states " + o.path("states") + "), "
                        + o.path("pods").asInt() + " pods, "
                        + o.path("readyPods").asInt() + " ready");
                break;
            }
            Thread.sleep(500);
        }
        log("Overview: " + o.path("servers").size() + " servers, states " + o.path("states") + ", pods "
                + o.path("pods").asInt() + " (" + o.path("readyPods").asInt() + " ready)");
        return ready;
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
        if (p.getStatus().getConditions() != null) {
            for (var c : p.getStatus().getConditions()) {
                if ("False".equals(c.getStatus()) && c.getReason() != null) {
                    return c.getType() + " " + c.getReason();
                }
            }
        }
        return String.valueOf(p.getStatus().getPhase());
    }

    // ------------------------------------------------------------------------------------- A. inspect one server

    private Figure figureInspect() throws Exception {
        String name = serverName(0);
        String objects = appmapPath + "/servers/" + name + "/objects";
        String events = appmapPath + "/servers/" + name + "/events";
        String[] kinds = {"get", KINDS, "-l", SERVER_LABEL + "=" + name, "-n", namespace, "-o", "json"};
        String[] evs = {"get", "events", "-n", namespace, "-o", "json"};

        // The first answers, checked.
        HttpResponse<String> o = expect(get(objects), 200);
        HttpResponse<String> e = expect(get(events), 200);
        JsonNode ov = JSON.readTree(o.body());
        JsonNode ev = JSON.readTree(e.body());
        if (ov.path("controller").isMissingNode()
                || (running > 0 && ov.path("pods").size() != 1)) {
            throw new Failure("GET " + base + objects + " answered without a controller or not 1 pod: " + o.body());
        }
        byte[] k = kubectl(kinds);
        byte[] kev = kubectl(evs);
        int kItems = JSON.readTree(k).path("items").size();
        int kEvents = JSON.readTree(kev).path("items").size();
        String sizes = String.format(
                Locale.ROOT,
                "A (%s): the platform's objects %.1f KiB (%d pods, %d revisions), events %.1f KiB (%d merged);"
                        + " kubectl's objects %.1f KiB (%d items), events of the namespace %.1f KiB (%d items)",
                name,
                o.body().length() / 1024.0,
                ov.path("pods").size(),
                ov.path("revisions").size(),
                e.body().length() / 1024.0,
                ev.size(),
                k.length / 1024.0,
                kItems,
                kev.length / 1024.0,
                kEvents);
        log(sizes);

        Runnable platform = () -> {
            expect(get(objects), 200);
            expect(get(events), 200);
        };
        for (int i = 0; i < warmup; i++) {
            platform.run();
            kubectl(kinds);
            kubectl(evs);
            fabric8(name);
        }
        long[][] t = sample(
                () -> expect(get(objects), 200),
                () -> expect(get(events), 200),
                () -> kubectl(kinds),
                () -> kubectl(evs),
                () -> fabric8(name));
        Figure f = new Figure(t[0], t[1], t[2], t[3], t[4], t[5], t[6], sizes);
        logFigure("A. Inspect " + name, f);
        return f;
    }

    // ---------------------------------------------------------------------------------- B. overview of the appmap

    private Figure figureOverview() throws Exception {
        String overview = appmapPath + "/overview";
        String[] kinds = {"get", KINDS, "-n", namespace, "-o", "json"};
        String[] evs = {"get", "events", "-n", namespace, "-o", "json"};
        HttpResponse<String> o = expect(get(overview), 200);
        JsonNode ov = JSON.readTree(o.body());
        if (ov.path("servers").size() != servers) {
            throw new Failure(
                    "GET " + base + overview + " lists " + ov.path("servers").size() + " servers, not " + servers);
        }
        byte[] k = kubectl(kinds);
        byte[] kev = kubectl(evs);
        String sizes = String.format(
                Locale.ROOT,
                "B: the platform's overview %.1f KiB (%d servers, states %s, %d pods, %d ready); kubectl's objects"
                        + " %.1f KiB (%d items), events %.1f KiB (%d items)",
                o.body().length() / 1024.0,
                ov.path("servers").size(),
                ov.path("states"),
                ov.path("pods").asInt(),
                ov.path("readyPods").asInt(),
                k.length / 1024.0,
                JSON.readTree(k).path("items").size(),
                kev.length / 1024.0,
                JSON.readTree(kev).path("items").size());
        log(sizes);
        for (int i = 0; i < warmup; i++) {
            expect(get(overview), 200);
            kubectl(kinds);
            kubectl(evs);
            fabric8(null);
        }
        long[][] t = sample(
                () -> expect(get(overview), 200), null, () -> kubectl(kinds), () -> kubectl(evs), () -> fabric8(null));
        Figure f = new Figure(t[0], t[1], t[2], t[3], t[4], t[5], t[6], sizes);
        logFigure("B. Overview of " + servers + " servers", f);
        return f;
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws Exception;
    }

    /**
     * `samples` samples of the three sides, interleaved, the order rotating at each sample (platform, kubectl, fabric8;
     * kubectl, fabric8, platform; ...), so that none has all of the first or last places. Returns the sorted arrays:
     * platform, its part 1, its part 2, kubectl, its part 1, its part 2, fabric8.
     */
    private long[][] sample(Call p1, Call p2, Call k1, Call k2, Call f8) throws Exception {
        long[] p = new long[samples], pa = new long[samples], pb = new long[samples];
        long[] k = new long[samples], ka = new long[samples], kb = new long[samples];
        long[] f = new long[samples];
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < 3; j++) {
                switch ((i + j) % 3) {
                    case 0 -> {
                        long s = System.nanoTime();
                        p1.run();
                        long m = System.nanoTime();
                        if (p2 != null) {
                            p2.run();
                        }
                        long e = System.nanoTime();
                        pa[i] = m - s;
                        pb[i] = p2 != null ? e - m : 0;
                        p[i] = e - s;
                    }
                    case 1 -> {
                        long s = System.nanoTime();
                        k1.run();
                        long m = System.nanoTime();
                        k2.run();
                        long e = System.nanoTime();
                        ka[i] = m - s;
                        kb[i] = e - m;
                        k[i] = e - s;
                    }
                    default -> {
                        long s = System.nanoTime();
                        f8.run();
                        f[i] = System.nanoTime() - s;
                    }
                }
            }
        }
        long[][] all = {p, pa, pb, k, ka, kb, f};
        for (long[] a : all) {
            Arrays.sort(a);
        }
        return all;
    }

    private void logFigure(String what, Figure f) {
        log(String.format(
                Locale.ROOT,
                "%s, n=%d: platform p50 %s p90 %s; kubectl p50 %s p90 %s (%.1fx at p50); fabric8 p50 %s p90 %s",
                what,
                samples,
                msf(pct(f.platform(), 50)),
                msf(pct(f.platform(), 90)),
                msf(pct(f.kubectl(), 50)),
                msf(pct(f.kubectl(), 90)),
                (double) pct(f.kubectl(), 50) / pct(f.platform(), 50),
                msf(pct(f.fabric8(), 50)),
                msf(pct(f.fabric8(), 90))));
    }

    /** kubectl ARGS (a process of its own, its whole output read): what a user runs. */
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

    /** The same lists with fabric8 in this JVM: one request per kind, then the namespace's events. */
    private int fabric8(String server) {
        int n = 0;
        if (server == null) {
            n += kube.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .size();
            n += kube.apps()
                    .replicaSets()
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .size();
            n += kube.pods().inNamespace(namespace).list().getItems().size();
            n += kube.services().inNamespace(namespace).list().getItems().size();
            n += kube.endpoints().inNamespace(namespace).list().getItems().size();
            n += kube.persistentVolumeClaims()
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .size();
            n += kube.autoscaling()
                    .v1()
                    .horizontalPodAutoscalers()
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .size();
        } else {
            n += kube.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withLabel(SERVER_LABEL, server)
                    .list()
                    .getItems()
                    .size();
            n += kube.apps()
                    .replicaSets()
                    .inNamespace(namespace)
                    .withLabel(SERVER_LABEL, server)
                    .list()
                    .getItems()
                    .size();
            n += kube.pods()
                    .inNamespace(namespace)
                    .withLabel(SERVER_LABEL, server)
                    .list()
                    .getItems()
                    .size();
            n += kube.services()
                    .inNamespace(namespace)
                    .withLabel(SERVER_LABEL, server)
                    .list()
                    .getItems()
                    .size();
            n += kube.endpoints()
                    .inNamespace(namespace)
                    .withLabel(SERVER_LABEL, server)
                    .list()
                    .getItems()
                    .size();
            n += kube.persistentVolumeClaims()
                    .inNamespace(namespace)
                    .withLabel(SERVER_LABEL, server)
                    .list()
                    .getItems()
                    .size();
            n += kube.autoscaling()
                    .v1()
                    .horizontalPodAutoscalers()
                    .inNamespace(namespace)
                    .withLabel(SERVER_LABEL, server)
                    .list()
                    .getItems()
                    .size();
        }
        n += kube.v1().events().inNamespace(namespace).list().getItems().size();
        return n;
    }

    // ------------------------------------------------------------------------------------------------ C. memory

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
                (System.nanoTime() - t0) / 1e9,
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
                        (System.nanoTime() - t0) / 1e9));
                if (r.statusCode() != 204) {
                    problems.add("DELETE " + base + "/services/" + service + "?cascade=true answered " + r.statusCode()
                            + ": " + r.body());
                }
            }
        } catch (Exception e) {
            problems.add("cleanup through the API failed: " + e);
        }
        // Whatever is left (a failed run): the namespaces of this run's service.
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
                                            (System.nanoTime() - t0) / 1e9)
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
            String machine,
            String load0,
            String load1,
            Figure a,
            Figure b,
            Memory m,
            long seedNanos,
            long podsNanos,
            String cleanup)
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
                .append("; runtime JAVA_OPTS '")
                .append(System.getenv().getOrDefault("JAVA_OPTS", ""))
                .append("'\n\n");
        t.append("| figure | platform p50 (p90) | kubectl p50 (p90) | ratio | goal | met |\n");
        t.append("|---|---|---|---|---|---|\n");
        String n = "n=" + samples;
        String goal = ">= " + (int) RATIO_GOAL + "x at p50";
        if (a != null) {
            figureRows(
                    t,
                    a,
                    "A. Inspect one server: GET objects + events vs kubectl get " + KINDS + " -l + get events (" + n
                            + ")",
                    goal,
                    "A. parts: GET objects / GET events vs kubectl get <kinds> -l / get events, p50",
                    "A. vs fabric8 in-process (8 lists, warm)");
        } else {
            row(t, "A. Inspect one server", "not measured (failed)", "", "", goal, "");
        }
        if (b != null) {
            figureRows(
                    t,
                    b,
                    "B. Overview of an appmap of " + servers + " servers vs kubectl get " + KINDS + " + get events ("
                            + n + ")",
                    goal,
                    "B. parts: kubectl get <kinds> / get events, p50",
                    "B. vs fabric8 in-process (8 lists, warm)");
        } else {
            row(t, "B. Overview of an appmap", "not measured (failed)", "", "", goal, "");
        }
        if (m != null) {
            row(
                    t,
                    "C. Runtime's RSS with " + servers + " servers and " + m.pods()
                            + " running pods watched, after the figures (peak)",
                    String.format(Locale.ROOT, "%d MiB (peak %d MiB)", m.rssAfter() >> 10, m.hwm() >> 10),
                    "",
                    "",
                    "< 300 MB (286 MiB)",
                    met(m.rssAfter() * 1024 < RSS_GOAL_BYTES));
            row(
                    t,
                    "C. RSS right after the seeding and the pods, before the figures",
                    String.format(Locale.ROOT, "%d MiB", m.rssSeeded() >> 10),
                    "",
                    "",
                    "",
                    "");
        } else {
            row(t, "C. Runtime's RSS", "not measured (failed)", "", "", "< 300 MB (286 MiB)", "");
        }
        if (seedNanos > 0) {
            row(
                    t,
                    "Seeding: " + servers + " POSTs (" + running + " with replicas 1), " + clients + " clients"
                            + (podsNanos > 0 ? "; until the pods were ready" : ""),
                    String.format(Locale.ROOT, "%.1f s (%.1f/s)", seedNanos / 1e9, servers / (seedNanos / 1e9))
                            + (podsNanos > 0 ? String.format(Locale.ROOT, "; %.1f s", podsNanos / 1e9) : ""),
                    "",
                    "",
                    "",
                    "");
        }
        t.append('\n');
        for (Figure f : new Figure[] {a, b}) {
            if (f != null) {
                t.append("Sizes, ").append(f.sizes()).append(".\n");
            }
        }
        if (m != null) {
            t.append("Runtime's heap after the figures (jcmd GC.heap_info): ")
                    .append(m.heap())
                    .append(". MB are MiB; RSS is VmRSS of /proc/<pid>/status, peak VmHWM.\n");
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

    private void figureRows(StringBuilder t, Figure f, String title, String goal, String parts, String fabric8) {
        long p50 = pct(f.platform(), 50), k50 = pct(f.kubectl(), 50);
        double ratio = (double) k50 / p50;
        row(
                t,
                title,
                msf(p50) + " (" + msf(pct(f.platform(), 90)) + ")",
                msf(k50) + " (" + msf(pct(f.kubectl(), 90)) + ")",
                String.format(Locale.ROOT, "%.1fx", ratio),
                goal,
                met(ratio >= RATIO_GOAL));
        boolean twoCalls = pct(f.platformPart2(), 50) > 0;
        row(
                t,
                parts,
                twoCalls ? msf(pct(f.platformPart1(), 50)) + " / " + msf(pct(f.platformPart2(), 50)) : "",
                msf(pct(f.kubectlPart1(), 50)) + " / " + msf(pct(f.kubectlPart2(), 50)),
                "",
                "",
                "");
        row(
                t,
                fabric8,
                msf(p50) + " (" + msf(pct(f.platform(), 90)) + ")",
                msf(pct(f.fabric8(), 50)) + " (" + msf(pct(f.fabric8(), 90)) + ") (fabric8)",
                String.format(Locale.ROOT, "%.1fx", (double) pct(f.fabric8(), 50) / p50),
                "",
                "");
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

    private String kubectlClientVersion() {
        try {
            Process p = new ProcessBuilder(kubectl, "version", "--client", "--short")
                    .redirectErrorStream(true)
                    .start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(30, TimeUnit.SECONDS);
            return s.replace("Client Version: ", "") + " (" + kubectlPath() + ")";
        } catch (Exception e) {
            throw new IllegalStateException(
                    "no kubectl (" + kubectl + "): eval \"$(tools/kube-local/kube-local env)\"", e);
        }
    }

    private String kubectlPath() {
        if (kubectl.contains("/")) {
            return kubectl;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, kubectl))) {
                return Path.of(dir, kubectl).toString();
            }
        }
        return kubectl;
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
