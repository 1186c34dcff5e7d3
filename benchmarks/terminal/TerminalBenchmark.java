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
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The terminal benchmark of Cengjiyun (issue 16): side by side in one run on the local cluster,
 * <ol>
 * <li>a keystroke's round trip: one printable character sent to a shell in a busybox container, timed until the
 * shell's echo of it comes back, through the platform's WebSocket terminal vs {@code kubectl exec -i -t} driven
 * through a pseudo-terminal ({@code script}), interleaved;
 * <li>following a container that writes {@code --rate} (10,000) numbered lines a second for {@code --seconds} (20):
 * lines per second received through the platform's event stream ({@code GET .../pods/{pod}/containers/{c}/logs},
 * {@code Accept: text/event-stream}) vs {@code kubectl logs -f} of the same container at the same time, and the
 * lines each lost (gaps in the numbers);
 * <li>the runtime's RSS before, with {@code --terminals} (20) terminals open (each ready and having echoed a command)
 * and after they are closed, beside the RSS of one {@code kubectl exec -it} process.
 * </ol>
 *
 * <p>Single-file program for the source launcher, with fabric8's client, its JDK HTTP client and slf4j-nop on the class
 * path (benchmarks/terminal/pom.xml resolves them):
 * <pre>java -cp CP TerminalBenchmark.java RUNTIME_DIR [--data DIR] [--port P] [--samples N] [--warmup N]
 *     [--seconds S] [--rate L] [--terminals N] [--pod-timeout S] [--kubeconfig FILE] [--kubectl PATH]
 *     [--out FILE]</pre>
 * RUNTIME_DIR must be a copy of distribution/target/cengjiyun that nothing else uses. Use run.sh.
 */
public class TerminalBenchmark {

    private static final String IMAGE = "cengjiyun.test/busybox:1";
    private static final String ADMIN_PASSWORD = "benchmark-admin-password";
    private static final String USER_PASSWORD = "benchmark-user-password";
    private static final String APPMAP = "bench";
    private static final String CONTAINER = "app";
    private static final String SERVER_LABEL = "cengjiyun.io/server";
    /** The terminal bundle's default maxSessionsPerUser: the memory figure's terminals are spread over users. */
    private static final int PER_USER = 5;

    private static final int COLS = 100;
    private static final int ROWS = 30;
    private static final double ECHO_GOAL = 1.2;
    private static final double FOLLOW_GOAL = 0.9;
    /** Warm-up round of the follow: seconds of the generator, uncounted, in a container of its own ("warm"). */
    private static final int FOLLOW_WARMUP_SECONDS = 2;

    private static final String WARM_CONTAINER = "warm";
    /** The kubelet's default containerLogMaxSize: a container log is rotated once it is larger (checked every 10 s). */
    private static final long LOG_MAX_BYTES = 10L << 20;
    /** Bytes of a generator line in the log file, with the runtime's prefix: about, for the warning only. */
    private static final int LINE_BYTES = 50;

    private static final Duration SHELL = Duration.ofSeconds(60);
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(240);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The log generator: writes "cj-wait R" five times a second until /tmp/go appears, then, for round R, "cR 1" up to
     * "cR N" at RATE lines a second (paced by /proc/uptime, in bursts every 10 ms; busybox awk keeps up with 100,000 a
     * second on this machine), then "cj-end R". The lines are short on purpose: with the container runtime's prefix
     * (timestamp, stream, tag: about 41 bytes) 200,000 of them make about 10.0 MB, under the kubelet's default
     * containerLogMaxSize of 10 MiB, whose rotation stops every follow of the log (kubelet 1.20; see run.sh).
     */
    private static final String GENERATOR_AWK = "BEGIN {"
            + " getline u < \"/proc/uptime\"; close(\"/proc/uptime\"); split(u, a, \" \"); s = a[1]; i = 1;"
            + " while (i <= n) {"
            + " getline u < \"/proc/uptime\"; close(\"/proc/uptime\"); split(u, b, \" \");"
            + " t = int((b[1] - s) * rate) + 1; if (t > n) t = n;"
            + " while (i <= t) { printf \"c%d %d\\n\", r, i; i++ }"
            + " fflush(); system(\"usleep 10000\") } }";

    private static final String GENERATOR = "r=0; while :; do"
            + " if [ -e /tmp/go ]; then read n rate < /tmp/go; rm -f /tmp/go; r=$((r+1));"
            + " awk -v r=$r -v n=$n -v rate=$rate '" + GENERATOR_AWK + "'; echo \"cj-end $r\";"
            + " else echo \"cj-wait $r\"; sleep 0.2; fi; done";

    // Options
    private final Path runtime;
    private final Path data;
    private final int port;
    private final int samples;
    private final int warmup;
    private final int seconds;
    private final int rate;
    private final int terminals;
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
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    /** Every process this program starts (kubectl exec, kubectl logs): ended at the latest on exit. */
    private final List<Process> processes = new CopyOnWriteArrayList<>();

    private volatile String token;
    private volatile Long runningPid;
    private volatile boolean cleanedUp;
    private volatile boolean serviceMade;
    private KubernetesClient kube;
    private String apiServerSeen;

    private TerminalBenchmark(
            Path runtime,
            Path data,
            int port,
            int samples,
            int warmup,
            int seconds,
            int rate,
            int terminals,
            int podTimeout,
            Path kubeconfig,
            String kubectl,
            Path out) {
        this.runtime = runtime;
        this.data = data;
        this.port = port;
        this.samples = samples;
        this.warmup = warmup;
        this.seconds = seconds;
        this.rate = rate;
        this.terminals = terminals;
        this.podTimeout = podTimeout;
        this.kubeconfig = kubeconfig;
        this.kubectl = kubectl;
        this.out = out;
        // A name of its own per run: its namespace (<service>-bench) cannot meet another run's.
        this.service = String.format(Locale.ROOT, "tmb-%04x", new Random().nextInt(0x10000));
        this.namespace = service + "-" + APPMAP;
        this.base = "http://127.0.0.1:" + port + "/api/v1";
        this.appmapPath = "/services/" + service + "/appmaps/" + APPMAP;
        this.launchLog = data.resolveSibling(data.getFileName() + "-launch.log");
        this.kubectlErr = data.resolveSibling("kubectl-stderr.txt");
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("usage: java -cp <fabric8 class path> TerminalBenchmark.java RUNTIME_DIR [--data DIR]"
                    + " [--port P] [--samples N] [--warmup N] [--seconds S] [--rate L] [--terminals N]"
                    + " [--pod-timeout S] [--kubeconfig FILE] [--kubectl PATH] [--out FILE]");
            System.exit(2);
        }
        Path runtime = Path.of(args[0]).toAbsolutePath().normalize();
        Path data = runtime.resolveSibling("bench-data");
        int port = 0, samples = 300, warmup = 50, seconds = 20, rate = 10_000, terminals = 20, podTimeout = 300;
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
                    case "--samples" -> samples = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--rate" -> rate = Integer.parseInt(value);
                    case "--terminals" -> terminals = Integer.parseInt(value);
                    case "--pod-timeout" -> podTimeout = Integer.parseInt(value);
                    case "--kubeconfig" -> kubeconfig = Path.of(value);
                    case "--kubectl" -> kubectl = value;
                    case "--out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (samples < 1 || warmup < 0 || podTimeout < 1) {
                throw new IllegalArgumentException("--samples must be >= 1, --warmup >= 0, --pod-timeout >= 1");
            }
            if (seconds < 1 || seconds > 600 || rate < 1 || rate > 100_000) {
                throw new IllegalArgumentException("--seconds must be 1 to 600, --rate 1 to 100000");
            }
            if (terminals < 1 || terminals > 100) {
                throw new IllegalArgumentException("--terminals must be 1 to 100");
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
        TerminalBenchmark b = new TerminalBenchmark(
                runtime, data, port, samples, warmup, seconds, rate, terminals, podTimeout, kubeconfig, kubectl, out);
        Runtime.getRuntime().addShutdownHook(new Thread(b::emergencyCleanup, "cleanup"));
        int rc = b.run();
        System.exit(rc);
    }

    // ---------------------------------------------------------------------------------------------------- the run

    /** Figure 1: sorted round trips (ns) of each side, the time to a prompt, the kubectl process's RSS (KiB). */
    private record Echo(
            long[] platform,
            long[] kubectl,
            long[] fabric8,
            long platformOpen,
            long kubectlOpen,
            long fabric8Open,
            long kubectlRss,
            String notes) {}

    /** What one follower of a round received. */
    private record Followed(
            String side,
            int received,
            int lost,
            int duplicates,
            int outOfOrder,
            long firstLineMicros,
            long lastLineMicros,
            long lastArrivalMicros,
            long[] delays,
            String firstLost) {}

    /** Figure 2: the two followers of the measured round, the generator's own pace, the log files seen. */
    private record Follow(Followed platform, Followed kubectl, int lines, double generatorRate, String rotation) {}

    /**
     * Figure 3: RSS (KiB) before, with the terminals open, after; the live heap (bytes) at the same moments; the times
     * to open them (ns, sorted).
     */
    private record Memory(
            long before,
            long open,
            long after,
            long hwm,
            long liveBefore,
            long liveOpen,
            long liveAfter,
            long after2,
            long liveAfter2,
            String grown,
            int threadsBefore,
            int threadsOpen,
            int threadsAfter,
            long[] openTimes,
            long allOpenNanos,
            String heapOpen,
            String heapAfter) {}

    private int run() throws Exception {
        if (!Files.isExecutable(runtime.resolve("bin/cengjiyun"))) {
            throw new IllegalStateException(runtime + "/bin/cengjiyun is missing: not a Cengjiyun runtime directory");
        }
        if (!Files.isRegularFile(kubeconfig)) {
            throw new IllegalStateException("no kubeconfig of the local cluster at " + kubeconfig
                    + " (tools/kube-local/kube-local up; or --kubeconfig FILE)");
        }
        String load0 = loadAverage();
        String started = now();
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
                        + kubectlVersion + ", " + scriptVersion();
        log("Machine: " + machine + "; load average " + load0);
        log("Runtime " + runtime + ", data " + data + ", port " + port + "; service " + service + ", namespace "
                + namespace + "; " + samples + " keystrokes (" + warmup + " warm-up), follow " + seconds + " s at "
                + rate + " lines/s, " + terminals + " terminals; JAVA_OPTS='"
                + System.getenv().getOrDefault("JAVA_OPTS", "") + "'");
        if (podSlots - podsHeld < 2) {
            System.err.println("[bench] The node has " + (podSlots - podsHeld) + " free pod slots (" + podSlots
                    + " allocatable, " + podsHeld + " pods not finished): the run needs 2. Nothing was started.");
            kube.close();
            return 2;
        }

        Echo echo = null;
        Follow follow = null;
        Memory memory = null;
        Throwable failure = null;
        try {
            start();
            token = signIn("admin", ADMIN_PASSWORD);
            setUp();
            checkApiServer("the runtime's start and the setup");
            String echoPod = awaitServer("echo");
            String floodPod = awaitServer("flood");
            checkApiServer("the wait for the pods");
            echo = figureEcho(echoPod);
            checkApiServer("figure 1");
            // before the follow, whose 10,000 events a second grow the heap (and the RSS) by themselves
            memory = figureMemory();
            checkApiServer("figure 3");
            follow = figureFollow(floodPod);
            checkApiServer("figure 2");
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
        endProcesses();
        String cleanup = cleanUp();
        String load1 = loadAverage();
        report(started, machine, load0, load1, echo, follow, memory, cleanup);
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
        expect(
                put(
                        "/services/" + service + "/allotments",
                        "[{\"cluster\":\"local\",\"cpu\":\"8\",\"memory\":\"8Gi\",\"pods\":20,\"storage\":\"10Gi\"}]"),
                200);
        expect(
                post(
                        "/services/" + service + "/appmaps",
                        "{\"name\":\"" + APPMAP + "\",\"cluster\":\"local\",\"quota\":{\"cpu\":\"4\",\"memory\":"
                                + "\"4Gi\",\"pods\":10,\"storage\":\"1Gi\"}}"),
                201);
        expect(post(appmapPath + "/servers", definition("echo", "sleep 36000", CONTAINER)), 201);
        expect(post(appmapPath + "/servers", definition("flood", GENERATOR, CONTAINER, WARM_CONTAINER)), 201);
        log("Service " + service + ", cluster local allotted, appmap " + APPMAP + " (namespace " + namespace
                + "), servers echo (sh -c 'sleep 36000') and flood (the log generator in containers " + CONTAINER
                + " and " + WARM_CONTAINER + ")");
    }

    /** Busybox containers running the script, with room for the generator (1 CPU: no throttling of a shell either). */
    private static String definition(String name, String script, String... containers) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String c : containers) {
            Map<String, Object> container = new LinkedHashMap<>();
            container.put("name", c);
            container.put("image", IMAGE);
            container.put("imagePullPolicy", "Never");
            container.put("command", List.of("sh", "-c", script));
            container.put(
                    "resources",
                    Map.of(
                            "requests", Map.of("cpu", "10m", "memory", "16Mi"),
                            "limits", Map.of("cpu", "1", "memory", "128Mi")));
            list.add(container);
        }
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("name", name);
        server.put("kind", "Deployment");
        server.put("replicas", 1);
        server.put("terminationGracePeriodSeconds", 1);
        server.put("containers", list);
        return JSON.writeValueAsString(server);
    }

    /** Waits until the server's pod runs and is ready and the platform says RUNNING; returns the pod's name. */
    private String awaitServer(String server) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(podTimeout);
        String state = "?";
        while (true) {
            List<Pod> pods =
                    kube.pods().inNamespace(namespace).withLabel(SERVER_LABEL, server).list().getItems().stream()
                            .filter(TerminalBenchmark::readyPod)
                            .toList();
            HttpResponse<String> r = get(appmapPath + "/servers/" + server + "/status");
            if (r.statusCode() == 200) {
                state = JSON.readTree(r.body()).path("state").asText();
            }
            if (pods.size() == 1 && "RUNNING".equals(state)) {
                String pod = pods.get(0).getMetadata().getName();
                log(String.format(
                        Locale.ROOT,
                        "Server %s: pod %s ready and RUNNING after %.1f s",
                        server,
                        pod,
                        (System.nanoTime() - t0) / 1e9));
                return pod;
            }
            if (System.nanoTime() > deadline) {
                throw new Failure("server " + server + " was not running " + podTimeout + " s after its POST ("
                        + pods.size() + " ready pods, the platform says " + state + ")");
            }
            Thread.sleep(500);
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

    // ------------------------------------------------------------------------------------------------- terminals

    /**
     * A terminal's output as it arrives, with the arrival time of an awaited byte taken where it is received (not when
     * the waiting thread wakes up).
     */
    private abstract static class Term {
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private int awaitFrom = -1;
        private byte awaited;
        private long arrived;

        abstract void send(byte[] bytes) throws IOException;

        abstract void close();

        final synchronized void received(byte[] b, int off, int len) {
            long now = System.nanoTime();
            if (awaitFrom >= 0 && arrived == 0) {
                for (int i = off; i < off + len; i++) {
                    if (b[i] == awaited) {
                        arrived = now;
                        break;
                    }
                }
            }
            output.write(b, off, len);
            notifyAll();
        }

        final synchronized int size() {
            return output.size();
        }

        final synchronized String text(int from) {
            byte[] all = output.toByteArray();
            return new String(
                    all,
                    Math.min(from, all.length),
                    all.length - Math.min(from, all.length),
                    StandardCharsets.ISO_8859_1);
        }

        /** Sends the byte, returns the nanoseconds until it came back. */
        final long echo(byte c, Duration within) throws IOException, InterruptedException {
            synchronized (this) {
                awaitFrom = output.size();
                awaited = c;
                arrived = 0;
            }
            long t0 = System.nanoTime();
            send(new byte[] {c});
            synchronized (this) {
                long end = t0 + within.toNanos();
                while (arrived == 0) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        awaitFrom = -1;
                        throw new Failure("no echo of '" + (char) c + "' within " + within.toSeconds() + " s; the"
                                + " terminal showed: " + printable(text(Math.max(0, output.size() - 300))));
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
                awaitFrom = -1;
                return arrived - t0;
            }
        }

        /** Waits until the output after {@code from} contains the text; returns where it ends. */
        final int awaitText(String expected, int from, Duration within) throws InterruptedException {
            long end = System.nanoTime() + within.toNanos();
            synchronized (this) {
                while (true) {
                    String now = text(from);
                    int at = now.indexOf(expected);
                    if (at >= 0) {
                        return from + at + expected.length();
                    }
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        throw new Failure("the terminal did not show '" + expected + "' within " + within.toSeconds()
                                + " s: " + printable(now.length() > 300 ? now.substring(now.length() - 300) : now));
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        }

        /** Waits until anything more than {@code from} bytes came. */
        final void awaitMore(int from, Duration within) throws InterruptedException {
            long end = System.nanoTime() + within.toNanos();
            synchronized (this) {
                while (output.size() <= from) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        throw new Failure("the terminal showed nothing within " + within.toSeconds() + " s");
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        }
    }

    /** The platform's terminal: the JDK's WebSocket, bytes in binary frames, JSON control messages in text frames. */
    private static final class PlatformTerm extends Term implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> controls = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder textFrame = new StringBuilder();
        WebSocket socket;

        @Override
        void send(byte[] bytes) {
            socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        }

        @Override
        void close() {
            if (socket != null && !socket.isOutputClosed()) {
                try {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    socket.abort();
                }
            }
        }

        JsonNode await(String type, Duration within) throws InterruptedException {
            long end = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < end) {
                JsonNode m = controls.poll(Math.max(1, (end - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (m != null && type.equals(m.path("type").asText())) {
                    return m;
                }
                if (m != null && "error".equals(m.path("type").asText())) {
                    throw new Failure("the terminal answered an error: " + m);
                }
            }
            throw new Failure("no '" + type + "' message from the terminal within " + within.toSeconds() + " s"
                    + (closed.isDone() ? " (closed: " + closed.getNow("") + ")" : ""));
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            received(bytes, 0, bytes.length);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            textFrame.append(data);
            if (last) {
                try {
                    controls.add(JSON.readTree(textFrame.toString()));
                } catch (IOException e) {
                    controls.add(JSON.createObjectNode().put("type", "error").put("message", "not JSON: " + textFrame));
                }
                textFrame.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
        }
    }

    /**
     * {@code kubectl exec -i -t} as a user runs it: in a pseudo-terminal, which {@code script} makes (Java cannot);
     * what is written to script's standard input goes to the terminal, what the terminal shows comes out of its
     * standard output, read here as it comes.
     */
    private static final class KubectlTerm extends Term {
        private final Process process;
        private final OutputStream input;

        KubectlTerm(Process process) {
            this.process = process;
            this.input = process.getOutputStream();
            Thread reader = new Thread(
                    () -> {
                        byte[] buffer = new byte[8192];
                        try (InputStream in = process.getInputStream()) {
                            int n;
                            while ((n = in.read(buffer)) > 0) {
                                received(buffer, 0, n);
                            }
                        } catch (IOException e) {
                            // the process ended
                        }
                    },
                    "kubectl-exec-reader");
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        void send(byte[] bytes) throws IOException {
            input.write(bytes);
            input.flush();
        }

        /** The kubectl process under script (its RSS is the baseline's memory per terminal). */
        long kubectlPid() {
            return process.descendants()
                    .filter(h -> h.info().command().orElse("").endsWith("kubectl"))
                    .mapToLong(ProcessHandle::pid)
                    .findFirst()
                    .orElse(-1);
        }

        @Override
        void close() {
            try {
                send("exit\r".getBytes(StandardCharsets.US_ASCII));
                input.close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroy);
                    process.destroy();
                }
            } catch (IOException e) {
                process.destroy();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
            }
        }
    }

    /**
     * fabric8's exec with a TTY in this JVM, as the platform opens its shells but without the platform between: the
     * second baseline, which separates the platform's own hop from the API server's WebSocket path.
     */
    private static final class Fabric8Term extends Term {
        ExecWatch watch;

        @Override
        void send(byte[] bytes) throws IOException {
            OutputStream input = watch.getInput();
            input.write(bytes);
            input.flush();
        }

        @Override
        void close() {
            try {
                send("exit\r".getBytes(StandardCharsets.US_ASCII));
                watch.exitCode().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closed below
            }
            watch.close();
        }
    }

    private Fabric8Term openFabric8(String pod) throws Exception {
        Fabric8Term term = new Fabric8Term();
        term.watch = kube.pods()
                .inNamespace(namespace)
                .withName(pod)
                .inContainer(CONTAINER)
                .redirectingInput()
                .writingOutput(new OutputStream() {
                    @Override
                    public void write(int b) {
                        term.received(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        term.received(b, off, len);
                    }
                })
                .withTTY()
                .exec("sh");
        term.watch.resize(COLS, ROWS);
        term.awaitText("# ", 0, SHELL);
        return term;
    }

    /** Opens the platform's terminal with a ticket of the user; waits for ready and the shell's prompt. */
    private PlatformTerm openPlatform(String server, String userToken) throws Exception {
        String path = appmapPath + "/servers/" + server + "/terminal/tickets";
        HttpResponse<String> issued = send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + userToken)
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.noBody()),
                60,
                false);
        expect(issued, 201);
        JsonNode t = JSON.readTree(issued.body());
        URI uri = URI.create("ws://127.0.0.1:" + port + t.path("path").asText() + "?ticket="
                + URLEncoder.encode(t.path("ticket").asText(), StandardCharsets.UTF_8) + "&cols=" + COLS + "&rows="
                + ROWS);
        PlatformTerm term = new PlatformTerm();
        term.socket = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(20))
                .buildAsync(uri, term)
                .get(60, TimeUnit.SECONDS);
        term.await("ready", SHELL);
        term.awaitText("# ", 0, SHELL);
        return term;
    }

    private KubectlTerm openKubectl(String pod) throws Exception {
        String command = "stty cols " + COLS + " rows " + ROWS + "; exec " + kubectl + " --kubeconfig " + kubeconfig
                + " -n " + namespace + " exec -i -t " + pod + " -c " + CONTAINER + " -- sh";
        Process p = new ProcessBuilder("script", "-q", "-f", "-c", command, "/dev/null")
                .redirectError(ProcessBuilder.Redirect.appendTo(kubectlErr.toFile()))
                .start();
        processes.add(p);
        KubectlTerm term = new KubectlTerm(p);
        term.awaitText("# ", 0, SHELL);
        return term;
    }

    // ------------------------------------------------------------------------------------- 1. keystroke to echo

    private Echo figureEcho(String pod) throws Exception {
        long t0 = System.nanoTime();
        PlatformTerm platform = openPlatform("echo", token);
        long platformOpen = System.nanoTime() - t0;
        t0 = System.nanoTime();
        KubectlTerm kubectlTerm = openKubectl(pod);
        long kubectlOpen = System.nanoTime() - t0;
        t0 = System.nanoTime();
        Fabric8Term fabric8 = openFabric8(pod);
        long fabric8Open = System.nanoTime() - t0;
        log(String.format(
                Locale.ROOT,
                "Terminals open: the platform's (ticket, upgrade, ready, prompt) in %s, kubectl exec -it's (start to"
                        + " prompt) in %s, fabric8's exec in this JVM in %s",
                msf(platformOpen),
                msf(kubectlOpen),
                msf(fabric8Open)));
        // The shells run in the same container and answer alike: check before timing.
        for (Term t : new Term[] {platform, kubectlTerm, fabric8}) {
            int from = t.size();
            t.send("echo cj-$((6*7))\r".getBytes(StandardCharsets.US_ASCII));
            t.awaitText("cj-42", from, SHELL);
            t.awaitText("# ", from, SHELL);
        }
        Term[] sides = {platform, kubectlTerm, fabric8};
        long[][] times = new long[3][samples];
        for (int i = -warmup; i < samples; i++) {
            for (int j = 0; j < 3; j++) {
                int side = (i + warmup + j) % 3; // rotate which side goes first
                Term t = sides[side];
                long rtt = t.echo((byte) 'x', SHELL);
                if (i >= 0) {
                    times[side][i] = rtt;
                }
                // rub it out so the line stays short (busybox's line editor answers "\b\033[J")
                int from = t.size();
                t.send(new byte[] {0x7f});
                t.awaitMore(from, SHELL);
                Thread.sleep(10);
            }
            if (i >= 0 && (i + 1) % 50 == 0) {
                log(String.format(
                        Locale.ROOT,
                        "Keystrokes %d/%d: platform p50 %s, kubectl p50 %s, fabric8 p50 %s so far",
                        i + 1,
                        samples,
                        msf(median(Arrays.copyOf(times[0], i + 1))),
                        msf(median(Arrays.copyOf(times[1], i + 1))),
                        msf(median(Arrays.copyOf(times[2], i + 1)))));
            }
        }
        long kpid = kubectlTerm.kubectlPid();
        long kubectlRss = kpid > 0 ? status(kpid, "VmRSS") : -1;
        String noteText = "kubectl exec -it's process (pid " + kpid + ") RSS " + (kubectlRss >> 10) + " MiB";
        platform.close();
        kubectlTerm.close();
        fabric8.close();
        for (long[] t : times) {
            Arrays.sort(t);
        }
        Echo e = new Echo(times[0], times[1], times[2], platformOpen, kubectlOpen, fabric8Open, kubectlRss, noteText);
        log(String.format(
                Locale.ROOT,
                "1. Keystroke to echo, n=%d: platform p50 %s p95 %s; kubectl exec -it p50 %s p95 %s (%.2fx at p50);"
                        + " fabric8 in this JVM p50 %s p95 %s; %s",
                samples,
                msf(pct(e.platform(), 50)),
                msf(pct(e.platform(), 95)),
                msf(pct(e.kubectl(), 50)),
                msf(pct(e.kubectl(), 95)),
                (double) pct(e.platform(), 50) / pct(e.kubectl(), 50),
                msf(pct(e.fabric8(), 50)),
                msf(pct(e.fabric8(), 95)),
                noteText));
        return e;
    }

    // ------------------------------------------------------------------------------------------------ 2. follow

    /** One follower of a generator round: the numbered lines it received, when, and how late. */
    private static final class Follower {
        final String side;
        final int round;
        final int n;
        final BitSet seen;
        final long[] delays; // per line number: arrival - the container runtime's timestamp, micros
        int duplicates;
        int outOfOrder;
        int last;
        long firstLineMicros = Long.MAX_VALUE; // the container runtime's timestamp of the earliest line received
        long lastLineMicros; // ... and of the latest
        long lastArrivalMicros;
        volatile long lastAnyNanos = System.nanoTime();
        volatile boolean waiting; // saw a "cj-wait" line: the stream is live
        volatile boolean ended; // saw "cj-end <round>"
        volatile Throwable failed;

        Follower(String side, int round, int n) {
            this.side = side;
            this.round = round;
            this.n = n;
            this.seen = new BitSet(n + 1);
            this.delays = new long[n + 1];
        }

        /** A line of the container's log with its runtime timestamp (RFC 3339). */
        synchronized void line(String text, String time) {
            long now = nowMicros();
            lastAnyNanos = System.nanoTime();
            if (text.length() > 1 && text.charAt(0) == 'c' && Character.isDigit(text.charAt(1))) {
                int space = text.indexOf(' ');
                if (space < 0 || Integer.parseInt(text, 1, space, 10) != round) {
                    return;
                }
                int k = Integer.parseInt(text, space + 1, text.length(), 10);
                if (k < 1 || k > n) {
                    return;
                }
                if (seen.get(k)) {
                    duplicates++;
                    return;
                }
                if (k < last) {
                    outOfOrder++;
                }
                last = Math.max(last, k);
                seen.set(k);
                long stamped = time == null ? now : micros(Instant.parse(time));
                delays[k] = now - stamped;
                firstLineMicros = Math.min(firstLineMicros, stamped);
                lastLineMicros = Math.max(lastLineMicros, stamped);
                lastArrivalMicros = now;
            } else if (text.startsWith("cj-wait")) {
                waiting = true;
            } else if (text.equals("cj-end " + round)) {
                ended = true;
            }
        }

        synchronized Followed result() {
            int received = seen.cardinality();
            long[] d = new long[received];
            int j = 0;
            String firstLost = null;
            for (int k = 1; k <= n; k++) {
                if (seen.get(k)) {
                    d[j++] = delays[k];
                } else if (firstLost == null) {
                    int to = seen.nextSetBit(k);
                    firstLost = k + "-" + (to < 0 ? n : to - 1);
                }
            }
            Arrays.sort(d);
            return new Followed(
                    side,
                    received,
                    n - received,
                    duplicates,
                    outOfOrder,
                    firstLineMicros,
                    lastLineMicros,
                    lastArrivalMicros,
                    d,
                    firstLost);
        }
    }

    private Follow figureFollow(String pod) throws Exception {
        // an uncounted warm-up round in the other container (its own log file): the runtime's first stream is cold
        followRound(pod, WARM_CONTAINER, FOLLOW_WARMUP_SECONDS * rate);
        return followRound(pod, CONTAINER, seconds * rate);
    }

    /** Round 1 of the container's generator: both followers at once, from the round's start to its end. */
    private Follow followRound(String pod, String container, int lines) throws Exception {
        int round = 1;
        String logDir = podLogDir(pod, container);
        Follower platform = new Follower("platform", round, lines);
        Follower kubectlSide = new Follower("kubectl", round, lines);
        String files0 = logFiles(logDir);
        long logBytes = logBytes(logDir);
        if (logBytes >= 0 && logBytes + (long) lines * LINE_BYTES > LOG_MAX_BYTES) {
            notes.add(String.format(
                    Locale.ROOT,
                    "the round of %d lines in container %s will make its log about %.1f MiB: more than the kubelet's"
                            + " default containerLogMaxSize (10 MiB), so it will likely be rotated during the round,"
                            + " and the kubelet of this cluster (1.20) then stops every follow of it",
                    lines,
                    container,
                    (logBytes + (long) lines * LINE_BYTES) / 1048576.0));
        }
        // the platform's event stream of the container, from now on (tail=0)
        String path = appmapPath + "/servers/flood/pods/" + pod + "/containers/" + container + "/logs?tail=0";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        long t0 = System.nanoTime();
        CompletableFuture<HttpResponse<InputStream>> answer =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        InputStream[] events = new InputStream[1];
        Thread platformReader = new Thread(
                () -> {
                    try {
                        HttpResponse<InputStream> r = answer.get(120, TimeUnit.SECONDS);
                        if (r.statusCode() != 200) {
                            throw new Failure("GET " + base + path + " (event stream) answered " + r.statusCode() + ": "
                                    + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
                        }
                        synchronized (events) {
                            events[0] = r.body();
                        }
                        readEvents(r.body(), platform);
                    } catch (Throwable e) {
                        platform.failed = e;
                    }
                },
                "platform-follow");
        platformReader.setDaemon(true);
        platformReader.start();
        // kubectl logs -f of the same container, from now on, with the same timestamps the platform asks for
        Process k = new ProcessBuilder(
                        kubectl,
                        "--kubeconfig",
                        kubeconfig.toString(),
                        "-n",
                        namespace,
                        "logs",
                        "-f",
                        "--timestamps",
                        "--tail=0",
                        pod,
                        "-c",
                        container)
                .redirectError(ProcessBuilder.Redirect.appendTo(kubectlErr.toFile()))
                .start();
        processes.add(k);
        Thread kubectlReader = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(k.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            int space = line.indexOf(' ');
                            if (space > 0 && line.charAt(space - 1) == 'Z') {
                                kubectlSide.line(line.substring(space + 1), line.substring(0, space));
                            } else {
                                kubectlSide.line(line, null);
                            }
                        }
                    } catch (Throwable e) {
                        kubectlSide.failed = e;
                    }
                },
                "kubectl-follow");
        kubectlReader.setDaemon(true);
        kubectlReader.start();

        // both streams are live once each has shown a "cj-wait" line
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        long platformLive = 0, kubectlLive = 0;
        while (platformLive == 0 || kubectlLive == 0) {
            for (Follower f : new Follower[] {platform, kubectlSide}) {
                if (f.failed != null) {
                    throw new Failure("the " + f.side + " follow failed before the round: " + f.failed);
                }
            }
            if (platformLive == 0 && platform.waiting) {
                platformLive = System.nanoTime() - t0;
            }
            if (kubectlLive == 0 && kubectlSide.waiting) {
                kubectlLive = System.nanoTime() - t0;
            }
            if (System.nanoTime() > deadline) {
                throw new Failure("90 s after the follows started, the generator's waiting lines had "
                        + (platform.waiting ? "" : "not ") + "reached the platform's event stream and "
                        + (kubectlSide.waiting ? "" : "not ") + "kubectl logs -f");
            }
            Thread.sleep(20);
        }
        log(String.format(
                Locale.ROOT,
                "Container %s: the first line reached the platform's event stream %s and kubectl logs -f %s after the"
                        + " requests; starting %d lines at %d/s",
                container,
                msf(platformLive),
                msf(kubectlLive),
                lines,
                rate));
        inContainer(pod, container, "echo '" + lines + " " + rate + "' > /tmp/go.new && mv /tmp/go.new /tmp/go");
        long started = System.nanoTime();
        long duration = TimeUnit.MILLISECONDS.toNanos(lines * 1000L / rate);
        long planned = duration + TimeUnit.SECONDS.toNanos(60);
        long lastLog = started;
        // until both saw the round's end; or one is 30 s quiet after the other's end; or, the generator done, both
        // are 10 s quiet (a rotated log); or the time is up
        while (!(platform.ended && kubectlSide.ended)) {
            long now = System.nanoTime();
            boolean oneEnded = platform.ended || kubectlSide.ended;
            long quiet = now - Math.max(platform.lastAnyNanos, kubectlSide.lastAnyNanos);
            boolean stalled = oneEnded
                    ? now - platform.lastAnyNanos > TimeUnit.SECONDS.toNanos(30)
                            || now - kubectlSide.lastAnyNanos > TimeUnit.SECONDS.toNanos(30)
                    : now - started > duration + TimeUnit.SECONDS.toNanos(5) && quiet > TimeUnit.SECONDS.toNanos(10);
            if (stalled || now - started > planned) {
                notes.add(String.format(
                        Locale.ROOT,
                        "follow of container %s: the platform's stream %s the end, kubectl logs -f %s; stopped %.0f s"
                                + " after the start",
                        container,
                        platform.ended ? "saw" : "did NOT see",
                        kubectlSide.ended ? "saw" : "did NOT see",
                        (now - started) / 1e9));
                break;
            }
            if (now - lastLog > TimeUnit.SECONDS.toNanos(5)) {
                lastLog = now;
                log(String.format(
                        Locale.ROOT,
                        "Container %s, %.0f s: platform %d lines, kubectl %d lines",
                        container,
                        (now - started) / 1e9,
                        platform.result().received(),
                        kubectlSide.result().received()));
            }
            Thread.sleep(20);
        }
        // stop both
        k.destroy();
        synchronized (events) {
            if (events[0] != null) {
                events[0].close();
            }
        }
        answer.cancel(true);
        platformReader.join(10_000);
        kubectlReader.join(10_000);
        String files1 = logFiles(logDir);
        Followed p = platform.result();
        Followed kc = kubectlSide.result();
        long first = Math.min(p.firstLineMicros(), kc.firstLineMicros());
        // the generator's pace by the runtime's timestamps, from the side that received more
        Followed more = p.received() >= kc.received() ? p : kc;
        double generatorRate = more.received() < 2
                ? 0
                : (more.received() - 1) / Math.max(1e-6, (more.lastLineMicros() - more.firstLineMicros()) / 1e6);
        String rotation = names(files0).equals(names(files1))
                ? "Log files of the container in " + logDir + ": " + files1 + " (no rotation)"
                : "Log files of the container in " + logDir + " before the round: " + files0 + "; after: " + files1
                        + " (the kubelet rotated the log during the round)";
        Follow f = new Follow(p, kc, lines, generatorRate, rotation);
        log(String.format(
                Locale.ROOT,
                "2. Follow of container %s (%d lines; the generator wrote %.0f lines/s): platform %.0f lines/s, %s, delay"
                        + " p50 %s p95 %s; kubectl %.0f lines/s, %s, delay p50 %s p95 %s; %s",
                container,
                lines,
                generatorRate,
                rateOf(p, first),
                describe(p),
                msf(pctMicros(p.delays(), 50)),
                msf(pctMicros(p.delays(), 95)),
                rateOf(kc, first),
                describe(kc),
                msf(pctMicros(kc.delays(), 50)),
                msf(pctMicros(kc.delays(), 95)),
                rotation));
        return f;
    }

    /** Lines per second received: from the round's first line (by the container runtime's clock) to the last arrival. */
    private static double rateOf(Followed f, long firstLineMicros) {
        if (f.received() == 0) {
            return 0;
        }
        return f.received() / Math.max(1e-6, (f.lastArrivalMicros() - firstLineMicros) / 1e6);
    }

    /** Reads Server-Sent Events: the data of each "line" event is a JSON LogLine {pod, container, time, text}. */
    private static void readEvents(InputStream body, Follower f) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String event = null;
        StringBuilder dataLines = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.isEmpty()) {
                if ("line".equals(event) && dataLines.length() > 0) {
                    JsonNode n = JSON.readTree(dataLines.toString());
                    f.line(
                            n.path("text").asText(),
                            n.hasNonNull("time") ? n.path("time").asText() : null);
                }
                event = null;
                dataLines.setLength(0);
            } else if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                if (dataLines.length() > 0) {
                    dataLines.append('\n');
                }
                dataLines.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            }
        }
    }

    /** Where the kubelet keeps the container's log (/var/log/pods/NS_POD_UID/CONTAINER), if this user may read it. */
    private String podLogDir(String pod, String container) {
        Pod p = kube.pods().inNamespace(namespace).withName(pod).get();
        return "/var/log/pods/" + namespace + "_" + pod + "_" + p.getMetadata().getUid() + "/" + container;
    }

    /** The size of the container's current log file (0.log: no restart here), -1 if it cannot be read. */
    private static long logBytes(String dir) {
        try {
            return Files.size(Path.of(dir, "0.log"));
        } catch (IOException e) {
            return -1;
        }
    }

    /** The file names of a logFiles() answer, without their sizes. */
    private static String names(String files) {
        return files.replaceAll(" [0-9?]+( KiB)?", "");
    }

    private static String logFiles(String dir) {
        try (var files = Files.list(Path.of(dir))) {
            return files.map(f -> {
                        try {
                            return f.getFileName() + " " + (Files.size(f) >> 10) + " KiB";
                        } catch (IOException e) {
                            return f.getFileName() + " ?";
                        }
                    })
                    .sorted()
                    .toList()
                    .toString();
        } catch (IOException e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    /** Runs a script in the pod's container with fabric8 (no TTY), waits for its end. */
    private void inContainer(String pod, String container, String script) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch w = kube.pods()
                .inNamespace(namespace)
                .withName(pod)
                .inContainer(container)
                .writingOutput(out)
                .writingError(out)
                .exec("sh", "-c", script)) {
            Integer code = w.exitCode().get(60, TimeUnit.SECONDS);
            if (code == null || code != 0) {
                throw new Failure("sh -c '" + script + "' in " + pod + " ended with " + code + ": " + out);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ 3. memory

    private Memory figureMemory() throws Exception {
        int users = (terminals + PER_USER - 1) / PER_USER;
        List<String> tokens = new ArrayList<>();
        StringBuilder members = new StringBuilder("[{\"user\": \"admin\", \"role\": \"admin\"}");
        for (int u = 1; u <= users; u++) {
            expect(post("/users", "{\"username\": \"bench" + u + "\", \"password\": \"" + USER_PASSWORD + "\"}"), 201);
            members.append(", {\"user\": \"bench").append(u).append("\", \"role\": \"developer\", \"terminal\": true}");
        }
        expect(put("/services/" + service + "/members", members.append(']').toString()), 200);
        for (int u = 1; u <= users; u++) {
            tokens.add(signIn("bench" + u, USER_PASSWORD));
        }
        awaitNoOpenSessions();
        Thread.sleep(3000);
        // the live heap first (its full collection would otherwise fall between "before" and "open")
        Map<String, Long> histogramBefore = histogram();
        long liveBefore = histogramBefore.getOrDefault(TOTAL, -1L);
        long before = status(runningPid, "VmRSS");
        int threadsBefore = (int) status(runningPid, "Threads");
        log(String.format(
                Locale.ROOT,
                "3. Before: RSS %d MiB, live heap %d KiB, %d threads; opening %d terminals as %d users (%d each at"
                        + " most)",
                before >> 10,
                liveBefore >> 10,
                threadsBefore,
                terminals,
                users,
                PER_USER));
        List<PlatformTerm> open = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            long[] openTimes = openAll(tokens, open);
            long allOpen = System.nanoTime() - t0;
            Thread.sleep(3000);
            long withOpen = status(runningPid, "VmRSS");
            int threadsOpen = (int) status(runningPid, "Threads");
            String heapOpen = heap();
            long liveOpen = histogram().getOrDefault(TOTAL, -1L);
            log(String.format(
                    Locale.ROOT,
                    "3. With %d terminals open: RSS %d MiB (+%d MiB), live heap %d KiB (+%d KiB), %d threads; opened"
                            + " in %.1f s; heap %s",
                    terminals,
                    withOpen >> 10,
                    (withOpen - before) >> 10,
                    liveOpen >> 10,
                    (liveOpen - liveBefore) >> 10,
                    threadsOpen,
                    allOpen / 1e9,
                    heapOpen));
            closeAll(open);
            long after = status(runningPid, "VmRSS");
            int threadsAfter = (int) status(runningPid, "Threads");
            String heapAfter = heap();
            long liveAfter = histogram().getOrDefault(TOTAL, -1L);
            long hwm = status(runningPid, "VmHWM");
            log(String.format(
                    Locale.ROOT,
                    "3. After they closed: RSS %d MiB (peak %d MiB), live heap %d KiB, %d threads; heap %s",
                    after >> 10,
                    hwm >> 10,
                    liveAfter >> 10,
                    threadsAfter,
                    heapAfter));
            // a second batch: does the live heap grow again (kept per session), or was that growth once only?
            openAll(tokens, open);
            closeAll(open);
            long after2 = status(runningPid, "VmRSS");
            Map<String, Long> histogramAfter2 = histogram();
            long liveAfter2 = histogramAfter2.getOrDefault(TOTAL, -1L);
            String grown = growth(histogramBefore, histogramAfter2);
            log(String.format(
                    Locale.ROOT,
                    "3. After a second batch of %d opened and closed: RSS %d MiB, live heap %d KiB; grown since before:"
                            + " %s",
                    terminals,
                    after2 >> 10,
                    liveAfter2 >> 10,
                    grown));
            Arrays.sort(openTimes);
            return new Memory(
                    before,
                    withOpen,
                    after,
                    hwm,
                    liveBefore,
                    liveOpen,
                    liveAfter,
                    after2,
                    liveAfter2,
                    grown,
                    threadsBefore,
                    threadsOpen,
                    threadsAfter,
                    openTimes,
                    allOpen,
                    heapOpen,
                    heapAfter);
        } finally {
            for (PlatformTerm t : open) {
                t.close();
            }
        }
    }

    /** Opens the terminals (5 per user), each to its prompt and an echoed command; the time each took. */
    private long[] openAll(List<String> tokens, List<PlatformTerm> open) throws Exception {
        long[] times = new long[terminals];
        for (int i = 0; i < terminals; i++) {
            long s = System.nanoTime();
            PlatformTerm t = openPlatform("echo", tokens.get(i / PER_USER));
            open.add(t);
            int from = t.size();
            t.send(("echo term-$((" + i + "+1000))\r").getBytes(StandardCharsets.US_ASCII));
            t.awaitText("term-" + (i + 1000), from, SHELL);
            times[i] = System.nanoTime() - s;
        }
        return times;
    }

    /** Closes them, waits until the runtime has ended every session, and 3 s more. */
    private void closeAll(List<PlatformTerm> open) throws Exception {
        for (PlatformTerm t : open) {
            t.close();
        }
        open.clear();
        awaitNoOpenSessions();
        Thread.sleep(3000);
    }

    private static final String TOTAL = "(total)";

    /**
     * The runtime's live heap: bytes per class from {@code jcmd PID GC.class_histogram}, which first runs a full
     * collection (so only reachable objects count), and their total under {@link #TOTAL}. Empty if jcmd does not
     * answer.
     */
    private Map<String, Long> histogram() {
        Map<String, Long> bytes = new LinkedHashMap<>();
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(runningPid), "GC.class_histogram")
                    .redirectErrorStream(true)
                    .start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return bytes;
            }
            for (String line : s.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
                    bytes.merge(f[3], Long.parseLong(f[2]), Long::sum);
                } else if (f.length >= 3 && f[0].equals("Total")) {
                    bytes.put(TOTAL, Long.parseLong(f[2]));
                }
            }
        } catch (Exception e) {
            // informative only
        }
        return bytes;
    }

    /** The classes whose live bytes grew most between two histograms. */
    private static String growth(Map<String, Long> before, Map<String, Long> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return "? (no histogram)";
        }
        return after.entrySet().stream()
                .filter(e -> !e.getKey().equals(TOTAL))
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(8)
                .map(e -> e.getKey() + " +" + (e.getValue() >> 10) + " KiB")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Waits (up to 60 s) until the service has no open terminal session: each closed one has ended its shell. */
    private void awaitNoOpenSessions() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String path = "/services/" + service + "/terminal/sessions?open=true";
        while (true) {
            JsonNode list = JSON.readTree(expect(get(path), 200).body());
            if (list.size() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                problems.add("60 s after the terminals were closed, " + list.size() + " sessions were still open");
                return;
            }
            Thread.sleep(250);
        }
    }

    // -------------------------------------------------------------------------------------------------- report

    private void report(
            String started, String machine, String load0, String load1, Echo e, Follow f, Memory m, String cleanup)
            throws IOException {
        StringBuilder t = new StringBuilder();
        t.append("Run from ")
                .append(started)
                .append(" to ")
                .append(now())
                .append(" (service ")
                .append(service)
                .append(", namespace ")
                .append(namespace)
                .append(")\n");
        t.append("Machine: ").append(machine).append('\n');
        t.append("Load average at the start ")
                .append(load0)
                .append(", at the end ")
                .append(load1)
                .append("; runtime JAVA_OPTS '")
                .append(System.getenv().getOrDefault("JAVA_OPTS", ""))
                .append("'\n\n");
        t.append("| figure | platform | baseline | ratio | goal | met? |\n");
        t.append("|---|---|---|---|---|---|\n");
        if (e != null) {
            for (int p : new int[] {50, 95}) {
                double ratio = (double) pct(e.platform(), p) / pct(e.kubectl(), p);
                row(
                        t,
                        "1. Keystroke to echo, " + (p == 50 ? "median" : "p95") + " (n=" + samples + " each,"
                                + " interleaved)",
                        msf(pct(e.platform(), p)) + " (WebSocket terminal)",
                        msf(pct(e.kubectl(), p)) + " (kubectl exec -it)",
                        String.format(Locale.ROOT, "%.2fx", ratio),
                        "<= " + ECHO_GOAL + "x",
                        met(ratio <= ECHO_GOAL));
            }
            row(
                    t,
                    "1. Keystroke to echo, min / max",
                    msf(e.platform()[0]) + " / " + msf(e.platform()[e.platform().length - 1]),
                    msf(e.kubectl()[0]) + " / " + msf(e.kubectl()[e.kubectl().length - 1]),
                    "",
                    "",
                    "");
            row(
                    t,
                    "1. vs fabric8's exec (TTY) in the benchmark's JVM, no platform between: median / p95",
                    msf(pct(e.platform(), 50)) + " / " + msf(pct(e.platform(), 95)),
                    msf(pct(e.fabric8(), 50)) + " / " + msf(pct(e.fabric8(), 95)) + " (fabric8)",
                    String.format(
                            Locale.ROOT,
                            "%.2fx / %.2fx",
                            (double) pct(e.platform(), 50) / pct(e.fabric8(), 50),
                            (double) pct(e.platform(), 95) / pct(e.fabric8(), 95)),
                    "",
                    "");
            row(
                    t,
                    "1. Opening a terminal to its prompt (once each; platform: ticket, upgrade, ready)",
                    msf(e.platformOpen()),
                    msf(e.kubectlOpen()) + " (kubectl start to prompt); fabric8: " + msf(e.fabric8Open()),
                    String.format(Locale.ROOT, "%.2fx", (double) e.platformOpen() / e.kubectlOpen()),
                    "",
                    "");
        } else {
            row(t, "1. Keystroke to echo", "not measured (failed)", "", "", "<= " + ECHO_GOAL + "x", "");
        }
        if (f != null) {
            Followed p = f.platform(), k = f.kubectl();
            long first = Math.min(p.firstLineMicros(), k.firstLineMicros());
            double pr = rateOf(p, first), kr = rateOf(k, first);
            row(
                    t,
                    String.format(
                            Locale.ROOT,
                            "2. Follow, lines/s received (%d lines written at %.0f/s, both followers at once)",
                            f.lines(),
                            f.generatorRate()),
                    String.format(Locale.ROOT, "%.0f lines/s (event stream)", pr),
                    String.format(Locale.ROOT, "%.0f lines/s (kubectl logs -f)", kr),
                    String.format(Locale.ROOT, "%.2fx", pr / kr),
                    ">= " + FOLLOW_GOAL + "x",
                    met(pr / kr >= FOLLOW_GOAL));
            row(
                    t,
                    "2. Follow, lines lost (gaps in the numbers)",
                    p.lost() + (p.lost() > 0 ? " (first gap " + p.firstLost() + ")" : ""),
                    k.lost() + (k.lost() > 0 ? " (first gap " + k.firstLost() + ")" : ""),
                    "",
                    "0",
                    met(p.lost() == 0));
            row(
                    t,
                    "2. Follow, delay from the container runtime's timestamp to arrival, p50 / p95",
                    msf(pctMicros(p.delays(), 50)) + " / " + msf(pctMicros(p.delays(), 95)),
                    msf(pctMicros(k.delays(), 50)) + " / " + msf(pctMicros(k.delays(), 95)),
                    String.format(
                            Locale.ROOT,
                            "%.2fx",
                            (double) pctMicros(p.delays(), 50) / Math.max(1, pctMicros(k.delays(), 50))),
                    "",
                    "");
        } else {
            row(t, "2. Follow", "not measured (failed)", "", "", ">= " + FOLLOW_GOAL + "x, 0 lost", "");
        }
        if (m != null) {
            row(t, "3. Runtime's RSS before the terminals", mib(m.before()), "", "", "", "");
            long per = (m.open() - m.before()) / terminals;
            row(
                    t,
                    "3. RSS with " + terminals + " terminals open (each ready and having echoed a command)",
                    mib(m.open()) + " (+" + mib(m.open() - m.before()) + ", " + kib(per) + " per terminal)",
                    e != null && e.kubectlRss() > 0
                            ? terminals + " x " + mib(e.kubectlRss()) + " = " + mib(terminals * e.kubectlRss())
                                    + " (one kubectl exec -it process each)"
                            : "",
                    e != null && e.kubectlRss() > 0
                            ? String.format(
                                    Locale.ROOT,
                                    "%.3fx",
                                    (double) (m.open() - m.before()) / (terminals * e.kubectlRss()))
                            : "",
                    "",
                    "");
            row(
                    t,
                    "3. RSS after they were closed (peak VmHWM)",
                    mib(m.after()) + " (peak " + mib(m.hwm()) + ")",
                    "",
                    "",
                    "",
                    "");
            row(
                    t,
                    "3. After a second batch of " + terminals + " opened and closed: RSS, live heap",
                    mib(m.after2()) + ", " + (m.liveAfter2() > 0 ? mib(m.liveAfter2() >> 10) : "?"),
                    "",
                    "",
                    "",
                    "");
            if (m.liveBefore() > 0 && m.liveOpen() > 0 && m.liveAfter() > 0) {
                row(
                        t,
                        "3. Live heap (after a full GC) before / open / after",
                        mib(m.liveBefore() >> 10) + " / " + mib(m.liveOpen() >> 10) + " / " + mib(m.liveAfter() >> 10)
                                + " (" + kib(((m.liveOpen() - m.liveBefore()) >> 10) / terminals) + " per terminal)",
                        "",
                        "",
                        "",
                        "");
            }
            row(
                    t,
                    "3. Opening each terminal to its echoed command, median / max (all " + terminals + ")",
                    msf(pct(m.openTimes(), 50)) + " / " + msf(m.openTimes()[m.openTimes().length - 1]) + " ("
                            + String.format(Locale.ROOT, "%.1f s", m.allOpenNanos() / 1e9) + ")",
                    "",
                    "",
                    "",
                    "");
        } else {
            row(t, "3. RSS with " + terminals + " terminals", "not measured (failed)", "", "", "", "");
        }
        t.append('\n');
        if (e != null) {
            t.append("Figure 1: both shells (busybox sh) run in the same container, opened ")
                    .append(COLS)
                    .append("x")
                    .append(ROWS)
                    .append("; each sample sends 'x' and times until the line editor's echo of it arrives, then a"
                            + " DEL rubs it out; the three sides (platform, kubectl, fabric8 in the benchmark's JVM) take turns going first. kubectl runs under `script` (a"
                            + " pseudo-terminal) as in a user's terminal; ")
                    .append(e.notes())
                    .append(".\n");
        }
        if (f != null) {
            t.append(
                            "Figure 2: a busybox awk writes numbered lines (`c1 <number>`) paced by /proc/uptime in container ")
                    .append(CONTAINER)
                    .append(" of the flood server; both followers start with tail=0 and timestamps before the round"
                            + " (after an uncounted round of ")
                    .append(FOLLOW_WARMUP_SECONDS)
                    .append(" s in its container ")
                    .append(WARM_CONTAINER)
                    .append("); lines/s = lines received / (last arrival - the round's first line's runtime"
                            + " timestamp). Platform: ")
                    .append(describe(f.platform()))
                    .append("; kubectl: ")
                    .append(describe(f.kubectl()))
                    .append(". ")
                    .append(f.rotation())
                    .append(".\n");
        }
        if (m != null) {
            t.append("Figure 3: ")
                    .append((terminals + PER_USER - 1) / PER_USER)
                    .append(" users (the default limit is ")
                    .append(PER_USER)
                    .append(" terminals per user), tickets, all into the echo server's container. Threads of the"
                            + " runtime: ")
                    .append(m.threadsBefore())
                    .append(" before, ")
                    .append(m.threadsOpen())
                    .append(" open, ")
                    .append(m.threadsAfter())
                    .append(" after. Heap with them open: ")
                    .append(m.heapOpen())
                    .append("; after: ")
                    .append(m.heapAfter())
                    .append(". Live heap grown from before to after the second batch, by class (jcmd"
                            + " GC.class_histogram): ")
                    .append(m.grown())
                    .append(". MiB; RSS is VmRSS of /proc/<pid>/status.\n");
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

    private static String describe(Followed f) {
        return String.format(
                Locale.ROOT,
                "%d received, %d lost%s, %d duplicates, %d out of order",
                f.received(),
                f.lost(),
                f.lost() > 0 ? " (first gap " + f.firstLost() + ")" : "",
                f.duplicates(),
                f.outOfOrder());
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

    private String signIn(String user, String password) {
        HttpResponse<String> r = expect(
                send(
                        HttpRequest.newBuilder(URI.create(base + "/auth/token"))
                                .header("Content-Type", "application/json")
                                .header("Accept", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}")),
                        120,
                        false),
                200);
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
                120,
                true);
    }

    private HttpResponse<String> post(String path, String json) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                120,
                true);
    }

    private HttpResponse<String> put(String path, String json) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json)),
                120,
                true);
    }

    private HttpResponse<String> send(HttpRequest.Builder b, int timeoutSeconds, boolean asAdmin) {
        if (asAdmin && token != null) {
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

    private static String scriptVersion() {
        try {
            Process p = new ProcessBuilder("script", "--version")
                    .redirectErrorStream(true)
                    .start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return s;
        } catch (Exception e) {
            throw new IllegalStateException("no script (util-linux): kubectl exec -it needs a pseudo-terminal", e);
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

    /** A field of /proc/PID/status: KiB for the Vm* fields, a count for Threads. */
    private static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
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

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            }
        }
        return b.toString();
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String now() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
                .format(ZonedDateTime.now(java.time.ZoneOffset.UTC));
    }

    private static long nowMicros() {
        return micros(Instant.now());
    }

    private static long micros(Instant i) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, i);
    }

    private static long pct(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** A percentile of sorted microseconds, in nanoseconds (0 if there are none). */
    private static long pctMicros(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : pct(sorted, p) * 1000;
    }

    private static long median(long[] unsorted) {
        long[] s = unsorted.clone();
        Arrays.sort(s);
        return pct(s, 50);
    }

    private static String msf(long nanos) {
        double m = nanos / 1e6;
        return String.format(Locale.ROOT, m < 10 ? "%.2f ms" : m < 1000 ? "%.1f ms" : "%.0f ms", m);
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }

    private static String kib(long kib) {
        return kib >= 1024 ? mib(kib) : kib + " KiB";
    }

    private static String met(boolean ok) {
        return ok ? "yes" : "**no**";
    }

    private static void log(String s) {
        System.out.println("[bench] " + s);
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
                status(runningPid, "VmRSS") >> 10));
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

    /** Ends the kubectl processes this program started (and script's children), if any is left. */
    private void endProcesses() {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
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
                        600,
                        true);
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

    /** Ctrl-C or a kill: end the processes, delete what the run made on the cluster, stop the runtime. */
    private void emergencyCleanup() {
        if (cleanedUp) {
            return;
        }
        endProcesses();
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
}
