/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lifecycle benchmark of Cengjiyun (issue 5): servers created, observed and rolled out through the REST API on a
 * real cluster, each figure side by side with a direct baseline measured in the same run against the same cluster:
 * <ol>
 * <li>creating servers (Deployment + Service, replicas 0) through the API vs the same objects created with fabric8;
 * <li>the status of an appmap of 500 servers vs {@code kubectl get deploy -o json} and a fabric8 list;
 * <li>create to all replicas ready (2 busybox httpd pods) vs {@code kubectl apply} + {@code kubectl rollout status}.
 * </ol>
 *
 * <p>Single-file program for the source launcher, with fabric8's client, its JDK HTTP client and slf4j-nop on the class
 * path (benchmarks/lifecycle/pom.xml resolves them):
 * <pre>java -cp CP LifecycleBenchmark.java RUNTIME_DIR [--data DIR] [--port P] [--clients N] [--servers N]
 *     [--status-servers N] [--status-samples N] [--ready-runs N] [--follow sse|poll] [--probe-period S]
 *     [--kubeconfig FILE] [--kubectl PATH] [--out FILE]</pre>
 * RUNTIME_DIR must be a copy of distribution/target/cengjiyun that nothing else uses. Use run.sh.
 */
public class LifecycleBenchmark {

    private static final String IMAGE = "cengjiyun.test/busybox:1";
    private static final String ADMIN_PASSWORD = "benchmark-admin-password";
    private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    private static final String CREATE_APPMAP = "create";
    private static final String STATUS_APPMAP = "status";
    private static final String READY_APPMAP = "ready";
    private static final String QUOTA = "{\"cpu\":\"8\",\"memory\":\"16Gi\",\"pods\":60,\"storage\":\"10Gi\"}";
    private static final String ALLOTMENT =
            "[{\"cluster\":\"local\",\"cpu\":\"32\",\"memory\":\"64Gi\",\"pods\":300,\"storage\":\"100Gi\"}]";
    private static final String READY_COMMAND =
            "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www";
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(240);
    private static final ObjectMapper JSON = new ObjectMapper();

    // Options
    private final Path runtime;
    private final Path data;
    private final int port;
    private final int clients;
    private final int servers;
    private final int statusServers;
    private final int statusSamples;
    private final int readyRuns;
    private final String follow;
    private final int probePeriod;
    private final Path kubeconfig;
    private final String kubectl;
    private final Path out;

    private final String service;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Path launchLog;
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    /** Every server created through the API, by appmap, for the cleanup. */
    private final Map<String, List<String>> created = new ConcurrentHashMap<>();

    private final List<String> directNamespaces = new CopyOnWriteArrayList<>();
    private volatile String token;
    private volatile Long runningPid;
    private volatile boolean cleanedUp;
    private KubernetesClient kube;

    private LifecycleBenchmark(
            Path runtime,
            Path data,
            int port,
            int clients,
            int servers,
            int statusServers,
            int statusSamples,
            int readyRuns,
            String follow,
            int probePeriod,
            Path kubeconfig,
            String kubectl,
            Path out) {
        this.runtime = runtime;
        this.data = data;
        this.port = port;
        this.clients = clients;
        this.servers = servers;
        this.statusServers = statusServers;
        this.statusSamples = statusSamples;
        this.readyRuns = readyRuns;
        this.follow = follow;
        this.probePeriod = probePeriod;
        this.kubeconfig = kubeconfig;
        this.kubectl = kubectl;
        this.out = out;
        // A name of its own per run: its namespaces (<service>-<appmap>) cannot meet another run's.
        this.service = String.format(Locale.ROOT, "lcb-%04x", new Random().nextInt(0x10000));
        this.base = "http://127.0.0.1:" + port + "/api/v1";
        this.launchLog = data.resolveSibling(data.getFileName() + "-launch.log");
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("usage: java -cp <fabric8 class path> LifecycleBenchmark.java RUNTIME_DIR [--data DIR]"
                    + " [--port P] [--clients N] [--servers N] [--status-servers N] [--status-samples N]"
                    + " [--ready-runs N] [--follow sse|poll] [--probe-period S] [--kubeconfig FILE] [--kubectl PATH]"
                    + " [--out FILE]");
            System.exit(2);
        }
        Path runtime = Path.of(args[0]).toAbsolutePath().normalize();
        Path data = runtime.resolveSibling("bench-data");
        int port = 0,
                clients = 4,
                servers = 200,
                statusServers = 500,
                statusSamples = 30,
                readyRuns = 5,
                probePeriod = 1;
        String follow = "sse", kubectl = "kubectl";
        String kc = System.getenv("KUBECONFIG");
        Path kubeconfig = Path.of(
                kc != null && !kc.isEmpty() && !kc.contains(":")
                        ? kc
                        : "/var/lib/cengjiyun-kube-local/admin.kubeconfig");
        Path out = null;
        for (int i = 1; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--data" -> data = Path.of(value).toAbsolutePath().normalize();
                case "--port" -> port = Integer.parseInt(value);
                case "--clients" -> clients = Integer.parseInt(value);
                case "--servers" -> servers = Integer.parseInt(value);
                case "--status-servers" -> statusServers = Integer.parseInt(value);
                case "--status-samples" -> statusSamples = Integer.parseInt(value);
                case "--ready-runs" -> readyRuns = Integer.parseInt(value);
                case "--follow" -> follow = value;
                case "--probe-period" -> probePeriod = Integer.parseInt(value);
                case "--kubeconfig" -> kubeconfig = Path.of(value);
                case "--kubectl" -> kubectl = value;
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (clients < 1
                || servers < 2
                || statusServers < 1
                || statusSamples < 1
                || readyRuns < 1
                || probePeriod < 1
                || !(follow.equals("sse") || follow.equals("poll"))) {
            throw new IllegalArgumentException("--clients, --status-servers, --status-samples, --ready-runs and"
                    + " --probe-period must be >= 1, --servers >= 2, --follow sse or poll");
        }
        if (port == 0) {
            port = freeLoopbackPort();
        }
        LifecycleBenchmark b = new LifecycleBenchmark(
                runtime,
                data,
                port,
                clients,
                servers,
                statusServers,
                statusSamples,
                readyRuns,
                follow,
                probePeriod,
                kubeconfig,
                kubectl,
                out);
        Runtime.getRuntime().addShutdownHook(new Thread(b::emergencyCleanup, "cleanup"));
        int rc = b.run();
        System.exit(rc);
    }

    // ---------------------------------------------------------------------------------------------------- the run

    private record CreateResult(
            long[] api,
            long apiNanos,
            long[] direct,
            long directNanos,
            boolean withPorts,
            long[] apiDelete,
            long apiDeleteNanos,
            long[] directDelete,
            long directDeleteNanos) {}

    private record StatusResult(
            long[] api,
            long[] kubectl,
            long[] fabric8,
            int apiBytes,
            int kubectlBytes,
            long seedNanos,
            Map<String, Integer> states) {}

    private record ReadyResult(
            List<Long> api,
            List<Long> kubectl,
            List<Long> apiPostReturned,
            List<Long> kubectlApplyReturned,
            int sseRuns,
            int sseBufferedRuns) {}

    private int run() throws Exception {
        if (!Files.isExecutable(runtime.resolve("bin/cengjiyun"))) {
            throw new IllegalStateException(runtime + "/bin/cengjiyun is missing: not a Cengjiyun runtime directory");
        }
        if (!Files.isRegularFile(kubeconfig)) {
            throw new IllegalStateException("no kubeconfig of the local cluster at " + kubeconfig
                    + " (tools/kube-local/kube-local up; or --kubeconfig FILE)");
        }
        String load0 = loadAverage();
        apiServerSeen = apiServerProcess();
        kube = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build();
        String serverVersion = kube.getKubernetesVersion().getGitVersion();
        String kubectlVersion = kubectlClientVersion();
        long podsRunning = kube.pods().inAnyNamespace().list().getItems().stream()
                .filter(p ->
                        p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .count();
        String machine =
                Runtime.getRuntime().availableProcessors() + " CPUs (nproc " + nproc() + ", " + cpuModel() + "), "
                        + memMb() + " MB RAM, " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version")
                        + "; Kubernetes " + serverVersion + " (tools/kube-local, one node, " + podsRunning
                        + " pods running at the start), kubectl " + kubectlVersion;
        log("Machine: " + machine + "; load average " + load0);
        log("Runtime " + runtime + ", data " + data + ", port " + port + "; service " + service + "; " + clients
                + " clients; JAVA_OPTS='" + System.getenv().getOrDefault("JAVA_OPTS", "") + "'");

        CreateResult create = null;
        StatusResult status = null;
        ReadyResult ready = null;
        Throwable failure = null;
        try {
            start();
            token = signIn();
            setUp();
            checkApiServer("the runtime's start and the setup");
            create = createServers();
            checkApiServer("figure 1");
            status = statusOfAppMap();
            checkApiServer("figure 2");
            ready = createToReady();
            checkApiServer("figure 3");
        } catch (Throwable t) {
            failure = t;
            System.err.println();
            System.err.println("[bench] FAILED: " + t);
            if (t instanceof Failure f) {
                problems.add(f.getMessage());
            } else {
                t.printStackTrace();
            }
            // A runtime whose components did not all activate answers 404 (no resource) or 503: say why, from its log.
            try {
                List<String> unsatisfied = Files.readAllLines(data.resolve("log/cengjiyun.log")).stream()
                        .filter(l -> l.contains("Unable to get service for reference"))
                        .limit(3)
                        .toList();
                if (!unsatisfied.isEmpty()) {
                    problems.add("components of the runtime did not activate at its start (" + unsatisfied.size()
                            + "+ lines of data/log/cengjiyun.log): " + String.join(" | ", unsatisfied));
                }
            } catch (IOException | UncheckedIOException e) {
                // no log
            }
        }
        checkApiServer(failure == null ? "the run" : "the run, before its failure");
        String cleanup = cleanUp();
        checkApiServer("the cleanup");
        String load1 = loadAverage();
        report(machine, load0, load1, create, status, ready, cleanup);
        kube.close();
        return failure == null && problems.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------------------------------------------ setup

    private void setUp() throws Exception {
        expect(post("/services", "{\"name\":\"" + service + "\"}"), 201);
        expect(
                post(
                        "/clusters",
                        "{\"name\":\"local\",\"kubeconfig\":" + JSON.writeValueAsString(Files.readString(kubeconfig))
                                + "}"),
                201);
        expect(put("/services/" + service + "/allotments", ALLOTMENT), 200);
        for (String appmap : List.of(CREATE_APPMAP, STATUS_APPMAP, READY_APPMAP)) {
            expect(
                    post(
                            "/services/" + service + "/appmaps",
                            "{\"name\":\"" + appmap + "\",\"cluster\":\"local\",\"quota\":" + QUOTA + "}"),
                    201);
            created.put(appmap, new CopyOnWriteArrayList<>());
        }
    }

    private String namespace(String appmap) {
        return service + "-" + appmap;
    }

    /**
     * The direct baseline's namespace, made by the benchmark: the labels of the appmap's namespace, and a copy of its
     * ResourceQuota and LimitRange, so that admission does the same work on both sides.
     */
    private String directNamespace(String appmap) throws InterruptedException {
        String source = namespace(appmap);
        String ns = source + "-direct";
        Namespace placed = null;
        for (int i = 0; i < 100 && placed == null; i++) {
            placed = kube.namespaces().withName(source).get();
            if (placed == null) {
                Thread.sleep(100);
            }
        }
        if (placed == null) {
            throw new Failure("the namespace " + source + " of appmap " + appmap
                    + " is not on the cluster 10 s after the" + " appmap was created (201)");
        }
        directNamespaces.add(ns);
        kube.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .withLabels(new LinkedHashMap<>(placed.getMetadata().getLabels()))
                        .endMetadata()
                        .build())
                .create();
        for (ResourceQuota q : kube.resourceQuotas().inNamespace(source).list().getItems()) {
            kube.resourceQuotas()
                    .inNamespace(ns)
                    .resource(new ResourceQuotaBuilder()
                            .withNewMetadata()
                            .withName(q.getMetadata().getName())
                            .withLabels(q.getMetadata().getLabels())
                            .endMetadata()
                            .withSpec(q.getSpec())
                            .build())
                    .create();
        }
        for (LimitRange l : kube.limitRanges().inNamespace(source).list().getItems()) {
            kube.limitRanges()
                    .inNamespace(ns)
                    .resource(new LimitRangeBuilder()
                            .withNewMetadata()
                            .withName(l.getMetadata().getName())
                            .withLabels(l.getMetadata().getLabels())
                            .endMetadata()
                            .withSpec(l.getSpec())
                            .build())
                    .create();
        }
        return ns;
    }

    // --------------------------------------------------------------------------------------- 1. create servers

    private static String serverName(String prefix, int i) {
        return String.format(Locale.ROOT, "%s-%04d", prefix, i);
    }

    private CreateResult createServers() throws Exception {
        String ns = namespace(CREATE_APPMAP);
        String path = "/services/" + service + "/appmaps/" + CREATE_APPMAP + "/servers";

        // Does the runtime make Services (io.cengjiyun.ports running)? A 503 that says so: Deployment-only on both
        // sides.
        boolean withPorts;
        HttpResponse<String> probe = post(path, createDefinition("probe-ports", true));
        created.get(CREATE_APPMAP).add("probe-ports");
        if (probe.statusCode() == 201) {
            withPorts = true;
            if (kube.services().inNamespace(ns).withName("probe-ports").get() == null) {
                throw new Failure("POST " + path + " of a server with ports answered 201, but there is no Service"
                        + " probe-ports in " + ns + " afterwards: " + probe.body());
            }
            log("The ports bundle runs: each server is a Deployment + a Service on both sides");
        } else if (probe.statusCode() == 503 && probe.body().contains("io.cengjiyun.ports")) {
            withPorts = false;
            String note = "The ports bundle (io.cengjiyun.ports) is NOT running in this runtime: POST of a server with"
                    + " ports answered 503 (" + oneLine(probe.body())
                    + "). Figure 1 falls back to Deployment-only servers"
                    + " on both sides.";
            notes.add(note);
            log(note);
        } else {
            throw new Failure(
                    "POST " + path + " (a server with ports) answered " + probe.statusCode() + ": " + probe.body());
        }
        // The probe server is stored either way (a 503 keeps revision 1, not applied): delete it now.
        expect(delete(path + "/probe-ports?stop=true"), 204);
        created.get(CREATE_APPMAP).remove("probe-ports");

        String direct = directNamespace(CREATE_APPMAP);
        // Each batch is deleted before the next one: every Service takes an address of the cluster's service range
        // (tools/kube-local: 10.0.0.0/24, about 250), so both sides' 200 cannot be there at once. The deletes are timed
        // too (an extra figure, no goal). First a warm-up of both sides (JIT, connections, informers), not counted.
        int warm = Math.min(8, servers);
        apiBatch(path, ns, withPorts, "warm", 0, warm);
        directBatch(direct, withPorts, "warm", 0, warm);

        // ABBA: API, direct, direct, API, so that neither side has all of the later (warmer or busier) moments.
        int half = servers / 2;
        Batch[] a1 = apiBatch(path, ns, withPorts, "web", 0, half);
        Batch[] d1 = directBatch(direct, withPorts, "web", 0, half);
        Batch[] d2 = directBatch(direct, withPorts, "web", half, servers);
        Batch[] a2 = apiBatch(path, ns, withPorts, "web", half, servers);

        long[] api = concatSorted(a1[0].nanos, a2[0].nanos);
        long[] dir = concatSorted(d1[0].nanos, d2[0].nanos);
        long apiNanos = a1[0].wall + a2[0].wall, dirNanos = d1[0].wall + d2[0].wall;
        long[] apiDel = concatSorted(a1[1].nanos, a2[1].nanos);
        long[] dirDel = concatSorted(d1[1].nanos, d2[1].nanos);
        long apiDelNanos = a1[1].wall + a2[1].wall, dirDelNanos = d1[1].wall + d2[1].wall;
        log(String.format(
                Locale.ROOT,
                "Created %d servers through the API in %.1f s (%.1f/s; p50 %.1f ms, p99 %.1f ms);"
                        + " directly in %.1f s (%.1f/s; p50 %.1f ms, p99 %.1f ms)",
                servers,
                apiNanos / 1e9,
                servers / (apiNanos / 1e9),
                ms(pct(api, 50)),
                ms(pct(api, 99)),
                dirNanos / 1e9,
                servers / (dirNanos / 1e9),
                ms(pct(dir, 50)),
                ms(pct(dir, 99))));
        log(String.format(
                Locale.ROOT,
                "Deleted them through the API in %.1f s (%.1f/s); directly in %.1f s (%.1f/s)",
                apiDelNanos / 1e9,
                servers / (apiDelNanos / 1e9),
                dirDelNanos / 1e9,
                servers / (dirDelNanos / 1e9)));
        return new CreateResult(api, apiNanos, dir, dirNanos, withPorts, apiDel, apiDelNanos, dirDel, dirDelNanos);
    }

    /**
     * Creates servers from..to-1 through the API, checks what reached the cluster, deletes them (?stop=true) and waits
     * until their objects are gone; {creates, deletes}.
     */
    private Batch[] apiBatch(String path, String ns, boolean withPorts, String prefix, int from, int to)
            throws Exception {
        Batch creates = timed(from, to, i -> {
            String name = serverName(prefix, i);
            HttpResponse<String> r = post(path, createDefinition(name, withPorts));
            if (r.statusCode() != 201) {
                throw new Failure("POST " + base + path + " (server " + name + ") answered " + r.statusCode()
                        + ", not 201: " + r.body());
            }
            created.get(CREATE_APPMAP).add(name);
        });
        checkOnCluster("API", ns, to - from, withPorts);
        Batch deletes = timed(from, to, i -> {
            String name = serverName(prefix, i);
            expect(delete(path + "/" + name + "?stop=true"), 204);
            created.get(CREATE_APPMAP).remove(name);
        });
        awaitEmpty(ns);
        return new Batch[] {creates, deletes};
    }

    /** The same with fabric8: create the Deployment, then its Service (owned by it); delete both. */
    private Batch[] directBatch(String ns, boolean withPorts, String prefix, int from, int to) throws Exception {
        Batch creates = timed(from, to, i -> {
            String name = serverName(prefix, i);
            Deployment d = kube.apps()
                    .deployments()
                    .inNamespace(ns)
                    .resource(deployment(ns, CREATE_APPMAP, name, 0, List.of("httpd", "-f", "-p", "8080"), null))
                    .create();
            if (withPorts) {
                kube.services()
                        .inNamespace(ns)
                        .resource(service(ns, CREATE_APPMAP, d))
                        .create();
            }
        });
        checkOnCluster("direct", ns, to - from, withPorts);
        Batch deletes = timed(from, to, i -> {
            String name = serverName(prefix, i);
            if (withPorts) {
                kube.services().inNamespace(ns).withName(name).delete();
            }
            kube.apps().deployments().inNamespace(ns).withName(name).delete();
        });
        awaitEmpty(ns);
        return new Batch[] {creates, deletes};
    }

    private void checkOnCluster(String side, String ns, int want, boolean withPorts) {
        int deployments =
                kube.apps().deployments().inNamespace(ns).list().getItems().size();
        int services = kube.services().inNamespace(ns).list().getItems().size();
        if (deployments != want || (withPorts && services != want)) {
            problems.add(side + ": after " + want + " creates succeeded, the namespace " + ns + " has " + deployments
                    + " Deployments and " + services + " Services");
        }
    }

    /** Waits (up to 3 minutes) until a namespace has no Deployment, ReplicaSet or Service left. */
    private void awaitEmpty(String ns) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (kube.services().inNamespace(ns).list().getItems().isEmpty()
                    && kube.apps()
                            .deployments()
                            .inNamespace(ns)
                            .list()
                            .getItems()
                            .isEmpty()
                    && kube.apps()
                            .replicaSets()
                            .inNamespace(ns)
                            .list()
                            .getItems()
                            .isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
        problems.add("the namespace " + ns + " still had objects 3 minutes after its servers were deleted");
    }

    private record Batch(long[] nanos, long wall) {}

    private String createDefinition(String name, boolean withPorts) {
        return "{\"name\":\"" + name + "\",\"kind\":\"Deployment\",\"replicas\":0,\"containers\":[{\"name\":\"web\","
                + "\"image\":\"" + IMAGE
                + "\",\"imagePullPolicy\":\"Never\",\"command\":[\"httpd\",\"-f\",\"-p\",\"8080\"],"
                + "\"ports\":[{\"containerPort\":8080}]}]"
                + (withPorts ? ",\"ports\":[{\"name\":\"http\",\"port\":80,\"targetPort\":8080}]" : "") + "}";
    }

    @FunctionalInterface
    private interface Op {
        void run(int i) throws Exception;
    }

    /** Runs op(from..to-1) from `clients` threads, each taking the next index; per-op latency and the wall time. */
    private Batch timed(int from, int to, Op op) throws Exception {
        AtomicInteger next = new AtomicInteger(from);
        long[] nanos = new long[to - from];
        long t0 = System.nanoTime();
        parallel(clients, k -> {
            for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                long s = System.nanoTime();
                op.run(i);
                nanos[i - from] = System.nanoTime() - s;
            }
            return null;
        });
        long wall = System.nanoTime() - t0;
        Arrays.sort(nanos);
        return new Batch(nanos, wall);
    }

    /** The labels the platform puts on a server's objects (ARCHITECTURE.md; the runtime's own, checked on a live one). */
    private Map<String, String> labels(String appmap, String server) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(MANAGED_BY, "cengjiyun");
        l.put("app.kubernetes.io/name", server);
        l.put("cengjiyun.io/appmap", appmap);
        l.put("cengjiyun.io/server", server);
        l.put("cengjiyun.io/service", service);
        return l;
    }

    /** The Deployment the runtime makes of the same definition (without its cengjiyun.io/* annotations). */
    private Deployment deployment(
            String ns, String appmap, String name, int replicas, List<String> command, Integer probePeriodSeconds) {
        Map<String, String> labels = labels(appmap, name);
        Map<String, String> selector = new LinkedHashMap<>(labels);
        selector.remove("app.kubernetes.io/name");
        var container = new io.fabric8.kubernetes.api.model.ContainerBuilder()
                .withName("web")
                .withImage(IMAGE)
                .withImagePullPolicy("Never")
                .withCommand(command)
                .addNewPort()
                .withContainerPort(8080)
                .endPort();
        if (probePeriodSeconds != null) {
            container
                    .withNewReadinessProbe()
                    .withNewHttpGet()
                    .withPath("/")
                    .withPort(new IntOrString(8080))
                    .endHttpGet()
                    .withPeriodSeconds(probePeriodSeconds)
                    .endReadinessProbe();
        }
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .withMatchLabels(selector)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(probePeriodSeconds != null ? 1L : null)
                .withContainers(container.build())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The Service io.cengjiyun.ports makes of {"name": "http", "port": 80, "targetPort": 8080}, owned by the Deployment. */
    private Service service(String ns, String appmap, Deployment owner) {
        String name = owner.getMetadata().getName();
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put("app.kubernetes.io/name", name);
        selector.put("cengjiyun.io/service", service);
        selector.put("cengjiyun.io/appmap", appmap);
        selector.put("cengjiyun.io/server", name);
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withLabels(labels(appmap, name))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("Deployment")
                        .withName(name)
                        .withUid(owner.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(selector)
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withTargetPort(new IntOrString(8080))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }

    // ---------------------------------------------------------------------------------- 2. status of an appmap

    private StatusResult statusOfAppMap() throws Exception {
        String ns = namespace(STATUS_APPMAP);
        String path = "/services/" + service + "/appmaps/" + STATUS_APPMAP + "/servers";
        Batch seed = timed(0, statusServers, i -> {
            String name = serverName("st", i);
            HttpResponse<String> r = post(path, createDefinition(name, false));
            if (r.statusCode() != 201) {
                throw new Failure("POST " + base + path + " (server " + name + ") answered " + r.statusCode()
                        + ", not 201: " + r.body());
            }
            created.get(STATUS_APPMAP).add(name);
        });
        log(String.format(
                Locale.ROOT,
                "Seeded %d servers (replicas 0, no ports) in %.1f s (%.1f/s)",
                statusServers,
                seed.wall / 1e9,
                statusServers / (seed.wall / 1e9)));

        String statusPath = "/services/" + service + "/appmaps/" + STATUS_APPMAP + "/status";
        // The first answer: every server there, each with a state.
        HttpResponse<String> first = expect(get(statusPath), 200);
        JsonNode list = JSON.readTree(first.body());
        Map<String, Integer> states = new TreeMap<>();
        for (JsonNode s : list) {
            states.merge(s.path("status").path("state").asText("?"), 1, Integer::sum);
        }
        if (list.size() != statusServers) {
            throw new Failure("GET " + base + statusPath + " lists " + list.size() + " servers, not " + statusServers);
        }
        int listed = kube.apps().deployments().inNamespace(ns).list().getItems().size();
        if (listed != statusServers) {
            throw new Failure("the namespace " + ns + " has " + listed + " Deployments after " + statusServers
                    + " creates answered 201");
        }
        log("Status of " + STATUS_APPMAP + ": " + list.size() + " servers, states " + states + " ("
                + first.body().length() + " bytes)");

        // Warm-up, then interleaved samples: API, kubectl, fabric8.
        int[] kubectlBytes = new int[1];
        for (int i = 0; i < 3; i++) {
            expect(get(statusPath), 200);
            kubectlBytes[0] = kubectlGetDeployments(ns);
            kube.apps().deployments().inNamespace(ns).list();
        }
        long[] api = new long[statusSamples], kc = new long[statusSamples], f8 = new long[statusSamples];
        for (int i = 0; i < statusSamples; i++) {
            long s = System.nanoTime();
            HttpResponse<String> r = get(statusPath);
            api[i] = System.nanoTime() - s;
            expect(r, 200);
            s = System.nanoTime();
            kubectlBytes[0] = kubectlGetDeployments(ns);
            kc[i] = System.nanoTime() - s;
            s = System.nanoTime();
            DeploymentList dl = kube.apps().deployments().inNamespace(ns).list();
            f8[i] = System.nanoTime() - s;
            if (dl.getItems().size() != statusServers) {
                throw new Failure("fabric8 listed " + dl.getItems().size() + " Deployments in " + ns);
            }
        }
        Arrays.sort(api);
        Arrays.sort(kc);
        Arrays.sort(f8);
        log(String.format(
                Locale.ROOT,
                "Status of %d servers, n=%d: API p50 %.1f ms p99 %.1f ms; kubectl p50 %.1f ms p99 %.1f ms;"
                        + " fabric8 list p50 %.1f ms p99 %.1f ms",
                statusServers,
                statusSamples,
                ms(pct(api, 50)),
                ms(pct(api, 99)),
                ms(pct(kc, 50)),
                ms(pct(kc, 99)),
                ms(pct(f8, 50)),
                ms(pct(f8, 99))));
        return new StatusResult(api, kc, f8, first.body().length(), kubectlBytes[0], seed.wall, states);
    }

    /** kubectl get deploy -n NS -o json, its whole output read; returns its size. */
    private int kubectlGetDeployments(String ns) throws Exception {
        Process p = new ProcessBuilder(
                        kubectl, "--kubeconfig", kubeconfig.toString(), "get", "deploy", "-n", ns, "-o", "json")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] body = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new Failure("kubectl get deploy -n " + ns + " -o json failed (exit "
                    + (p.isAlive() ? "none" : p.exitValue()) + ")");
        }
        return body.length;
    }

    // ----------------------------------------------------------------------------------------- 3. create to ready

    private String readyDefinition(String name) {
        return "{\"name\":\"" + name + "\",\"kind\":\"Deployment\",\"replicas\":2,\"terminationGracePeriodSeconds\":1,"
                + "\"containers\":[{\"name\":\"web\",\"image\":\"" + IMAGE + "\",\"imagePullPolicy\":\"Never\","
                + "\"command\":[\"sh\",\"-c\"," + JSON.valueToTree(READY_COMMAND)
                + "],\"ports\":[{\"containerPort\":8080}],"
                + "\"readinessProbe\":{\"httpGet\":{\"path\":\"/\",\"port\":8080},\"periodSeconds\":" + probePeriod
                + "}}]}";
    }

    private ReadyResult createToReady() throws Exception {
        String ns = namespace(READY_APPMAP);
        String direct = directNamespace(READY_APPMAP);
        Path manifests = Files.createDirectories(data.resolveSibling(data.getFileName() + "-manifests"));
        List<Long> api = new ArrayList<>(),
                kc = new ArrayList<>(),
                apiPost = new ArrayList<>(),
                kcApply = new ArrayList<>();
        int[] sse = new int[2];
        // One warm-up of each side, then the runs, alternating.
        for (int run = 0; run <= readyRuns; run++) {
            boolean warm = run == 0;
            String label = warm ? "warm-up" : "run " + run + "/" + readyRuns;
            long[] a = readyThroughApi(ns, "ra-" + run, sse, warm);
            long[] k = readyThroughKubectl(direct, "rk-" + run, manifests);
            log(String.format(
                    Locale.ROOT,
                    "Create to ready, %s: API %.2f s (POST answered after %.0f ms); kubectl %.2f s"
                            + " (apply returned after %.0f ms)",
                    label,
                    a[0] / 1e9,
                    ms(a[1]),
                    k[0] / 1e9,
                    ms(k[1])));
            if (!warm) {
                api.add(a[0]);
                apiPost.add(a[1]);
                kc.add(k[0]);
                kcApply.add(k[1]);
            }
        }
        return new ReadyResult(api, kc, apiPost, kcApply, sse[0], sse[1]);
    }

    /** {total, post} in nanoseconds: from just before the POST to RUNNING with ready == desired. */
    private long[] readyThroughApi(String ns, String name, int[] sse, boolean warm) throws Exception {
        String path = "/services/" + service + "/appmaps/" + READY_APPMAP + "/servers";
        long t0 = System.nanoTime();
        HttpResponse<String> r = post(path, readyDefinition(name));
        long posted = System.nanoTime() - t0;
        if (r.statusCode() != 201) {
            throw new Failure("POST " + base + path + " (server " + name + ", replicas 2) answered " + r.statusCode()
                    + ", not 201: " + r.body());
        }
        created.get(READY_APPMAP).add(name);
        long total;
        if (follow.equals("sse")) {
            total = followSse(path + "/" + name + "/rollout?timeout=300", t0, sse, warm);
        } else {
            total = pollStatus(path + "/" + name + "/status", t0);
        }
        expect(delete(path + "/" + name + "?stop=true"), 204);
        created.get(READY_APPMAP).remove(name);
        awaitNoPods(ns, name);
        return new long[] {total, posted};
    }

    /** Reads the rollout's events until `done`; checks that it is RUNNING with ready == desired. */
    private long followSse(String path, long t0, int[] sse, boolean warm) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(330))
                .GET();
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            String body = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
            throw new Failure("GET " + base + path + " answered " + r.statusCode() + ", not 200: " + body);
        }
        long firstEvent = -1, done = -1;
        int events = 0;
        String event = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                    events++;
                    if (firstEvent < 0) {
                        firstEvent = System.nanoTime() - t0;
                    }
                } else if (line.startsWith("data:") && event != null) {
                    JsonNode status = JSON.readTree(line.substring(5).trim());
                    if (event.equals("done")) {
                        done = System.nanoTime() - t0;
                        if (!"RUNNING".equals(status.path("state").asText())
                                || status.path("ready").asInt(-1)
                                        != status.path("desired").asInt(-2)) {
                            throw new Failure("GET " + base + path + " ended with event done but " + status);
                        }
                        break;
                    }
                    if (event.equals("failed") || event.equals("timeout")) {
                        throw new Failure("GET " + base + path + " ended with event " + event + ": " + status);
                    }
                }
            }
        }
        if (done < 0) {
            throw new Failure("GET " + base + path + " ended without an event done (" + events + " events)");
        }
        if (!warm) {
            sse[0]++;
            // Every event arrived within 50 ms of the last one: the stream was held back until the end.
            if (events > 1 && done - firstEvent < TimeUnit.MILLISECONDS.toNanos(50)) {
                sse[1]++;
            }
        }
        return done;
    }

    private long pollStatus(String path, long t0) throws Exception {
        long deadline = t0 + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = expect(get(path), 200);
            JsonNode status = JSON.readTree(r.body());
            if ("RUNNING".equals(status.path("state").asText())
                    && status.path("ready").asInt(-1) == status.path("desired").asInt(-2)) {
                return System.nanoTime() - t0;
            }
            if ("FAILED".equals(status.path("state").asText())
                    || "ERROR".equals(status.path("state").asText())) {
                throw new Failure("GET " + base + path + ": " + r.body());
            }
            Thread.sleep(100);
        }
        throw new Failure("GET " + base + path + ": not RUNNING with all replicas ready after 300 s");
    }

    /** {total, apply} in nanoseconds: kubectl apply -f, then kubectl rollout status, each a process of its own. */
    private long[] readyThroughKubectl(String ns, String name, Path manifests) throws Exception {
        Deployment d = deployment(ns, READY_APPMAP, name, 2, List.of("sh", "-c", READY_COMMAND), probePeriod);
        Path file = manifests.resolve(name + ".json");
        Files.writeString(file, Serialization.asJson(d));
        long t0 = System.nanoTime();
        runKubectl("apply", "-f", file.toString());
        long applied = System.nanoTime() - t0;
        runKubectl("rollout", "status", "deployment/" + name, "-n", ns, "--timeout=300s");
        long total = System.nanoTime() - t0;
        Deployment live =
                kube.apps().deployments().inNamespace(ns).withName(name).get();
        Integer ready = live.getStatus() == null ? null : live.getStatus().getReadyReplicas();
        if (ready == null || ready != 2) {
            throw new Failure(
                    "kubectl rollout status returned, but " + ns + "/" + name + " has " + ready + " ready replicas");
        }
        kube.apps().deployments().inNamespace(ns).withName(name).delete();
        awaitNoPods(ns, name);
        return new long[] {total, applied};
    }

    private void runKubectl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(330, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new Failure(String.join(" ", cmd) + " failed: " + output);
        }
    }

    private void awaitNoPods(String ns, String server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (kube.pods()
                    .inNamespace(ns)
                    .withLabel("cengjiyun.io/server", server)
                    .list()
                    .getItems()
                    .isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
        notes.add("the pods of " + ns + "/" + server + " were still there 120 s after its delete");
    }

    // ---------------------------------------------------------------------------------------------------- cleanup

    /** DELETE ?stop=true of every server created, DELETE the service with cascade, the direct namespaces; waits. */
    private String cleanUp() {
        StringBuilder said = new StringBuilder();
        try {
            if (token != null) {
                List<String[]> all = new ArrayList<>();
                created.forEach((appmap, names) -> names.forEach(n -> all.add(new String[] {appmap, n})));
                AtomicLong bad = new AtomicLong();
                AtomicInteger next = new AtomicInteger();
                long t0 = System.nanoTime();
                parallel(clients, k -> {
                    for (int i = next.getAndIncrement(); i < all.size(); i = next.getAndIncrement()) {
                        String p = "/services/" + service + "/appmaps/" + all.get(i)[0] + "/servers/" + all.get(i)[1]
                                + "?stop=true";
                        try {
                            HttpResponse<String> r = delete(p);
                            if (r.statusCode() != 204 && bad.incrementAndGet() <= 3) {
                                problems.add("cleanup: DELETE " + base + p + " answered " + r.statusCode() + ": "
                                        + r.body());
                            }
                        } catch (RuntimeException e) {
                            if (bad.incrementAndGet() <= 3) {
                                problems.add("cleanup: DELETE " + base + p + ": no answer (" + e.getMessage() + ")");
                            }
                        }
                    }
                    return null;
                });
                long took = System.nanoTime() - t0;
                said.append(String.format(
                        Locale.ROOT,
                        "DELETE ?stop=true of %d servers with %d clients: %.1f s (%.0f/s, %d" + " not 204)",
                        all.size(),
                        clients,
                        took / 1e9,
                        all.size() / Math.max(took / 1e9, 1e-9),
                        bad.get()));
                HttpResponse<String> r = delete("/services/" + service + "?cascade=true");
                if (r.statusCode() != 204) {
                    problems.add("DELETE " + base + "/services/" + service + "?cascade=true answered " + r.statusCode()
                            + ": " + r.body());
                }
            }
        } catch (Exception e) {
            problems.add("cleanup through the API failed: " + e);
        }
        // Whatever is left (a failed run): every namespace of this run's service, and the direct ones.
        long t0 = System.nanoTime();
        try {
            for (Namespace ns : kube.namespaces()
                    .withLabel("cengjiyun.io/service", service)
                    .list()
                    .getItems()) {
                kube.namespaces().withName(ns.getMetadata().getName()).delete();
            }
            for (String ns : directNamespaces) {
                kube.namespaces().withName(ns).delete();
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
                                            "all namespaces of %s gone %.0f s later",
                                            service,
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
            String machine, String load0, String load1, CreateResult c, StatusResult s, ReadyResult r, String cleanup)
            throws IOException {
        StringBuilder t = new StringBuilder();
        t.append("Run ")
                .append(ZonedDateTime.now().withNano(0))
                .append(" (service ")
                .append(service)
                .append(")\n");
        t.append("Machine: ").append(machine).append('\n');
        t.append("Load average before ")
                .append(load0)
                .append(", after ")
                .append(load1)
                .append('\n');
        t.append("Runtime JAVA_OPTS: '")
                .append(System.getenv().getOrDefault("JAVA_OPTS", ""))
                .append("'; ")
                .append(clients)
                .append(" concurrent clients\n\n");
        t.append("| metric | Cengjiyun | direct baseline | ratio | goal | met? |\n");
        t.append("|---|---|---|---|---|---|\n");
        if (c != null) {
            String what = c.withPorts() ? "Deployment + Service" : "Deployment only: ports bundle not running (503)";
            double apiRate = servers / (c.apiNanos() / 1e9), dirRate = servers / (c.directNanos() / 1e9);
            double ratio = apiRate / dirRate;
            row(
                    t,
                    "1. Create " + servers + " servers (" + what + ", replicas 0), " + clients + " clients: throughput",
                    String.format(Locale.ROOT, "%.1f servers/s", apiRate),
                    String.format(Locale.ROOT, "%.1f servers/s (fabric8)", dirRate),
                    String.format(Locale.ROOT, "%.2f", ratio),
                    ">= 0.8",
                    met(ratio >= 0.8));
            row(
                    t,
                    "1. Create: p50 per server",
                    msf(pct(c.api(), 50)),
                    msf(pct(c.direct(), 50)),
                    ratio(pct(c.api(), 50), pct(c.direct(), 50)),
                    "",
                    "");
            row(
                    t,
                    "1. Create: p99 per server",
                    msf(pct(c.api(), 99)),
                    msf(pct(c.direct(), 99)),
                    ratio(pct(c.api(), 99), pct(c.direct(), 99)),
                    "",
                    "");
            double apiDel = servers / (c.apiDeleteNanos() / 1e9), dirDel = servers / (c.directDeleteNanos() / 1e9);
            row(
                    t,
                    "1b. Delete them (DELETE ?stop=true / fabric8 delete" + (c.withPorts() ? " of both objects" : "")
                            + ")," + " throughput",
                    String.format(Locale.ROOT, "%.1f servers/s", apiDel),
                    String.format(Locale.ROOT, "%.1f servers/s (fabric8)", dirDel),
                    String.format(Locale.ROOT, "%.2f", apiDel / dirDel),
                    "",
                    "");
            row(
                    t,
                    "1b. Delete: p50 / p99 per server",
                    msf(pct(c.apiDelete(), 50)) + " / " + msf(pct(c.apiDelete(), 99)),
                    msf(pct(c.directDelete(), 50)) + " / " + msf(pct(c.directDelete(), 99)),
                    ratio(pct(c.apiDelete(), 50), pct(c.directDelete(), 50)),
                    "",
                    "");
        } else {
            row(t, "1. Create " + servers + " servers", "not measured (failed)", "", "", ">= 0.8", "");
        }
        if (s != null) {
            String n = "n=" + s.api().length;
            row(
                    t,
                    "2. Status of an appmap of " + statusServers + " servers vs kubectl get deploy -o json, p50 (" + n
                            + ")",
                    msf(pct(s.api(), 50)),
                    msf(pct(s.kubectl(), 50)) + " (kubectl)",
                    ratio(pct(s.api(), 50), pct(s.kubectl(), 50)),
                    "faster than kubectl",
                    met(pct(s.api(), 50) < pct(s.kubectl(), 50)));
            row(
                    t,
                    "2. Status vs kubectl, p99",
                    msf(pct(s.api(), 99)),
                    msf(pct(s.kubectl(), 99)) + " (kubectl)",
                    ratio(pct(s.api(), 99), pct(s.kubectl(), 99)),
                    "faster than kubectl",
                    met(pct(s.api(), 99) < pct(s.kubectl(), 99)));
            row(
                    t,
                    "2. Status vs fabric8 list of the Deployments (in-process, warm), p50",
                    msf(pct(s.api(), 50)),
                    msf(pct(s.fabric8(), 50)) + " (fabric8)",
                    ratio(pct(s.api(), 50), pct(s.fabric8(), 50)),
                    "",
                    "");
            row(
                    t,
                    "2. Status vs fabric8 list, p99",
                    msf(pct(s.api(), 99)),
                    msf(pct(s.fabric8(), 99)) + " (fabric8)",
                    ratio(pct(s.api(), 99), pct(s.fabric8(), 99)),
                    "",
                    "");
        } else {
            row(
                    t,
                    "2. Status of an appmap of " + statusServers + " servers",
                    "not measured (failed)",
                    "",
                    "",
                    "faster than kubectl",
                    "");
        }
        if (r != null && !r.api().isEmpty()) {
            long am = median(r.api()), km = median(r.kubectl());
            double ratio = (double) am / km;
            row(
                    t,
                    "3. Create to all replicas ready (Deployment, 2 replicas), median of "
                            + r.api().size(),
                    sec(am),
                    sec(km) + " (kubectl apply + rollout status)",
                    String.format(Locale.ROOT, "%.2fx", ratio),
                    "<= 1.1x",
                    met(ratio <= 1.1));
            row(
                    t,
                    "3. Create to ready: min-max",
                    sec(Collections.min(r.api())) + "-" + sec(Collections.max(r.api())),
                    sec(Collections.min(r.kubectl())) + "-" + sec(Collections.max(r.kubectl())),
                    "",
                    "",
                    "");
            row(
                    t,
                    "3. POST answered / kubectl apply returned, median",
                    msf(median(r.apiPostReturned())),
                    msf(median(r.kubectlApplyReturned())),
                    "",
                    "",
                    "");
        } else {
            row(t, "3. Create to all replicas ready", "not measured (failed)", "", "", "<= 1.1x", "");
        }
        if (s != null) {
            row(
                    t,
                    "Seeding figure 2: " + statusServers + " POSTs (replicas 0, no ports), " + clients + " clients",
                    String.format(
                            Locale.ROOT, "%.1f s (%.1f/s)", s.seedNanos() / 1e9, statusServers / (s.seedNanos() / 1e9)),
                    "",
                    "",
                    "",
                    "");
        }
        t.append('\n');
        if (s != null) {
            t.append(String.format(
                    Locale.ROOT,
                    "Figure 2: the API's answer %d KiB (states %s); kubectl's JSON %d KiB.%n",
                    s.apiBytes() / 1024,
                    s.states(),
                    s.kubectlBytes() / 1024));
        }
        if (r != null && !r.api().isEmpty()) {
            t.append("Figure 3 in run order (s): API ")
                    .append(secs(r.api()))
                    .append("; kubectl ")
                    .append(secs(r.kubectl()))
                    .append(". API followed by ")
                    .append(
                            follow.equals("sse")
                                    ? "the rollout's SSE stream (until event: done)"
                                    : "GET .../status every 100 ms")
                    .append("; readinessProbe periodSeconds ")
                    .append(probePeriod)
                    .append(", terminationGracePeriodSeconds 1 on both sides.\n");
            if (r.sseBufferedRuns() > 0) {
                t.append("SSE: in ")
                        .append(r.sseBufferedRuns())
                        .append(" of ")
                        .append(r.sseRuns())
                        .append(
                                " runs every event"
                                        + " of GET .../rollout arrived at once at the end (the stream was held back, not streamed).\n");
            }
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

    private static void row(StringBuilder t, String... cells) {
        t.append("| ").append(String.join(" | ", cells)).append(" |\n");
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
                "Runtime started (pid %d), API answering after %.1f s",
                runningPid,
                (System.nanoTime() - t0) / 1e9));
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

    private HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "application/json")
                .DELETE());
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
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

    /** The local kube-apiserver's pid and start time (from /proc), to see whether it was restarted meanwhile. */
    private static String apiServerProcess() {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String cmd = Files.readString(p.resolve("cmdline"));
                    int end = cmd.indexOf('\0');
                    if ((end < 0 ? cmd : cmd.substring(0, end)).endsWith("/kube-apiserver")) {
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

    private String apiServerSeen;

    /** Says if the cluster's API server was restarted since the last look, and during which part of the run. */
    private void checkApiServer(String during) {
        String now = apiServerProcess();
        if (!now.equals(apiServerSeen)) {
            problems.add(
                    0,
                    "the cluster's API server was restarted during " + during + " (" + apiServerSeen + ", then "
                            + now + "): something else stopped it (the itests' ClusterFaultIT runs `kube-local fault"
                            + " apiserver-stop`); the figures and errors of " + during
                            + " do not measure the runtime alone.");
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

    private static long[] concatSorted(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        return all;
    }

    private static long pct(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String msf(long nanos) {
        double m = ms(nanos);
        return String.format(Locale.ROOT, m < 10 ? "%.2f ms" : m < 1000 ? "%.1f ms" : "%.0f ms", m);
    }

    private static String sec(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    private static String secs(List<Long> nanos) {
        return String.join(
                ", ",
                nanos.stream()
                        .map(n -> String.format(Locale.ROOT, "%.2f", n / 1e9))
                        .toList());
    }

    private static String ratio(long a, long b) {
        return b == 0 ? "" : String.format(Locale.ROOT, "%.2fx", (double) a / b);
    }

    private static String met(boolean ok) {
        return ok ? "yes" : "**no**";
    }

    private static void log(String s) {
        System.out.println("[bench] " + s);
    }
}
