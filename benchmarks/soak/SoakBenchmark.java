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
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak test of issue 18: a copy of the built runtime on a free loopback port with fresh data, the local cluster
 * registered and allotted, one service with one appmap, and N clients that each loop over a mix of calls with a churn
 * of servers (create, read, status, list, update with If-Match, stop, status, start, scale, the appmap's overview,
 * delete), for a bounded time and a bounded number of servers alive at once. Every answer's status is checked against
 * the one expected for its call. Every --sample-seconds the runtime's process is sampled (RSS, threads, open files,
 * heap after a full GC, the database pool from /metrics); after the warm-up a least-squares line is fitted to each
 * series and its slope printed per hour, with the figures at the end of the warm-up as the baseline.
 *
 * <p>No dependency but the JDK (java.net.http); Derby's jars on the class path for the check of the database after the
 * run (optional). Run by run.sh: {@code java -cp <derby jars> SoakBenchmark.java RUNTIME_DIR [options]}.
 */
public class SoakBenchmark {
    private static final String ADMIN_PASSWORD = "soak-benchmark-password-1";
    private static final String APPMAP = "soak";
    private static final String IMAGE = "cengjiyun.test/busybox:1";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);

    /** The calls of the mix, in the order a server goes through them, with the status each must answer. */
    enum Call {
        CREATE(201),
        GET(200),
        STATUS(200),
        LIST(200),
        UPDATE(200),
        STOP(200),
        STOPPED_STATUS(200),
        START(200),
        SCALE(200),
        OVERVIEW(200),
        DELETE(204);

        final int expected;

        Call(int expected) {
            this.expected = expected;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A server a client made and has not deleted yet: the next call of its sequence, its ETag, its replicas. */
    private static final class Alive {
        final String name;
        int next; // index into Call.values()
        String etag;
        int replicas;
        int updates;

        Alive(String name, int replicas) {
            this.name = name;
            this.replicas = replicas;
        }
    }

    /** One sample of the runtime's process. NaN where a figure could not be read. */
    private record Sample(
            double minutes,
            double rssMib,
            double heapMib,
            double threads,
            double files,
            double dbTotal,
            double dbActive,
            long calls,
            int alive,
            String load) {}

    private final Path runtime;
    private final Path data;
    private final int port;
    private final int minutes;
    private final int clients;
    private final int warmupMinutes;
    private final int perClient;
    private final int sampleSeconds;
    private final Path kubeconfig;
    private final String kubectl;
    private final Path out;
    private final String service;
    private final String namespace;
    private final String base;
    private final String origin;
    private final Path launchLog;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private volatile String token;
    private volatile Long pid;
    private volatile boolean serviceMade;
    private volatile boolean cleanedUp;
    private volatile boolean stopping;
    private long t0;

    // results
    private final Map<Call, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> unexpected = new ConcurrentHashMap<>();
    private final List<String> unexpectedBodies = new CopyOnWriteArrayList<>();
    /** Latencies in microseconds by minute and call. */
    private final Map<Integer, Map<Call, List<Long>>> latencies = new ConcurrentHashMap<>();

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final AtomicInteger aliveNow = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private volatile String dbPoolNote;
    /** The heap's classes (jcmd GC.class_histogram: bytes and instances by class) at the warm-up's end and at the end. */
    private volatile Map<String, long[]> histogramWarm;

    private volatile Map<String, long[]> histogramEnd;

    private SoakBenchmark(
            Path runtime, Path data, int port, Map<String, Integer> n, Path kubeconfig, String kubectl, Path out) {
        this.runtime = runtime;
        this.data = data;
        this.port = port;
        this.minutes = n.get("--minutes");
        this.clients = n.get("--clients");
        this.warmupMinutes = n.get("--warmup-minutes");
        this.perClient = Math.max(1, n.get("--max-servers") / clients);
        this.sampleSeconds = n.get("--sample-seconds");
        this.kubeconfig = kubeconfig;
        this.kubectl = kubectl;
        this.out = out;
        this.service = String.format(Locale.ROOT, "soak-%04x", new Random().nextInt(0x10000));
        this.namespace = service + "-" + APPMAP;
        this.origin = "http://127.0.0.1:" + port;
        this.base = origin + "/api/v1";
        this.launchLog = data.resolveSibling(data.getFileName() + "-launch.log");
        for (Call c : Call.values()) {
            calls.put(c, new AtomicLong());
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("usage: java SoakBenchmark.java RUNTIME_DIR [--data DIR] [--port P] [--minutes N]"
                    + " [--clients N] [--warmup-minutes N] [--max-servers N] [--sample-seconds S]"
                    + " [--kubeconfig FILE] [--kubectl PATH] [--out FILE]");
            System.exit(2);
        }
        Path runtime = Path.of(args[0]).toAbsolutePath().normalize();
        Path data = runtime.resolveSibling("soak-data");
        int port = 0;
        Map<String, Integer> n = new LinkedHashMap<>();
        n.put("--minutes", 20);
        n.put("--clients", 8);
        n.put("--warmup-minutes", 3);
        n.put("--max-servers", 40);
        n.put("--sample-seconds", 10);
        String kubectl = "kubectl";
        Path kubeconfig = Path.of("/var/lib/cengjiyun-kube-local/admin.kubeconfig");
        Path out = null;
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
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
            if (n.get("--minutes") < 1 || n.get("--minutes") > 240) {
                throw new IllegalArgumentException("--minutes must be 1 to 240");
            }
            if (n.get("--warmup-minutes") < 0 || n.get("--warmup-minutes") >= n.get("--minutes")) {
                throw new IllegalArgumentException("--warmup-minutes must be 0 to --minutes - 1");
            }
            if (n.get("--clients") < 1 || n.get("--clients") > 32) {
                throw new IllegalArgumentException("--clients must be 1 to 32");
            }
            if (n.get("--max-servers") < n.get("--clients") || n.get("--max-servers") > 200) {
                throw new IllegalArgumentException("--max-servers must be --clients to 200");
            }
            if (n.get("--sample-seconds") < 2 || n.get("--sample-seconds") > 300) {
                throw new IllegalArgumentException("--sample-seconds must be 2 to 300");
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
        SoakBenchmark b = new SoakBenchmark(runtime, data, port, n, kubeconfig, kubectl, out);
        Runtime.getRuntime().addShutdownHook(new Thread(b::emergencyCleanup, "cleanup"));
        int rc = b.run();
        System.exit(rc);
    }

    // ---------------------------------------------------------------------------------------------------- the run

    private int run() throws Exception {
        if (!Files.isExecutable(runtime.resolve("bin/cengjiyun"))) {
            throw new IllegalStateException(runtime + "/bin/cengjiyun is missing: not a Cengjiyun runtime directory");
        }
        if (!Files.isRegularFile(kubeconfig)) {
            throw new IllegalStateException("no kubeconfig of the local cluster at " + kubeconfig);
        }
        String load0 = loadAverage();
        String machine = Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), " + memMb()
                + " MB RAM, " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + "; " + kubernetesVersions();
        log("Machine: " + machine + "; load average " + load0);
        log("Runtime " + runtime + ", data " + data + ", port " + port + "; service " + service + ", namespace "
                + namespace + "; " + clients + " clients, at most " + perClient + " servers alive each ("
                + clients * perClient + " in all); " + minutes + " min (" + warmupMinutes + " min warm-up), a sample"
                + " every " + sampleSeconds + " s; JAVA_OPTS='"
                + System.getenv().getOrDefault("JAVA_OPTS", "") + "'");
        Throwable failure = null;
        String cleanup = null;
        String dbCheck = null;
        try {
            start();
            token = signIn();
            setUp();
            soak();
        } catch (Throwable t) {
            failure = t;
            System.err.println();
            System.err.println("[soak] FAILED: " + t);
            if (!(t instanceof Failure)) {
                t.printStackTrace();
            }
            problems.add("the run failed: " + t.getMessage());
        }
        stopping = true;
        cleanup = cleanUp();
        dbCheck = checkDatabase();
        report(machine, load0, loadAverage(), cleanup, dbCheck);
        long bad = unexpected.values().stream().mapToLong(AtomicInteger::get).sum();
        return failure == null && problems.isEmpty() && bad == 0 ? 0 : 1;
    }

    private void setUp() throws Exception {
        expect(post("/services", "{\"name\":\"" + service + "\"}"), 201);
        serviceMade = true;
        HttpResponse<String> cluster = post(
                "/clusters", "{\"name\":\"local\",\"kubeconfig\":" + jsonString(Files.readString(kubeconfig)) + "}");
        if (cluster.statusCode() != 201 && cluster.statusCode() != 409) {
            throw new Failure("POST /clusters answered " + cluster.statusCode() + ": " + cluster.body());
        }
        int pods = clients * perClient * 2 + 20; // each alive server at most 1 replica, + 1 during a rolling update
        expect(
                put(
                        "/services/" + service + "/allotments",
                        "[{\"cluster\":\"local\",\"cpu\":\"8\",\"memory\":\"8Gi\",\"pods\":" + (pods + 20)
                                + ",\"storage\":\"10Gi\"}]"),
                200);
        expect(
                post(
                        "/services/" + service + "/appmaps",
                        "{\"name\":\"" + APPMAP + "\",\"cluster\":\"local\",\"quota\":{\"cpu\":\"4\",\"memory\":"
                                + "\"4Gi\",\"pods\":" + pods + ",\"storage\":\"1Gi\"}}"),
                201);
        log("Service " + service + ", cluster local allotted, appmap " + APPMAP + " (namespace " + namespace
                + ", quota pods " + pods + ")");
    }

    private String definition(String name, int replicas, int round) {
        return "{\"name\":\"" + name + "\",\"kind\":\"Deployment\",\"replicas\":" + replicas
                + ",\"terminationGracePeriodSeconds\":1,\"containers\":[{\"name\":\"main\",\"image\":\"" + IMAGE
                + "\",\"imagePullPolicy\":\"Never\",\"command\":[\"sleep\",\"3600\"],"
                + "\"env\":[{\"name\":\"ROUND\",\"value\":\"" + round + "\"}],"
                + "\"resources\":{\"requests\":{\"cpu\":\"1m\",\"memory\":\"4Mi\"},"
                + "\"limits\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"}}}]}";
    }

    private void soak() throws Exception {
        t0 = System.nanoTime();
        long end = t0 + TimeUnit.MINUTES.toNanos(minutes);
        Thread sampler = new Thread(() -> sampleLoop(end), "sampler");
        sampler.setDaemon(true);
        sampler.start();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < clients; k++) {
            int kk = k;
            Thread t = new Thread(() -> clientLoop(kk, end), "client-" + k);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        sampler.join(TimeUnit.SECONDS.toMillis(sampleSeconds + 120));
        log(String.format(
                Locale.ROOT,
                "Soak over after %.1f min: %d calls, %d servers created, %d deleted",
                (System.nanoTime() - t0) / 60e9,
                total.get(),
                created.get(),
                deleted.get()));
    }

    /**
     * A client: up to {@code perClient} servers of its own alive, each going through the calls in order; each step
     * takes the next call of one of them (in turn), and makes a new server when it has fewer than its share. Stops
     * at the end time after the call under way; what is left alive goes with the service at the cleanup.
     */
    private void clientLoop(int client, long end) {
        Random random = new Random(client * 7919L + System.nanoTime());
        Deque<Alive> mine = new ArrayDeque<>();
        int made = 0;
        while (System.nanoTime() < end && !stopping) {
            try {
                if (mine.size() < perClient) {
                    String name = String.format(Locale.ROOT, "c%d-%05d", client, made++);
                    Alive a = new Alive(name, random.nextInt(4) == 0 ? 1 : 0);
                    HttpResponse<String> r = call(
                            Call.CREATE,
                            timedPost(
                                    "/services/" + service + "/appmaps/" + APPMAP + "/servers",
                                    definition(name, a.replicas, 0)));
                    if (r != null && r.statusCode() == 201) {
                        a.etag = r.headers().firstValue("ETag").orElse(null);
                        a.next = Call.GET.ordinal();
                        mine.addLast(a);
                        created.incrementAndGet();
                        aliveNow.incrementAndGet();
                    } else if (r != null && exists(name)) {
                        a.next = Call.DELETE.ordinal(); // stored despite the answer: it goes
                        mine.addLast(a);
                        aliveNow.incrementAndGet();
                    }
                    continue;
                }
                Alive a = mine.pollFirst();
                if (step(a)) {
                    mine.addLast(a);
                } else {
                    aliveNow.decrementAndGet();
                }
            } catch (RuntimeException e) {
                count("exception", e.toString());
            }
        }
    }

    /** The next call of the server's sequence; false once it is deleted (or gone). */
    private boolean step(Alive a) {
        String path = "/services/" + service + "/appmaps/" + APPMAP + "/servers/" + a.name;
        Call c = Call.values()[a.next];
        HttpResponse<String> r = switch (c) {
            case GET -> call(c, timedGet(path));
            case STATUS, STOPPED_STATUS -> call(c, timedGet(path + "/status"));
            case LIST -> call(c, timedGet("/services/" + service + "/appmaps/" + APPMAP + "/servers"));
            case UPDATE ->
                call(
                        c,
                        timed(ifMatch(
                                HttpRequest.newBuilder(URI.create(base + path + "?message=soak"))
                                        .header("Content-Type", "application/json")
                                        .PUT(HttpRequest.BodyPublishers.ofString(
                                                definition(a.name, a.replicas, ++a.updates))),
                                a.etag)));
            case STOP -> call(c, timedPost(path + "/stop", null));
            case START -> call(c, timedPost(path + "/start", null));
            case SCALE -> {
                int to = 1 - a.replicas;
                HttpResponse<String> s = call(
                        c,
                        timed(ifMatch(
                                HttpRequest.newBuilder(URI.create(base + path + "/scale"))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"replicas\":" + to + "}")),
                                a.etag)));
                if (s != null && s.statusCode() == 200) {
                    a.replicas = to;
                }
                yield s;
            }
            case OVERVIEW -> call(c, timedGet("/services/" + service + "/appmaps/" + APPMAP + "/overview"));
            case DELETE ->
                call(
                        c,
                        timed(HttpRequest.newBuilder(URI.create(base + path + "?stop=true"))
                                .DELETE()));
            case CREATE -> throw new IllegalStateException("create is not a step");
        };
        if (r == null) { // no answer (counted): a delete is tried again if the server is still there
            if (c == Call.DELETE) {
                return exists(a.name);
            }
            a.next++;
            return true;
        }
        if (r.statusCode() == c.expected) {
            if (c == Call.GET || c == Call.UPDATE || c == Call.SCALE) { // the calls that answer the server itself
                r.headers().firstValue("ETag").ifPresent(e -> a.etag = e);
            }
            if (c == Call.DELETE) {
                deleted.incrementAndGet();
                return false;
            }
            a.next++;
            return true;
        }
        // unexpected (counted already): read it again, go on where it stands
        try {
            HttpResponse<String> again = get(path);
            if (again.statusCode() == 404) {
                return false;
            }
            again.headers().firstValue("ETag").ifPresent(e -> a.etag = e);
        } catch (RuntimeException e) {
            // the next step tells
        }
        if (c != Call.DELETE) {
            a.next++;
        }
        return true;
    }

    private boolean exists(String name) {
        try {
            return get("/services/" + service + "/appmaps/" + APPMAP + "/servers/" + name)
                            .statusCode()
                    == 200;
        } catch (RuntimeException e) {
            return true; // unknown: the cleanup's cascade takes it
        }
    }

    /** Sends, times and checks one call of the mix; null (counted) if it threw. */
    private HttpResponse<String> call(Call c, Sent sent) {
        calls.get(c).incrementAndGet();
        total.incrementAndGet();
        int minute = (int) ((sent.startNanos() - t0) / 60_000_000_000L);
        latencies
                .computeIfAbsent(minute, m -> new ConcurrentHashMap<>())
                .computeIfAbsent(c, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(sent.micros());
        if (sent.failure() != null) {
            count(c.label() + " exception", c.label() + ": " + sent.failure());
            return null;
        }
        HttpResponse<String> r = sent.response();
        if (r.statusCode() != c.expected) {
            count(
                    c.label() + " " + r.statusCode(),
                    r.request().method() + " " + r.uri().getRawPath() + " answered " + r.statusCode() + " (expected "
                            + c.expected + "): " + oneLine(r.body()));
        }
        return r;
    }

    private void count(String what, String body) {
        unexpected.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
        if (unexpectedBodies.size() < 8) {
            unexpectedBodies.add(body.length() > 600 ? body.substring(0, 600) + "..." : body);
            System.err.println("[soak] unexpected: " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
        }
    }

    // --------------------------------------------------------------------------------------------------- sampling

    private void sampleLoop(long end) {
        long next = System.nanoTime();
        while (!stopping) {
            try {
                Sample s = sample();
                samples.add(s);
                log(String.format(
                        Locale.ROOT,
                        "%5.1f min: RSS %.1f MiB, heap after GC %.1f MiB, %.0f threads, %.0f open files, db pool %s;"
                                + " %d calls, %d servers alive; load %s",
                        s.minutes(),
                        s.rssMib(),
                        s.heapMib(),
                        s.threads(),
                        s.files(),
                        Double.isNaN(s.dbTotal())
                                ? "n/a"
                                : String.format(Locale.ROOT, "%.0f total/%.0f active", s.dbTotal(), s.dbActive()),
                        s.calls(),
                        s.alive(),
                        s.load()));
            } catch (Exception e) {
                log("sample failed: " + e);
            }
            boolean over = System.nanoTime() >= end;
            if (histogramWarm == null && (System.nanoTime() - t0) / 60e9 >= warmupMinutes) {
                histogramWarm = histogram();
            }
            if (over) {
                histogramEnd = histogram();
                return;
            }
            next += TimeUnit.SECONDS.toNanos(sampleSeconds);
            long wait = Math.min(next, end) - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private Sample sample() throws Exception {
        double at = (System.nanoTime() - t0) / 60e9;
        Map<String, Long> status = procStatus();
        double rss = status.getOrDefault("VmRSS", -1L) / 1024.0;
        double threads = status.getOrDefault("Threads", -1L);
        double files;
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            files = fds.count();
        } catch (IOException e) {
            files = Double.NaN;
        }
        // a full GC first, so that the heap is what is live
        jcmd("GC.run");
        String metrics = metrics();
        double heap = sumMetric(metrics, "jvm_memory_used_bytes", "area=\"heap\"") / (1024.0 * 1024);
        if (Double.isNaN(heap)) {
            heap = heapInfoUsedKib(jcmd("GC.heap_info")) / 1024.0;
        }
        double dbTotal = sumMetric(metrics, "cengjiyun_db_pool_connections", "state=\"total\"");
        double dbActive = sumMetric(metrics, "cengjiyun_db_pool_connections", "state=\"active\"");
        if (Double.isNaN(dbTotal) && dbPoolNote == null) {
            dbPoolNote = metrics == null
                    ? "GET /metrics did not answer"
                    : "cengjiyun_db_pool_connections is absent from this runtime's /metrics (it exports no pool"
                            + " figures): the database connections are not measured";
            log(dbPoolNote);
        }
        return new Sample(at, rss, heap, threads, files, dbTotal, dbActive, total.get(), aliveNow.get(), loadAverage());
    }

    private Map<String, Long> procStatus() throws IOException {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String digits = line.substring(colon + 1).replaceAll("[^0-9]", "");
                if (!digits.isEmpty() && digits.length() < 18) {
                    m.put(line.substring(0, colon), Long.parseLong(digits));
                }
            }
        }
        return m;
    }

    private String jcmd(String command) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command)
                    .redirectErrorStream(true)
                    .start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return s;
        } catch (Exception e) {
            return null;
        }
    }

    /** Bytes and instances per class of the live heap (jcmd GC.class_histogram, itself after a full GC). */
    private Map<String, long[]> histogram() {
        Map<String, long[]> byClass = new java.util.HashMap<>();
        java.util.regex.Pattern row = java.util.regex.Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
        for (String line : jcmd("GC.class_histogram").split("\n")) {
            java.util.regex.Matcher m = row.matcher(line);
            if (m.matches()) {
                byClass.merge(m.group(3), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(1))}, (a, b) ->
                        new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return byClass;
    }

    /** The classes whose live bytes grew most from the warm-up's end to the end, as a markdown table. */
    private String histogramGrowth(int top) {
        Map<String, long[]> warm = histogramWarm;
        Map<String, long[]> last = histogramEnd;
        if (warm == null || last == null || warm.isEmpty() || last.isEmpty()) {
            return "(no class histogram: jcmd GC.class_histogram did not answer)\n";
        }
        long warmTotal = warm.values().stream().mapToLong(v -> v[0]).sum();
        long lastTotal = last.values().stream().mapToLong(v -> v[0]).sum();
        StringBuilder t = new StringBuilder(String.format(
                Locale.ROOT,
                "Live heap by class (jcmd GC.class_histogram): %.1f MiB at the warm-up's end, %.1f MiB at the end."
                        + " The %d classes that grew most:%n%n| class | bytes at warm-up end | bytes at end | change |"
                        + " instances at warm-up end | instances at end |%n|---|---|---|---|---|---|%n",
                warmTotal / 1048576.0,
                lastTotal / 1048576.0,
                top));
        last.entrySet().stream()
                .sorted(java.util.Comparator.comparingLong((Map.Entry<String, long[]> e) ->
                        -(e.getValue()[0] - warm.getOrDefault(e.getKey(), new long[2])[0])))
                .limit(top)
                .forEach(e -> {
                    long[] w = warm.getOrDefault(e.getKey(), new long[2]);
                    long[] l = e.getValue();
                    t.append(String.format(
                            Locale.ROOT,
                            "| %s | %,d | %,d | %+,d | %,d | %,d |%n",
                            e.getKey(),
                            w[0],
                            l[0],
                            l[0] - w[0],
                            w[1],
                            l[1]));
                });
        return t.toString();
    }

    /** The heap's used KiB in jcmd GC.heap_info: every "used NK" before Metaspace. */
    static double heapInfoUsedKib(String info) {
        if (info == null) {
            return Double.NaN;
        }
        double used = 0;
        boolean any = false;
        for (String line : info.split("\n")) {
            String l = line.trim();
            if (l.startsWith("Metaspace") || l.startsWith("class space")) {
                break;
            }
            if (l.startsWith("def new generation")
                    || l.startsWith("tenured generation")
                    || l.startsWith("garbage-first heap")
                    || l.startsWith("PSYoungGen")
                    || l.startsWith("ParOldGen")) {
                Matcher m = Pattern.compile("used (\\d+)K").matcher(l);
                if (m.find()) {
                    used += Long.parseLong(m.group(1));
                    any = true;
                }
            }
        }
        return any ? used : Double.NaN;
    }

    private String metrics() {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(origin + "/metrics"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The sum of a metric's series whose labels contain {@code label} (NaN if none). */
    static double sumMetric(String text, String name, String label) {
        if (text == null) {
            return Double.NaN;
        }
        double sum = 0;
        boolean any = false;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(label)) {
                String v = line.substring(line.lastIndexOf('}') + 1).trim().split("\\s+")[0];
                try {
                    sum += Double.parseDouble(v);
                    any = true;
                } catch (NumberFormatException e) {
                    // not a sample line
                }
            }
        }
        return any ? sum : Double.NaN;
    }

    // ---------------------------------------------------------------------------------------------------- report

    /** A series after the warm-up: mean, least-squares slope per hour, baseline (end of warm-up) and last value. */
    private record Trend(
            String name,
            String unit,
            double mean,
            double slopePerHour,
            double baseline,
            double last,
            double windowMinutes,
            double floor,
            int n) {
        double fittedChange() {
            return slopePerHour * windowMinutes / 60;
        }

        double threshold() {
            return Math.max(0.02 * Math.abs(mean), floor);
        }

        String verdict() {
            if (n < 3 || Double.isNaN(slopePerHour)) {
                return "too few samples";
            }
            return fittedChange() > threshold() ? "**growing**" : fittedChange() < -threshold() ? "falling" : "flat";
        }
    }

    private Trend trend(String name, String unit, double floor, java.util.function.ToDoubleFunction<Sample> f) {
        double warm = warmupMinutes;
        List<Sample> after = samples.stream()
                .filter(s -> s.minutes() >= warm && !Double.isNaN(f.applyAsDouble(s)))
                .toList();
        // the baseline: the last sample of the warm-up (the first after it if none)
        double baseline = Double.NaN;
        for (Sample s : samples) {
            double v = f.applyAsDouble(s);
            if (Double.isNaN(v)) {
                continue;
            }
            if (s.minutes() <= warm || Double.isNaN(baseline)) {
                baseline = v;
            }
            if (s.minutes() > warm) {
                break;
            }
        }
        int n = after.size();
        if (n == 0) {
            return new Trend(name, unit, Double.NaN, Double.NaN, baseline, Double.NaN, 0, floor, 0);
        }
        double mx = 0, my = 0;
        for (Sample s : after) {
            mx += s.minutes() / 60;
            my += f.applyAsDouble(s);
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0;
        for (Sample s : after) {
            double dx = s.minutes() / 60 - mx;
            sxy += dx * (f.applyAsDouble(s) - my);
            sxx += dx * dx;
        }
        double slope = sxx == 0 ? Double.NaN : sxy / sxx;
        double window = after.get(n - 1).minutes() - after.get(0).minutes();
        return new Trend(name, unit, my, slope, baseline, f.applyAsDouble(after.get(n - 1)), window, floor, n);
    }

    private void report(String machine, String load0, String load1, String cleanup, String dbCheck) {
        StringBuilder t = new StringBuilder();
        long bad = unexpected.values().stream().mapToLong(AtomicInteger::get).sum();
        double ranMinutes =
                samples.isEmpty() ? 0 : samples.get(samples.size() - 1).minutes();
        t.append("\n## Soak results\n\n");
        t.append("Machine: ")
                .append(machine)
                .append(". Load average ")
                .append(load0)
                .append(" at the start, ")
                .append(load1)
                .append(" at the end. Service ")
                .append(service)
                .append(", ")
                .append(clients)
                .append(" clients, at most ")
                .append(perClient)
                .append(" servers alive each; ")
                .append(minutes)
                .append(" min, warm-up ")
                .append(warmupMinutes)
                .append(" min, a sample every ")
                .append(sampleSeconds)
                .append(" s (a full GC before each, by jcmd GC.run).\n\n");
        t.append(String.format(
                Locale.ROOT,
                "Calls: %d (%.1f/s); servers created %d, deleted %d (the rest, at most %d, with the service);"
                        + " unexpected statuses: %d%s\n\n",
                total.get(),
                ranMinutes > 0 ? total.get() / (ranMinutes * 60) : 0.0,
                created.get(),
                deleted.get(),
                clients * perClient,
                bad,
                bad == 0 ? "" : " " + new TreeMap<>(unexpected)));
        if (!unexpectedBodies.isEmpty()) {
            t.append("The first unexpected answers:\n\n");
            unexpectedBodies.forEach(b -> t.append("- ").append(b).append('\n'));
            t.append('\n');
        }

        List<Trend> trends = List.of(
                trend("RSS", "MiB", 4, Sample::rssMib),
                trend("heap after GC", "MiB", 2, Sample::heapMib),
                trend("threads", "", 3, Sample::threads),
                trend("open files", "", 10, Sample::files),
                trend("db pool connections, total", "", 1, Sample::dbTotal),
                trend("db pool connections, active", "", 1, Sample::dbActive));
        t.append("### Resources after the warm-up (least-squares slope)\n\n");
        t.append("| series | mean | slope per hour | fitted change over the window | baseline: end of warm-up |"
                + " end | ratio end / warm-up | verdict |\n");
        t.append("|---|---|---|---|---|---|---|---|\n");
        for (Trend tr : trends) {
            if (tr.n() == 0) {
                t.append("| ")
                        .append(tr.name())
                        .append(" | ")
                        .append(
                                tr.name().startsWith("db")
                                        ? (dbPoolNote == null ? "not measured" : "absent from /metrics")
                                        : "not measured")
                        .append(" |  |  |  |  |  |  |\n");
                continue;
            }
            String u = tr.unit().isEmpty() ? "" : " " + tr.unit();
            t.append(String.format(
                    Locale.ROOT,
                    "| %s | %.1f%s | %+.2f%s/h | %+.2f%s in %.1f min (threshold +-%.1f%s) | %.1f%s | %.1f%s | %s | %s |\n",
                    tr.name(),
                    tr.mean(),
                    u,
                    tr.slopePerHour(),
                    u,
                    tr.fittedChange(),
                    u,
                    tr.windowMinutes(),
                    tr.threshold(),
                    u,
                    tr.baseline(),
                    u,
                    tr.last(),
                    u,
                    tr.baseline() == 0
                            ? "n/a (0 at the warm-up's end)"
                            : String.format(Locale.ROOT, "%.3f", tr.last() / tr.baseline()),
                    tr.verdict()));
        }
        t.append("\nA series is **growing** if its fitted line rises over the measured window by more than 2% of its"
                + " mean or an absolute floor (RSS 4 MiB, heap 2 MiB, threads 3, open files 10, connections 1),"
                + " whichever is larger; falling by as much is \"falling\"; else flat. The baseline is the runtime's own"
                + " figure at the end of the warm-up (no direct process to compare a soak with).");
        if (dbPoolNote != null) {
            t.append(" Database pool: ").append(dbPoolNote).append('.');
        }
        t.append("\n\n");

        t.append("### What the heap holds, end of warm-up and end\n\n")
                .append(histogramGrowth(12))
                .append('\n');

        t.append("### Calls per minute: count, p50 / p99 in ms\n\n| minute |");
        for (Call c : Call.values()) {
            t.append(' ').append(c.label()).append(" |");
        }
        t.append(" all |\n|---|");
        for (int i = 0; i <= Call.values().length; i++) {
            t.append("---|");
        }
        t.append('\n');
        Map<Call, List<Long>> whole = new LinkedHashMap<>();
        for (Map.Entry<Integer, Map<Call, List<Long>>> e : new TreeMap<>(latencies).entrySet()) {
            t.append("| ")
                    .append(e.getKey() + 1)
                    .append(e.getKey() < warmupMinutes ? " (warm-up)" : "")
                    .append(" |");
            long all = 0;
            for (Call c : Call.values()) {
                List<Long> l = e.getValue().getOrDefault(c, List.of());
                long[] sorted;
                synchronized (l) {
                    sorted = l.stream().mapToLong(Long::longValue).sorted().toArray();
                }
                all += sorted.length;
                if (e.getKey() >= warmupMinutes) {
                    List<Long> w = whole.computeIfAbsent(c, k -> new ArrayList<>());
                    for (long v : sorted) {
                        w.add(v);
                    }
                }
                t.append(' ').append(cell(sorted)).append(" |");
            }
            t.append(' ').append(all).append(" |\n");
        }
        t.append("| after the warm-up |");
        for (Call c : Call.values()) {
            t.append(' ')
                    .append(cell(whole.getOrDefault(c, List.of()).stream()
                            .mapToLong(Long::longValue)
                            .sorted()
                            .toArray()))
                    .append(" |");
        }
        t.append(" |\n\n");

        t.append("### Samples\n\n| minute | RSS MiB | heap after GC MiB | threads | open files | db total/active |"
                + " calls | servers alive | load |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Sample s : samples) {
            t.append(String.format(
                    Locale.ROOT,
                    "| %.1f | %.1f | %.1f | %.0f | %.0f | %s | %d | %d | %s |\n",
                    s.minutes(),
                    s.rssMib(),
                    s.heapMib(),
                    s.threads(),
                    s.files(),
                    Double.isNaN(s.dbTotal())
                            ? "n/a"
                            : String.format(Locale.ROOT, "%.0f/%.0f", s.dbTotal(), s.dbActive()),
                    s.calls(),
                    s.alive(),
                    s.load()));
        }
        t.append("\nCleanup: ").append(cleanup).append('\n');
        if (dbCheck != null) {
            t.append("\nThe database after the run: ").append(dbCheck).append('\n');
        }
        if (!notes.isEmpty()) {
            t.append("\nNotes:\n");
            notes.forEach(n -> t.append("- ").append(n).append('\n'));
        }
        if (!problems.isEmpty()) {
            t.append("\n**Problems:**\n");
            problems.forEach(p -> t.append("- ").append(p).append('\n'));
        }
        System.out.println(t);
        if (out != null) {
            try {
                Files.writeString(out, t.toString());
            } catch (IOException e) {
                System.err.println("could not write " + out + ": " + e);
            }
        }
    }

    private static String cell(long[] sortedMicros) {
        if (sortedMicros.length == 0) {
            return "";
        }
        return String.format(
                Locale.ROOT, "%d: %s / %s", sortedMicros.length, ms(pct(sortedMicros, 50)), ms(pct(sortedMicros, 99)));
    }

    private static String ms(long micros) {
        double m = micros / 1000.0;
        return String.format(Locale.ROOT, m < 10 ? "%.1f" : "%.0f", m);
    }

    // ------------------------------------------------------------------------------------------------- database

    /**
     * After the runtime stopped: its embedded database, every table with a SERVER column, its rows (the run's service
     * was deleted: what is left of it grows with servers ever deleted). Needs Derby on the class path (run.sh).
     */
    private String checkDatabase() {
        if (pid != null) {
            return null; // still running: its Derby is locked
        }
        Path db = data.resolve("db");
        if (!Files.isDirectory(db)) {
            return "no database at " + db;
        }
        System.setProperty(
                "derby.stream.error.file",
                data.resolveSibling("derby-check.log").toString());
        try {
            Class.forName("org.apache.derby.iapi.jdbc.AutoloadedDriver");
        } catch (ClassNotFoundException e) {
            return "not checked (no Derby on the class path)";
        }
        List<String> found = new ArrayList<>();
        List<String> left = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:derby:" + db)) {
            List<String[]> tables = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT s.SCHEMANAME, t.TABLENAME FROM SYS.SYSCOLUMNS col"
                            + " JOIN SYS.SYSTABLES t ON col.REFERENCEID = t.TABLEID JOIN SYS.SYSSCHEMAS s"
                            + " ON t.SCHEMAID = s.SCHEMAID WHERE col.COLUMNNAME = 'SERVER' AND t.TABLETYPE = 'T'"
                            // a server of a service (not a cluster's API server URL)
                            + " AND EXISTS (SELECT 1 FROM SYS.SYSCOLUMNS c2 WHERE c2.REFERENCEID = t.TABLEID"
                            + " AND c2.COLUMNNAME = 'SERVICE')"
                            + " ORDER BY t.TABLENAME");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    tables.add(new String[] {r.getString(1), r.getString(2)});
                }
            }
            for (String[] table : tables) {
                String name = "\"" + table[0] + "\".\"" + table[1] + "\"";
                long rows;
                try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + name);
                        ResultSet r = s.executeQuery()) {
                    r.next();
                    rows = r.getLong(1);
                }
                found.add(table[1].toLowerCase(Locale.ROOT) + " " + rows);
                if (rows > 0) {
                    left.add(table[1].toLowerCase(Locale.ROOT));
                }
            }
        } catch (SQLException e) {
            return "not checked: " + e.getMessage();
        } finally {
            try {
                DriverManager.getConnection("jdbc:derby:;shutdown=true");
            } catch (SQLException expected) {
                // Derby says it shut down with an exception
            }
        }
        if (left.contains("stopped_servers")) {
            problems.add("rows of stopped_servers are left after the service was deleted");
        }
        return "rows in the tables with a service and a server column, after the service was deleted with cascade: "
                + String.join(", ", found)
                + (left.isEmpty() ? " (none left)" : "; not empty: " + left);
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
        long started = System.nanoTime();
        Process script = builder.start();
        Path logFile = data.resolve("log/cengjiyun.log");
        while (true) {
            try {
                if (http.send(services, HttpResponse.BodyHandlers.discarding()).statusCode() == 401) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!script.isAlive() && script.exitValue() != 0) {
                throw new Failure("bin/cengjiyun --daemon failed (exit " + script.exitValue() + "); see " + launchLog
                        + " and " + logFile);
            }
            if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(240)) {
                throw new Failure("the runtime did not answer within 240 s; see " + logFile);
            }
            Thread.sleep(50);
        }
        if (!script.waitFor(120, TimeUnit.SECONDS)) {
            throw new Failure("bin/cengjiyun --daemon did not return");
        }
        pid = Long.parseLong(Files.readString(data.resolve("cengjiyun.pid")).trim());
        log(String.format(
                Locale.ROOT,
                "Runtime started (pid %d), API answering after %.1f s; RSS %d MiB",
                pid,
                (System.nanoTime() - started) / 1e9,
                procStatus().getOrDefault("VmRSS", 0L) >> 10));
    }

    private synchronized void stop() throws Exception {
        if (pid == null) {
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
        pid = null;
    }

    /** DELETE the service with cascade (its appmap's namespace goes), waits with kubectl until it is gone; stops. */
    private synchronized String cleanUp() {
        if (cleanedUp) {
            return "done before";
        }
        StringBuilder said = new StringBuilder();
        long c0 = System.nanoTime();
        try {
            if (token != null && serviceMade && pid != null) {
                HttpResponse<String> r =
                        send(HttpRequest.newBuilder(URI.create(base + "/services/" + service + "?cascade=true"))
                                .DELETE());
                said.append(String.format(
                        Locale.ROOT,
                        "DELETE /services/%s?cascade=true answered %d after %.1f s",
                        service,
                        r.statusCode(),
                        (System.nanoTime() - c0) / 1e9));
                if (r.statusCode() != 204) {
                    problems.add("DELETE /services/" + service + "?cascade=true answered " + r.statusCode() + ": "
                            + oneLine(r.body()));
                }
            }
        } catch (Exception e) {
            problems.add("the cleanup through the API failed: " + e);
        }
        try {
            // whatever the API did not delete (a failure, a Ctrl-C before the service was made)
            kubectlOut(
                    "delete",
                    "namespace",
                    "-l",
                    "cengjiyun.io/service=" + service,
                    "--wait=false",
                    "--ignore-not-found");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            String left = "?";
            while (System.nanoTime() < deadline) {
                left = kubectlOut("get", "namespace", "-l", "cengjiyun.io/service=" + service, "-o", "name")
                        .trim();
                if (left.isEmpty()) {
                    break;
                }
                Thread.sleep(1000);
            }
            said.append(said.length() > 0 ? "; " : "")
                    .append(
                            left.isEmpty()
                                    ? String.format(
                                            Locale.ROOT,
                                            "namespace %s gone %.0f s after the cleanup began (kubectl)",
                                            namespace,
                                            (System.nanoTime() - c0) / 1e9)
                                    : "namespaces still there after 300 s: " + left.replace('\n', ' '));
            if (!left.isEmpty()) {
                problems.add("namespaces of " + service + " still there after the cleanup: " + left);
            }
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

    /** Ctrl-C or a kill: the clients stop, what the run made goes, the runtime stops. */
    private void emergencyCleanup() {
        if (cleanedUp) {
            return;
        }
        stopping = true;
        System.err.println("[soak] interrupted: cleaning up");
        cleanUp();
    }

    // ------------------------------------------------------------------------------------------------------- HTTP

    /** A failure of the setup, with the request and the answer. */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    /** One sent request: its answer or why there was none, when it started and how long it took. */
    private record Sent(HttpResponse<String> response, String failure, long startNanos, long micros) {}

    private String signIn() {
        HttpResponse<String> r =
                expect(post("/auth/token", "{\"username\": \"admin\", \"password\": \"" + ADMIN_PASSWORD + "\"}"), 200);
        Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new Failure("no token in " + r.body());
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

    private HttpResponse<String> put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        Sent s = timed(b);
        if (s.failure() != null) {
            throw new UncheckedIOException(new IOException(s.failure()));
        }
        return s.response();
    }

    /** If-Match with the server's ETag, when it has one (an update based on the revision it read). */
    private static HttpRequest.Builder ifMatch(HttpRequest.Builder b, String etag) {
        return etag == null ? b : b.header("If-Match", etag);
    }

    /** For the mix: a GET timed; an exception becomes a failure, not a throw. */
    private Sent timedGet(String path) {
        return timed(HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "application/json")
                .GET());
    }

    /** A POST timed: with a JSON body, or none (an action: stop, start) when {@code json} is null. */
    private Sent timedPost(String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json");
        return timed(
                json == null
                        ? b.POST(HttpRequest.BodyPublishers.noBody())
                        : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Sent timed(HttpRequest.Builder b) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(b.timeout(CALL_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            return new Sent(r, null, start, (System.nanoTime() - start) / 1000);
        } catch (IOException e) {
            return new Sent(null, e.toString(), start, (System.nanoTime() - start) / 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent(null, e.toString(), start, (System.nanoTime() - start) / 1000);
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

    private String kubectlOut(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + s);
        }
        return s;
    }

    private String kubernetesVersions() {
        try {
            return kubectlOut("version", "--short").replaceAll("\\s+", " ").trim();
        } catch (Exception e) {
            return "kubectl version failed: " + oneLine(e.getMessage());
        }
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
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
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
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

    private static void log(String s) {
        System.out.println("[soak] " + s);
    }
}
