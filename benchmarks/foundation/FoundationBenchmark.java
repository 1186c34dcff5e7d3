/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
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
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The foundation benchmark of Cengjiyun (issue 2): start-up time, resident set, and REST latency of one server and
 * of a list of 1,000 servers, with plain JDBC on the runtime's own Derby database as the direct baseline.
 *
 * <p>Single-file program for the source launcher, no dependencies but the Derby jars on the class path:
 * <pre>java -cp derby.jar:derbyshared.jar:derbytools.jar FoundationBenchmark.java RUNTIME_DIR [--data DIR]
 *     [--runs N] [--port P] [--clients N] [--calls N] [--servers N] [--out FILE] [--start-only]</pre>
 * RUNTIME_DIR must be a copy of distribution/target/cengjiyun that nothing else uses; the data directory (default
 * RUNTIME_DIR/../bench-data) must not exist yet or be empty, so that the first start is a cold one. Use run.sh.
 */
public class FoundationBenchmark {

    private static final Pattern STARTED =
            Pattern.compile("Cengjiyun started in ([0-9.]+) s: (\\d+) bundles \\(([^)]*)\\)");
    private static final String SERVICE = "bench";
    /** The kubeconfig of tools/kube-local, registered as cluster "local": the appmaps are placed on it. */
    private static final Path KUBECONFIG =
            Path.of(System.getProperty("cengjiyun.kubeconfig", "/var/lib/cengjiyun-kube-local/admin.kubeconfig"));

    private static final String APPMAP = "a1";
    /** Servers created during the mixed calls go here, so that the list of APPMAP stays at exactly N servers. */
    private static final String CREATE_APPMAP = "a2";

    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(240);
    /** The first start creates the platform administrator with this password; every call uses the admin's token. */
    private static final String ADMIN_PASSWORD = "benchmark-admin-password";

    // Options
    private final Path runtime;
    private final Path data;
    private final int runs;
    private final int port;
    private final int clients;
    private final int calls;
    private final int servers;
    private final Path out;
    private final boolean startOnly;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final String base;
    private final Path launchLog;
    private Long runningPid;
    private String token;
    private final List<String> notes = new ArrayList<>();

    private FoundationBenchmark(
            Path runtime,
            Path data,
            int runs,
            int port,
            int clients,
            int calls,
            int servers,
            Path out,
            boolean startOnly) {
        this.startOnly = startOnly;
        this.runtime = runtime;
        this.data = data;
        this.runs = runs;
        this.port = port;
        this.clients = clients;
        this.calls = calls;
        this.servers = servers;
        this.out = out;
        this.base = "http://127.0.0.1:" + port + "/api/v1";
        this.launchLog = data.resolveSibling(data.getFileName() + "-launch.log");
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println(
                    "usage: java -cp <derby jars> FoundationBenchmark.java RUNTIME_DIR [--data DIR] [--runs N]"
                            + " [--port P] [--clients N] [--calls N] [--servers N] [--out FILE] [--start-only]");
            System.exit(2);
        }
        Path runtime = Path.of(args[0]).toAbsolutePath().normalize();
        Path data = runtime.resolveSibling("bench-data");
        int runs = 5, port = 0, clients = 4, calls = 10_000, servers = 1_000;
        Path out = null;
        boolean startOnly = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--start-only")) {
                startOnly = true;
                continue;
            }
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--data" -> data = Path.of(value).toAbsolutePath().normalize();
                case "--runs" -> runs = Integer.parseInt(value);
                case "--port" -> port = Integer.parseInt(value);
                case "--clients" -> clients = Integer.parseInt(value);
                case "--calls" -> calls = Integer.parseInt(value);
                case "--servers" -> servers = Integer.parseInt(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (port == 0) {
            port = freeLoopbackPort();
        }
        if (runs < 1 || clients < 1 || servers < 2) {
            throw new IllegalArgumentException("--runs and --clients must be >= 1, --servers >= 2");
        }
        FoundationBenchmark benchmark =
                new FoundationBenchmark(runtime, data, runs, port, clients, calls, servers, out, startOnly);
        Runtime.getRuntime().addShutdownHook(new Thread(benchmark::stopQuietly, "stop-runtime"));
        benchmark.run();
    }

    // ---------------------------------------------------------------------------------------------------- the run

    private void run() throws Exception {
        if (!Files.isExecutable(runtime.resolve("bin/cengjiyun"))) {
            throw new IllegalStateException(runtime + "/bin/cengjiyun is missing: not a Cengjiyun runtime directory");
        }
        try (var entries = Files.exists(data) ? Files.list(data) : java.util.stream.Stream.<Path>empty()) {
            if (entries.findAny().isPresent()) {
                throw new IllegalStateException(data + " is not empty: the first start must be a cold one");
            }
        }
        Machine machineAtStart = Machine.now();
        log("Machine: " + machineAtStart.describe());
        log("Runtime " + runtime + ", data " + data + ", port " + port + ", JAVA_OPTS='"
                + System.getenv().getOrDefault("JAVA_OPTS", "") + "'");

        // 1. Start-up: one cold start, then N warm restarts on the same data directory.
        Start cold = start("cold start (empty data directory)");
        long rssColdStart = rssKb(cold.pid(), "VmRSS");
        stop();
        List<Start> warm = new ArrayList<>();
        List<Long> stops = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            Start s = start("warm restart " + i + "/" + runs);
            warm.add(s);
            if (i < runs) {
                stops.add(stop());
            }
        }
        if (startOnly) {
            stop();
            long[] h = warm.stream().mapToLong(Start::readyNanos).sorted().toArray();
            long[] a = warm.stream().mapToLong(Start::apiNanos).sorted().toArray();
            double[] c = warm.stream().mapToDouble(Start::cpuSeconds).sorted().toArray();
            log(String.format(
                    Locale.ROOT,
                    "Start only: cold %.2f s (/services %.2f s, CPU %.1f s); warm median of %d:"
                            + " /health %.2f s, /services %.2f s, CPU %.1f s",
                    ms(cold.readyNanos()) / 1000,
                    ms(cold.apiNanos()) / 1000,
                    cold.cpuSeconds(),
                    runs,
                    ms(median(h)) / 1000,
                    ms(median(a)) / 1000,
                    c[c.length / 2]));
            return;
        }
        Start current = warm.get(warm.size() - 1);
        long pid = current.pid();
        long rssAfterStart = rssKb(pid, "VmRSS");
        log(String.format(
                Locale.ROOT,
                "RSS right after the last warm start: %.1f MiB (after the cold start: %.1f MiB)",
                rssAfterStart / 1024.0,
                rssColdStart / 1024.0));

        // 2. Sign in once (PBKDF2: not part of any figure), seed N servers, then the mixed calls.
        token = signIn();
        Map<String, Long> versions = new ConcurrentHashMap<>();
        long seedNanos, rssAfterSeed, rssAfterMixed, rssEnd, rssPeak;
        Mixed mixed;
        String one, heap;
        long[] restOne, restList;
        int listBytes;
        try {
            seedNanos = seed(versions);
            rssAfterSeed = rssKb(pid, "VmRSS");
            mixed = mixed(versions);
            rssAfterMixed = rssKb(pid, "VmRSS");
            log(String.format(
                    Locale.ROOT,
                    "RSS after seeding %d servers: %.1f MiB; after %d mixed calls: %.1f MiB",
                    servers,
                    rssAfterSeed / 1024.0,
                    calls,
                    rssAfterMixed / 1024.0));

            // 3. Latency, one client, after warm-up.
            one = serversPath() + "/" + serverName(servers / 2);
            Random random = new Random(7);
            IntFunction<String> anyServer = i -> serversPath() + "/" + serverName(1 + random.nextInt(servers));
            latencyRest(anyServer, 1_000, "warm-up GET one server");
            restOne = latencyRest(anyServer, 3_000, "GET one server");
            latencyRest(i -> serversPath(), 50, "warm-up GET list");
            listBytes = get(serversPath()).body().length();
            int listCount = countServers(get(serversPath()).body());
            if (listCount != servers) {
                throw new IllegalStateException(
                        "the list of " + APPMAP + " has " + listCount + " servers, not " + servers);
            }
            restList = latencyRest(i -> serversPath(), 300, "GET list of " + servers + " servers");
            rssEnd = rssKb(pid, "VmRSS");
            rssPeak = rssKb(pid, "VmHWM");
            heap = heapInfo(pid);
        } catch (Exception | Error e) {
            // Take the servers off the cluster before failing: the runtime still runs.
            try {
                deleteService();
            } catch (Exception again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        long lastStop = stop();
        stops.add(lastStop);

        // 4. Direct baseline: the same reads with plain JDBC on the stopped runtime's database.
        Direct direct = direct(one);

        // 5. Cleanup, not part of any figure: every server was applied to the cluster, so take them all off again.
        String cleanup = cleanUp();

        Machine machineAtEnd = Machine.now();
        report(
                machineAtStart,
                machineAtEnd,
                cold,
                warm,
                stops,
                rssColdStart,
                rssAfterStart,
                rssAfterSeed,
                rssAfterMixed,
                rssEnd,
                rssPeak,
                heap,
                seedNanos,
                mixed,
                restOne,
                restList,
                listBytes,
                direct,
                cleanup);
    }

    /**
     * Starts the runtime once more on the same data, deletes the benchmark's service with {@code ?cascade=true} (its
     * appmaps and servers; their namespaces, and with them every server's objects, are deleted from the cluster), stops
     * it, and waits (with kubectl, if it is on the PATH) until the namespaces are gone, so that the next run starts clean.
     */
    private String cleanUp() throws Exception {
        start("start for the cleanup (not a figure)");
        token = signIn();
        long t0 = System.nanoTime();
        deleteService();
        long deleted = System.nanoTime() - t0;
        stop();
        String waited = awaitNamespacesGone();
        String said = String.format(
                Locale.ROOT, "DELETE /services/%s?cascade=true took %.1f s; %s", SERVICE, deleted / 1e9, waited);
        log("Cleanup: " + said);
        return said;
    }

    private void deleteService() {
        if (token != null) {
            expect(
                    send(HttpRequest.newBuilder(URI.create(base + "/services/" + SERVICE + "?cascade=true"))
                            .header("Accept", "application/json")
                            .DELETE()),
                    204);
        }
    }

    /** Polls kubectl until the appmaps' namespaces are gone (up to 10 minutes); says how it went. */
    private String awaitNamespacesGone() throws InterruptedException {
        List<String> cmd = List.of(
                "kubectl",
                "--kubeconfig",
                KUBECONFIG.toString(),
                "get",
                "namespace",
                SERVICE + "-" + APPMAP,
                SERVICE + "-" + CREATE_APPMAP,
                "--ignore-not-found",
                "-o",
                "name");
        long t0 = System.nanoTime();
        String left = "";
        while (System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(10)) {
            try {
                Process p = new ProcessBuilder(cmd)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                left = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return "kubectl get namespace failed: not waited for the namespaces to go";
                }
            } catch (IOException e) {
                return "no kubectl on the PATH: not waited for the namespaces to go";
            }
            if (left.isEmpty()) {
                return String.format(
                        Locale.ROOT, "the namespaces were gone %.0f s after the stop", (System.nanoTime() - t0) / 1e9);
            }
            Thread.sleep(1000);
        }
        return "still terminating after 10 minutes: " + left.replace('\n', ' ');
    }

    // ----------------------------------------------------------------------------------------------- start / stop

    /**
     * readyNanos: first 200 of /health (the goal's measure); apiNanos: first 401 of GET /services without a token,
     * i.e. the security filter and the store's resources answer too (/health answers before them).
     */
    private record Start(
            String label,
            long readyNanos,
            long apiNanos,
            long scriptNanos,
            long pid,
            Double ownSeconds,
            String ownDetail,
            double cpuSeconds) {}

    /** Launches bin/cengjiyun --daemon and polls /health every 10 ms; the clock starts before the exec. */
    private Start start(String label) throws Exception {
        Path logFile = data.resolve("log/cengjiyun.log");
        long logOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
        ProcessBuilder builder = new ProcessBuilder(
                        runtime.resolve("bin/cengjiyun").toString(), "--daemon")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launchLog.toFile()));
        builder.environment().put("CENGJIYUN_HTTP_PORT", Integer.toString(port));
        builder.environment().put("CENGJIYUN_DATA", data.toString());
        builder.environment().put("CENGJIYUN_ADMIN_PASSWORD", ADMIN_PASSWORD);
        HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        HttpRequest services = HttpRequest.newBuilder(URI.create(base + "/services"))
                .timeout(Duration.ofSeconds(2))
                .build();

        long t0 = System.nanoTime();
        Process script = builder.start();
        long ready = -1, api = -1, scriptDone = -1;
        while (api < 0) {
            try {
                if (ready < 0) {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        ready = System.nanoTime() - t0;
                    }
                }
                // 401 without a token: the security filter runs and the store's resource is there (else 503 or 404).
                if (ready >= 0
                        && http.send(services, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 401) {
                    api = System.nanoTime() - t0;
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (scriptDone < 0 && !script.isAlive()) {
                scriptDone = System.nanoTime() - t0;
                if (script.exitValue() != 0) {
                    throw new IllegalStateException("bin/cengjiyun --daemon failed (exit " + script.exitValue()
                            + "); see " + launchLog + " and " + logFile + ":\n" + tail(logFile, 20));
                }
            }
            if (System.nanoTime() - t0 > START_TIMEOUT_NANOS) {
                throw new IllegalStateException(
                        "no 200 from /health within 240 s; see " + logFile + ":\n" + tail(logFile, 20));
            }
            Thread.sleep(10);
        }
        if (!script.waitFor(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("bin/cengjiyun --daemon did not return");
        }
        if (scriptDone < 0) {
            scriptDone = System.nanoTime() - t0;
        }
        long pid =
                Long.parseLong(Files.readString(data.resolve("cengjiyun.pid")).trim());
        runningPid = pid;
        double cpu = cpuSeconds(pid);
        // The runtime prints its own figure just after writing the pid file: wait a little for it.
        Double own = null;
        String detail = null;
        for (int i = 0; i < 100 && own == null; i++) {
            Matcher m = STARTED.matcher(readFrom(logFile, logOffset));
            if (m.find()) {
                own = Double.parseDouble(m.group(1));
                detail = m.group(2) + " bundles, " + m.group(3);
            } else {
                Thread.sleep(20);
            }
        }
        Start s = new Start(label, ready, api, scriptDone, pid, own, detail, cpu);
        log(String.format(
                Locale.ROOT,
                "%-36s first 200 of /health after %5.0f ms, of /services after %5.0f ms;"
                        + " --daemon returned after %5.0f ms; CPU used %.1f s; runtime says %s",
                label,
                ms(ready),
                ms(api),
                ms(scriptDone),
                cpu,
                own == null ? "nothing" : own + " s (" + detail + ")"));
        return s;
    }

    /** bin/cengjiyun stop; returns how long it took. */
    private long stop() throws Exception {
        long t0 = System.nanoTime();
        Process p = control("stop");
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("bin/cengjiyun stop failed");
        }
        long took = System.nanoTime() - t0;
        if (runningPid != null
                && ProcessHandle.of(runningPid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException("pid " + runningPid + " still alive after bin/cengjiyun stop");
        }
        runningPid = null;
        return took;
    }

    private Process control(String command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        runtime.resolve("bin/cengjiyun").toString(), command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launchLog.toFile()));
        builder.environment().put("CENGJIYUN_DATA", data.toString());
        builder.environment().put("CENGJIYUN_ADMIN_PASSWORD", ADMIN_PASSWORD);
        return builder.start();
    }

    private void stopQuietly() {
        if (runningPid == null) {
            return;
        }
        try {
            control("stop").waitFor(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort; run.sh tries again
        }
    }

    // ------------------------------------------------------------------------------------------------- workload

    private static String serversPath() {
        return "/services/" + SERVICE + "/appmaps/" + APPMAP + "/servers";
    }

    private static String serverName(int i) {
        return String.format(Locale.ROOT, "web-%04d", i);
    }

    /**
     * A server as the benchmark stores it. Every create and update is applied to the local cluster as a Deployment:
     * replicas 0, so that no pod is scheduled, and the image of tools/kube-local, never pulled. No "ports": each would
     * be a ClusterIP Service, and tools/kube-local's service range (10.0.0.0/24) holds about 250, not 1,500.
     */
    private static String definition(String name, String mode) {
        return "{\"name\":\"" + name + "\",\"kind\":\"Deployment\",\"replicas\":0,\"containers\":[{\"name\":\"web\","
                + "\"image\":\"cengjiyun.test/busybox:1\",\"imagePullPolicy\":\"Never\",\"command\":[\"httpd\",\"-f\",\"-p\",\"8080\"],"
                + "\"ports\":[{\"containerPort\":8080}],\"env\":[{\"name\":\"MODE\",\"value\":\"" + mode + "\"}],"
                + "\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"64Mi\"}},"
                + "\"readinessProbe\":{\"httpGet\":{\"path\":\"/\",\"port\":8080}}}]}";
    }

    private long seed(Map<String, Long> versions) throws Exception {
        expect(post("/services", "{\"name\":\"" + SERVICE + "\"}"), 201);
        allotLocalCluster();
        // Each appmap is a namespace on the local cluster (bench-a1, bench-a2); they stay after the run, and the next
        // run's fresh runtime takes them over, being labelled for the same service and appmaps.
        String quota = ",\"quota\":{\"cpu\":\"1\",\"memory\":\"1Gi\",\"pods\":10,\"storage\":\"1Gi\"}";
        expect(
                post(
                        "/services/" + SERVICE + "/appmaps",
                        "{\"name\":\"" + APPMAP + "\",\"cluster\":\"local\"" + quota + "}"),
                201);
        expect(
                post(
                        "/services/" + SERVICE + "/appmaps",
                        "{\"name\":\"" + CREATE_APPMAP + "\",\"cluster\":\"local\"" + quota + "}"),
                201);
        long t0 = System.nanoTime();
        parallel(clients, k -> {
            for (int i = 1 + k; i <= servers; i += clients) {
                String name = serverName(i);
                HttpResponse<String> r = expect(post(serversPath(), definition(name, "prod")), 201);
                versions.put(name, etag(r));
            }
            return null;
        });
        long took = System.nanoTime() - t0;
        log(String.format(
                Locale.ROOT,
                "Seeded %d servers with %d clients in %.1f s (%.0f creates/s)",
                servers,
                clients,
                took / 1e9,
                servers / (took / 1e9)));
        return took;
    }

    /** Registers tools/kube-local as cluster "local" and allots it to the benchmark's service: appmaps need both. */
    private void allotLocalCluster() throws IOException {
        if (!Files.isRegularFile(KUBECONFIG)) {
            throw new IllegalStateException(
                    "no kubeconfig of the local cluster at " + KUBECONFIG + ": appmaps are placed on"
                            + " a cluster; start it with tools/kube-local/kube-local up (or set -Dcengjiyun.kubeconfig=FILE)");
        }
        expect(
                post(
                        "/clusters",
                        "{\"name\":\"local\",\"kubeconfig\":" + jsonString(Files.readString(KUBECONFIG)) + "}"),
                201);
        expect(
                put(
                        "/services/" + SERVICE + "/allotments",
                        "[{\"cluster\":\"local\",\"cpu\":\"8\",\"memory\":\"16Gi\",\"pods\":100,\"storage\":\"50Gi\"}]",
                        null),
                200);
    }

    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private enum Op {
        GET_SERVER,
        LIST_SERVICES,
        REVISIONS,
        UPDATE,
        CREATE
    }

    private record Mixed(long nanos, Map<Op, long[]> latencies, Map<String, Long> statuses, long unexpected) {}

    /** 60% GET one server, 15% GET the services, 10% GET revisions, 10% PUT with If-Match, 5% POST a new server. */
    private Mixed mixed(Map<String, Long> versions) throws Exception {
        Map<String, Long> statuses = new ConcurrentHashMap<>();
        AtomicLong unexpected = new AtomicLong();
        int perClient = calls / clients;
        int total = perClient * clients;
        long t0 = System.nanoTime();
        List<Map<Op, List<Long>>> perClientLatencies = parallel(clients, k -> {
            Random random = new Random(1000 + k);
            Map<Op, List<Long>> lat = new EnumMap<>(Op.class);
            for (Op op : Op.values()) {
                lat.put(op, new ArrayList<>());
            }
            for (int i = 0; i < perClient; i++) {
                int dice = random.nextInt(100);
                Op op = dice < 60
                        ? Op.GET_SERVER
                        : dice < 75 ? Op.LIST_SERVICES : dice < 85 ? Op.REVISIONS : dice < 95 ? Op.UPDATE : Op.CREATE;
                String server = serverName(1 + random.nextInt(servers));
                long s = System.nanoTime();
                HttpResponse<String> r;
                int want;
                switch (op) {
                    case GET_SERVER -> {
                        r = get(serversPath() + "/" + server);
                        want = 200;
                    }
                    case LIST_SERVICES -> {
                        r = get("/services");
                        want = 200;
                    }
                    case REVISIONS -> {
                        r = get(serversPath() + "/" + server + "/revisions");
                        want = 200;
                    }
                    case UPDATE -> {
                        // Each client updates only its own share of the servers, so its versions are never stale.
                        int own = 1 + k + clients * random.nextInt((servers - 1 - k) / clients + 1);
                        server = serverName(own);
                        r = put(serversPath() + "/" + server, definition(server, "m" + i), versions.get(server));
                        want = 200;
                        if (r.statusCode() == 200) {
                            versions.put(server, etag(r));
                        }
                    }
                    default -> {
                        String name = "c" + k + "-" + i;
                        r = post(
                                "/services/" + SERVICE + "/appmaps/" + CREATE_APPMAP + "/servers",
                                definition(name, "new"));
                        want = 201;
                    }
                }
                lat.get(op).add(System.nanoTime() - s);
                statuses.merge(op + " " + r.statusCode(), 1L, Long::sum);
                if (r.statusCode() != want) {
                    if (unexpected.incrementAndGet() <= 5) {
                        System.err.println(
                                "unexpected " + r.statusCode() + " for " + op + " " + server + ": " + r.body());
                    }
                }
            }
            return lat;
        });
        long took = System.nanoTime() - t0;
        Map<Op, long[]> merged = new EnumMap<>(Op.class);
        for (Op op : Op.values()) {
            merged.put(
                    op,
                    perClientLatencies.stream()
                            .flatMap(m -> m.get(op).stream())
                            .mapToLong(Long::longValue)
                            .sorted()
                            .toArray());
        }
        log(String.format(
                Locale.ROOT,
                "%d mixed calls with %d clients in %.1f s (%.0f calls/s), %d unexpected statuses: %s",
                total,
                clients,
                took / 1e9,
                total / (took / 1e9),
                unexpected.get(),
                statuses));
        return new Mixed(took, merged, statuses, unexpected.get());
    }

    private long[] latencyRest(IntFunction<String> path, int samples, String label) throws Exception {
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            String p = path.apply(i);
            long s = System.nanoTime();
            HttpResponse<String> r = get(p);
            nanos[i] = System.nanoTime() - s;
            expect(r, 200);
        }
        Arrays.sort(nanos);
        if (!label.startsWith("warm-up")) {
            log(String.format(
                    Locale.ROOT,
                    "REST %-28s n=%d p50 %.2f ms p99 %.2f ms max %.2f ms",
                    label,
                    samples,
                    ms(pct(nanos, 50)),
                    ms(pct(nanos, 99)),
                    ms(nanos[nanos.length - 1])));
        }
        return nanos;
    }

    // ----------------------------------------------------------------------------------------- direct baseline

    private record Direct(long bootNanos, long[] one, long[] list, int rows) {}

    /** The store's own queries (ServerRows), on one connection in auto-commit, reading every column. */
    private Direct direct(String onePath) throws Exception {
        String oneName = onePath.substring(onePath.lastIndexOf('/') + 1);
        System.setProperty(
                "derby.stream.error.file",
                data.resolveSibling(data.getFileName() + "-baseline-derby.log").toString());
        String url = "jdbc:derby:" + data.resolve("db");
        long t0 = System.nanoTime();
        Driver driver = new org.apache.derby.jdbc.EmbeddedDriver();
        Connection c = driver.connect(url, new Properties());
        long boot = System.nanoTime() - t0;
        String select = "SELECT service, appmap, name, version, definition, created_at, updated_at, updated_by"
                + " FROM servers WHERE service = ? AND appmap = ?";
        Random random = new Random(7);
        try {
            c.setAutoCommit(true);
            Query one = () -> {
                try (PreparedStatement s = c.prepareStatement(select + " AND name = ?")) {
                    s.setString(1, SERVICE);
                    s.setString(2, APPMAP);
                    s.setString(3, serverName(1 + random.nextInt(servers)));
                    return readAll(s);
                }
            };
            Query list = () -> {
                try (PreparedStatement s = c.prepareStatement(select)) {
                    s.setString(1, SERVICE);
                    s.setString(2, APPMAP);
                    return readAll(s);
                }
            };
            time(one, 1_000);
            long[] oneNanos = time(one, 3_000);
            time(list, 50);
            int rows = list.run();
            if (rows != servers) {
                throw new IllegalStateException("direct: " + rows + " rows in " + APPMAP + ", not " + servers);
            }
            long[] listNanos = time(list, 300);
            log(String.format(
                    Locale.ROOT,
                    "JDBC boot of the database %.0f ms; one row p50 %.3f ms p99 %.3f ms; %d rows p50 %.2f ms"
                            + " p99 %.2f ms",
                    ms(boot),
                    ms(pct(oneNanos, 50)),
                    ms(pct(oneNanos, 99)),
                    rows,
                    ms(pct(listNanos, 50)),
                    ms(pct(listNanos, 99))));
            return new Direct(boot, oneNanos, listNanos, rows);
        } finally {
            c.close();
            try {
                driver.connect(url + ";shutdown=true", new Properties());
            } catch (SQLException expected) {
                // 08006: shut down
            }
        }
    }

    /** Keeps the JIT from dropping the reads of the direct baseline. */
    private static volatile long sink;

    @FunctionalInterface
    private interface Query {
        int run() throws SQLException;
    }

    private static int readAll(PreparedStatement s) throws SQLException {
        int n = 0;
        long chars = 0;
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                chars += r.getString(1).length()
                        + r.getString(2).length()
                        + r.getString(3).length();
                chars += r.getLong(4);
                chars += r.getString(5).length();
                chars += r.getTimestamp(6).getNanos() + r.getTimestamp(7).getNanos();
                String by = r.getString(8);
                chars += by == null ? 0 : by.length();
                n++;
            }
        }
        sink += chars;
        return n;
    }

    private static long[] time(Query q, int samples) throws SQLException {
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long s = System.nanoTime();
            q.run();
            nanos[i] = System.nanoTime() - s;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    // --------------------------------------------------------------------------------------------------- report

    private void report(
            Machine atStart,
            Machine atEnd,
            Start cold,
            List<Start> warm,
            List<Long> stops,
            long rssCold,
            long rssStart,
            long rssSeed,
            long rssMixed,
            long rssEnd,
            long rssPeak,
            String heap,
            long seedNanos,
            Mixed mixed,
            long[] restOne,
            long[] restList,
            int listBytes,
            Direct direct,
            String cleanup)
            throws IOException {
        long[] warmReady = warm.stream().mapToLong(Start::readyNanos).sorted().toArray();
        long[] warmApi = warm.stream().mapToLong(Start::apiNanos).sorted().toArray();
        double[] warmOwn = warm.stream()
                .filter(s -> s.ownSeconds() != null)
                .mapToDouble(Start::ownSeconds)
                .sorted()
                .toArray();
        long[] stopNanos = stops.stream().mapToLong(Long::longValue).sorted().toArray();
        double readyWarm = ms(median(warmReady)) / 1000;
        double readyCold = ms(cold.readyNanos()) / 1000;
        double listP50 = ms(pct(restList, 50));

        StringBuilder t = new StringBuilder();
        t.append("Run ").append(ZonedDateTime.now().withNano(0)).append('\n');
        t.append("Machine: ").append(atStart.describe()).append('\n');
        t.append("Load average at start ")
                .append(atStart.load)
                .append(", at end ")
                .append(atEnd.load)
                .append('\n');
        t.append("Runtime JAVA_OPTS: '")
                .append(System.getenv().getOrDefault("JAVA_OPTS", ""))
                .append("' (plus bin/cengjiyun's defaults); ")
                .append(clients)
                .append(" concurrent clients; port ")
                .append(port)
                .append(", loopback only\n\n");
        t.append("| metric | Cengjiyun | direct baseline | ratio | goal | met? |\n");
        t.append("|---|---|---|---|---|---|\n");
        row(
                t,
                "Ready: first start, cold cache (launch to first 200 of /health)",
                sec(readyCold),
                "",
                "",
                "<= 3 s",
                met(readyCold <= 3));
        row(
                t,
                "Ready: warm restart, median of " + warm.size() + " (min-max)",
                sec(readyWarm) + " (" + sec(ms(warmReady[0]) / 1000) + "-"
                        + sec(ms(warmReady[warmReady.length - 1]) / 1000) + ")",
                "",
                "",
                "<= 3 s",
                met(readyWarm <= 3));
        row(
                t,
                "Ready for the API (first 200 of GET /services): cold / warm median",
                sec(ms(cold.apiNanos()) / 1000) + " / " + sec(ms(median(warmApi)) / 1000),
                "",
                "",
                "",
                "");
        double[] warmCpu = warm.stream().mapToDouble(Start::cpuSeconds).sorted().toArray();
        row(
                t,
                "CPU time the runtime used to start (user+sys): cold / warm median",
                String.format(Locale.ROOT, "%.1f s / %.1f s", cold.cpuSeconds(), warmCpu[warmCpu.length / 2]),
                "",
                "",
                "",
                "");
        row(
                t,
                "Runtime's own \"started in\": cold / warm median",
                (cold.ownSeconds() == null ? "n/a" : cold.ownSeconds() + " s") + " / "
                        + (warmOwn.length == 0
                                ? "n/a"
                                : String.format(Locale.ROOT, "%.1f s", warmOwn[warmOwn.length / 2])),
                "",
                "",
                "",
                "");
        row(t, "bin/cengjiyun stop, median", sec(ms(median(stopNanos)) / 1000), "", "", "", "");
        row(
                t,
                "RSS right after start (warm restart; cold start: " + mib(rssCold) + ")",
                mib(rssStart),
                "",
                "",
                "<= 180 MB",
                met(rssStart / 1024.0 <= 180 && rssCold / 1024.0 <= 180));
        row(
                t,
                "RSS after " + servers + " creates + "
                        + mixed.latencies().values().stream()
                                .mapToInt(a -> a.length)
                                .sum() + " mixed calls",
                mib(rssMixed),
                "",
                "",
                "<= 180 MB",
                met(rssMixed / 1024.0 <= 180));
        row(
                t,
                "RSS at the end (after the latency runs) / peak (VmHWM)",
                mib(rssEnd) + " / " + mib(rssPeak),
                "",
                "",
                "<= 180 MB",
                met(rssPeak / 1024.0 <= 180));
        row(
                t,
                "GET one server, p50",
                msf(pct(restOne, 50)),
                msf(pct(direct.one(), 50)),
                ratio(pct(restOne, 50), pct(direct.one(), 50)),
                "",
                "");
        row(
                t,
                "GET one server, p99",
                msf(pct(restOne, 99)),
                msf(pct(direct.one(), 99)),
                ratio(pct(restOne, 99), pct(direct.one(), 99)),
                "",
                "");
        row(
                t,
                "GET list of " + servers + " servers, p50 (" + kib(listBytes) + " of JSON)",
                msf(pct(restList, 50)),
                msf(pct(direct.list(), 50)),
                ratio(pct(restList, 50), pct(direct.list(), 50)),
                "<= 20 ms",
                met(listP50 <= 20));
        row(
                t,
                "GET list of " + servers + " servers, p99",
                msf(pct(restList, 99)),
                msf(pct(direct.list(), 99)),
                ratio(pct(restList, 99), pct(direct.list(), 99)),
                "",
                "");
        row(
                t,
                "Mixed calls: throughput with " + clients + " clients (unexpected statuses)",
                String.format(
                        Locale.ROOT,
                        "%.0f calls/s (%d)",
                        mixed.latencies().values().stream()
                                        .mapToInt(a -> a.length)
                                        .sum()
                                / (mixed.nanos() / 1e9),
                        mixed.unexpected()),
                "",
                "",
                "",
                "");
        row(
                t,
                "Seeding: " + servers + " POSTs with " + clients + " clients (each applied to the cluster)",
                String.format(Locale.ROOT, "%.1f s (%.0f/s)", seedNanos / 1e9, servers / (seedNanos / 1e9)),
                "",
                "",
                "",
                "");
        row(t, "Opening the database (Derby boot)", "", msf(direct.bootNanos()), "", "", "");
        t.append('\n');
        t.append("Samples: GET one server n=")
                .append(restOne.length)
                .append(" (random among ")
                .append(servers)
                .append(", after 1,000 warm-up), list n=")
                .append(restList.length)
                .append(
                        " (after 50 warm-up); the direct baseline the same counts, same queries as the store's ServerRows.\n");
        t.append("Mixed calls, latency per kind (p50 / p99, ms, with ")
                .append(clients)
                .append(" clients): ");
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Op, long[]> e : mixed.latencies().entrySet()) {
            long[] a = e.getValue();
            if (a.length > 0) {
                parts.add(String.format(
                        Locale.ROOT, "%s n=%d %.1f / %.1f", e.getKey(), a.length, ms(pct(a, 50)), ms(pct(a, 99))));
            }
        }
        t.append(String.join("; ", parts)).append('\n');
        t.append("Starts: ");
        List<String> starts = new ArrayList<>();
        starts.add(String.format(Locale.ROOT, "cold %.2f s", ms(cold.readyNanos()) / 1000));
        for (Start s : warm) {
            starts.add(String.format(Locale.ROOT, "%.2f", ms(s.readyNanos()) / 1000));
        }
        t.append(String.join(", ", starts)).append(" s (warm in run order)\n");
        if (heap != null) {
            t.append("Heap at the end (jcmd GC.heap_info): ").append(heap).append('\n');
        }
        t.append("Every create and update was applied to the local cluster (replicas 0). Cleanup: ")
                .append(cleanup)
                .append('\n');
        System.out.println();
        System.out.print(t);
        if (out != null) {
            Files.writeString(out, t.toString());
        }
    }

    private static void row(StringBuilder t, String... cells) {
        t.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    // ---------------------------------------------------------------------------------------------------- http

    private String signIn() {
        HttpResponse<String> r = expect(
                send(HttpRequest.newBuilder(URI.create(base + "/auth/token"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\": \"admin\", \"password\": \"" + ADMIN_PASSWORD + "\"}"))),
                200);
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no token in " + r.body());
        }
        return m.group(1);
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "application/json")
                .GET());
    }

    private HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> put(String path, String json, Long ifMatch) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        if (ifMatch != null) {
            b.header("If-Match", "\"" + ifMatch + "\"");
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(
                    r.request().method() + " " + r.uri() + ": " + r.statusCode() + ", not " + status + ": " + r.body());
        }
        return r;
    }

    private static long etag(HttpResponse<String> r) {
        String tag =
                r.headers().firstValue("ETag").orElseThrow(() -> new IllegalStateException("no ETag from " + r.uri()));
        return Long.parseLong(tag.replace("W/", "").replace("\"", "").trim());
    }

    private static int countServers(String json) {
        int n = 0;
        for (int i = json.indexOf("\"appmap\""); i >= 0; i = json.indexOf("\"appmap\"", i + 1)) {
            n++;
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------------- misc

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
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Task<T> {
        T run(int client) throws Exception;
    }

    private static long rssKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field + " for pid " + pid);
    }

    /** User + system CPU time of the process so far, from /proc/pid/stat (clock ticks of 1/100 s on Linux). */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static String heapInfo(long pid) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info")
                    .redirectErrorStream(true)
                    .start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            List<String> keep = new ArrayList<>();
            for (String line : s.split("\n")) {
                String l = line.trim();
                if (l.startsWith("def new generation")
                        || l.startsWith("tenured generation")
                        || l.startsWith("Metaspace")
                        || l.startsWith("class space")
                        || l.startsWith("garbage-first heap")) {
                    keep.add(l.replaceAll("\\s+\\[0x.*$", "").replaceAll("\\s+", " "));
                }
            }
            return keep.isEmpty() ? null : String.join("; ", keep);
        } catch (Exception e) {
            return null;
        }
    }

    private static String readFrom(Path file, long offset) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        byte[] all = Files.readAllBytes(file);
        return offset >= all.length
                ? ""
                : new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no " + file + ")";
        }
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

    private static long median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String msf(long nanos) {
        double m = ms(nanos);
        return String.format(Locale.ROOT, m < 1 ? "%.3f ms" : m < 10 ? "%.2f ms" : "%.1f ms", m);
    }

    private static String sec(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    private static String mib(long kb) {
        return String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
    }

    private static String kib(int bytes) {
        return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
    }

    private static String ratio(long a, long b) {
        return b == 0 ? "" : String.format(Locale.ROOT, "%.1fx", (double) a / b);
    }

    private static String met(boolean ok) {
        return ok ? "yes" : "**no**";
    }

    private static void log(String s) {
        System.out.println("[bench] " + s);
    }

    private record Machine(int cpus, String load, String cpu, long memMb, String java) {
        static Machine now() {
            String load = "?", cpu = "?";
            long mem = 0;
            try {
                String[] l = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                load = l[0] + " " + l[1] + " " + l[2];
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("model name")) {
                        cpu = line.substring(line.indexOf(':') + 1).trim();
                        break;
                    }
                }
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemTotal:")) {
                        mem = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                    }
                }
            } catch (IOException e) {
                // not Linux
            }
            return new Machine(
                    Runtime.getRuntime().availableProcessors(),
                    load,
                    cpu,
                    mem,
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        }

        String describe() {
            return cpus + " CPUs (" + cpu + "), " + memMb + " MB RAM, load average " + load + ", " + java;
        }
    }
}
