/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Base of the Pax Exam tests: boots the built distribution's bundles (system/&lt;start level&gt;/) in Felix with
 * the launcher's framework properties, on a free HTTP port and in a home of its own, and offers what tests of the
 * running platform need: the REST API over real HTTP, the Gogo shell, and waiting for things to settle.
 *
 * <p>Subclasses: {@code @RunWith(PaxExam.class) @ExamReactorStrategy(PerClass.class)} and {@code *IT} names
 * (failsafe runs them). The test methods run inside the framework.
 */
public abstract class CengjiyunTestSupport {

    protected static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The cluster of tools/kube-local, as tests register it. */
    protected static final String LOCAL_CLUSTER = "local";

    /** The kubeconfig of tools/kube-local. */
    protected static final java.nio.file.Path LOCAL_KUBECONFIG = java.nio.file.Path.of(
            System.getProperty("cengjiyun.kubeconfig", "/var/lib/cengjiyun-kube-local/admin.kubeconfig"));

    /** What {@link #allotLocalCluster} allots: room for many small appmaps. */
    protected static final String LOCAL_ALLOTMENT = "[{\"cluster\": \"" + LOCAL_CLUSTER + "\", \"cpu\": \"8\","
            + " \"memory\": \"16Gi\", \"pods\": 100, \"storage\": \"50Gi\"}]";

    /** A small quota for an appmap on the local cluster: eight of them fit in {@link #LOCAL_ALLOTMENT}. */
    protected static final String SMALL_QUOTA =
            "{\"cpu\": \"1\", \"memory\": \"1Gi\", \"pods\": 10, \"storage\": \"1Gi\"}";

    /** The password of the platform administrator 'admin' that the first start creates. */
    protected static final String ADMIN_PASSWORD = "itest-admin-password-1";

    /** The admin's token, per HTTP port (one framework per test class; JUnit makes an instance per test). */
    private static final java.util.Map<Integer, String> ADMIN_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    @Inject
    protected BundleContext bundleContext;

    protected final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] configuration() {
        // Called outside the framework, once per test class, before it boots: the class uses the local cluster from
        // now until the next class of this JVM takes the lock (see ClusterLock).
        if (needsClusterAlone()) {
            ClusterLock.exclusive(getClass().getSimpleName());
        } else {
            ClusterLock.shared(getClass().getSimpleName());
        }
        return RuntimeOptions.options(monitoringConfig(), this::prepareHome);
    }

    /** etc/io.cengjiyun.monitoring.cfg of this class's runtime: a class that reads samples wants them every 5 s. */
    protected String monitoringConfig() {
        return RuntimeOptions.QUIET_MONITORING_CONFIG;
    }

    /**
     * Called outside the framework before it boots: a class that needs more than the distribution's etc/ (a
     * certificate in etc/tls/, say) writes it into {@code home} and adds framework properties.
     */
    protected void prepareHome(java.nio.file.Path home, java.util.Map<String, String> frameworkProperties)
            throws IOException {}

    /**
     * True for a class that breaks the local cluster on purpose (stops its API server, say): no other test class runs
     * against the cluster meanwhile, in this JVM or another.
     */
    protected boolean needsClusterAlone() {
        return false;
    }

    /**
     * After each test: what this runtime has answered so far, by route, method and status (its own count, from
     * {@code GET /metrics}), to {@code target/api-statuses/<class>.prom}. After the suite,
     * tools/openapi-lint/statuses.mjs checks that every error status the API's document names was answered in some
     * test. A runtime that does not serve its metrics (a test stopped them) leaves the last count written.
     */
    @org.junit.After
    public void recordAnsweredStatuses() {
        try {
            HttpResponse<String> metrics = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + "/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (metrics.statusCode() != 200) {
                return;
            }
            StringBuilder kept = new StringBuilder();
            for (String line : metrics.body().split("\n")) {
                if (line.startsWith("cengjiyun_http_server_requests_seconds_count{")) {
                    kept.append(line).append('\n');
                }
            }
            java.nio.file.Path folder = java.nio.file.Path.of(System.getProperty("user.dir"), "target", "api-statuses");
            java.nio.file.Files.createDirectories(folder);
            java.nio.file.Files.writeString(folder.resolve(getClass().getSimpleName() + ".prom"), kept);
        } catch (IOException | RuntimeException e) {
            System.out.println(getClass().getSimpleName() + ": the answered statuses were not recorded: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A file of this checkout, looked for above the working directory (itests/): a script, a built npm package. */
    protected static java.nio.file.Path repoFile(String relative) {
        for (java.nio.file.Path dir =
                        java.nio.file.Path.of(System.getProperty("user.dir")).toAbsolutePath();
                dir != null;
                dir = dir.getParent()) {
            java.nio.file.Path file = dir.resolve(relative);
            if (java.nio.file.Files.exists(file)) {
                return file;
            }
        }
        throw new AssertionError("no " + relative + " above " + System.getProperty("user.dir")
                + " (a file the build makes? build that module first)");
    }

    /** The HTTP port this framework's Jetty listens on (a free port chosen for the test class). */
    protected int httpPort() {
        return Integer.parseInt(bundleContext.getProperty("org.osgi.service.http.port"));
    }

    /** {@code http://127.0.0.1:<port>/api/v1}. */
    protected URI apiBase() {
        return URI.create("http://127.0.0.1:" + httpPort() + "/api/v1");
    }

    /** A request to {@code apiBase() + path} as the platform administrator, e.g. {@code request("/health").GET()}. */
    protected HttpRequest.Builder request(String path) {
        return requestAs(adminToken(), path);
    }

    /** A request to {@code apiBase() + path} with the given bearer token, or none when it is null. */
    protected HttpRequest.Builder requestAs(String token, String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(apiBase() + path)).timeout(DEFAULT_TIMEOUT);
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    /** A request without credentials. */
    protected HttpRequest.Builder anonymous(String path) {
        return requestAs(null, path);
    }

    /** The platform administrator's token, signing in once per framework (waiting for the security bundle). */
    protected String adminToken() {
        return ADMIN_TOKENS.computeIfAbsent(httpPort(), port -> login("admin", ADMIN_PASSWORD));
    }

    /** Signs in with POST /auth/token and returns the token; waits while the platform is starting. */
    protected String login(String user, String password) {
        String[] token = new String[1];
        waitForAssert(
                () -> {
                    try {
                        HttpResponse<String> response = send(anonymous("/auth/token")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")));
                        if (response.statusCode() != 200) {
                            throw new AssertionError("POST /api/v1/auth/token as " + user + ": " + response.statusCode()
                                    + " " + response.body());
                        }
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"")
                                .matcher(response.body());
                        if (!m.find()) {
                            throw new AssertionError("no token in " + response.body());
                        }
                        token[0] = m.group(1);
                    } catch (IOException e) {
                        throw new AssertionError("POST /api/v1/auth/token: " + e, e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("interrupted", e);
                    }
                },
                Duration.ofSeconds(60));
        return token[0];
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().header("Accept", "application/json"));
    }

    protected HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    protected HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    protected HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE().header("Accept", "application/json"));
    }

    protected final com.fasterxml.jackson.databind.ObjectMapper json =
            new com.fasterxml.jackson.databind.ObjectMapper();

    protected com.fasterxml.jackson.databind.JsonNode body(HttpResponse<String> response) throws IOException {
        return json.readTree(response.body());
    }

    /** GET of an API path that must answer 200: its JSON body (usable inside a waitForAssert). */
    protected com.fasterxml.jackson.databind.JsonNode getJson(String path) {
        try {
            HttpResponse<String> r = get(path);
            org.junit.Assert.assertEquals(r.body(), 200, r.statusCode());
            return body(r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The answer is an RFC 9457 problem of this status, with a title and detail, and never a stack trace. */
    protected void assertProblem(HttpResponse<String> response, int status) throws IOException {
        org.junit.Assert.assertEquals(response.body(), status, response.statusCode());
        org.junit.Assert.assertEquals(
                response.body(),
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""));
        com.fasterxml.jackson.databind.JsonNode problem = body(response);
        org.junit.Assert.assertEquals(status, problem.get("status").asInt());
        org.junit.Assert.assertTrue(
                response.body(),
                problem.hasNonNull("title") && problem.hasNonNull("detail") && problem.hasNonNull("type"));
        org.junit.Assert.assertFalse(
                "no stack trace to the client: " + response.body(),
                response.body().contains("\tat ") || response.body().contains("Exception:"));
    }

    /** The JSON of an appmap on the local cluster with {@link #SMALL_QUOTA}, e.g. {@code appMap("dev")}. */
    protected static String appMap(String name) {
        return "{\"name\": \"" + name + "\", \"cluster\": \"" + LOCAL_CLUSTER + "\", \"quota\": " + SMALL_QUOTA + "}";
    }

    /**
     * Registers the local cluster (tools/kube-local) unless this framework has it, and allots it to the service with
     * {@link #LOCAL_ALLOTMENT}. Appmaps of the service on it are then real namespaces {@code <service>-<appmap>}:
     * delete them (or the service, with cascade) when done.
     */
    protected void allotLocalCluster(String service) throws IOException, InterruptedException {
        registerLocalCluster();
        removeLeftovers(service + "-", service);
        HttpResponse<String> allotted = put("/services/" + service + "/allotments", LOCAL_ALLOTMENT);
        org.junit.Assert.assertEquals(
                "PUT /services/" + service + "/allotments: " + allotted.body(), 200, allotted.statusCode());
    }

    /** Registers the local cluster once per framework: if GET /clusters/local answers 404. */
    protected void registerLocalCluster() throws IOException, InterruptedException {
        if (get("/clusters/" + LOCAL_CLUSTER).statusCode() != 404) {
            return;
        }
        org.junit.Assert.assertTrue(
                "no kubeconfig of the local cluster at " + LOCAL_KUBECONFIG + ": run tools/kube-local/kube-local up",
                java.nio.file.Files.isRegularFile(LOCAL_KUBECONFIG));
        HttpResponse<String> registered = post(
                "/clusters",
                json.writeValueAsString(java.util.Map.of(
                        "name", LOCAL_CLUSTER, "kubeconfig", java.nio.file.Files.readString(LOCAL_KUBECONFIG))));
        org.junit.Assert.assertEquals("POST /clusters: " + registered.body(), 201, registered.statusCode());
    }

    /** When this test JVM started: a namespace of a test made before then is a leftover of an earlier run. */
    private static final java.time.Instant JVM_STARTED = java.time.Instant.ofEpochMilli(
            java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());

    /** The leftovers looked for already, per framework (HTTP port) and name prefix. */
    private static final java.util.Set<String> LOOKED_FOR = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Removes what an earlier, aborted run of the test left on the local cluster: the namespaces whose names start
     * with {@code prefix} (and, unless {@code service} is null, that the platform made for that service) and that were
     * made before this test JVM started; waits until they are gone. Looks once per framework and prefix; a test calls
     * it before it makes such namespaces ({@link #allotLocalCluster} does, for its service).
     */
    protected void removeLeftovers(String prefix, String service) {
        if (!LOOKED_FOR.add(httpPort() + " " + prefix + " " + service)) {
            return;
        }
        ClassLoader testLoader = Thread.currentThread().getContextClassLoader();
        try {
            io.cengjiyun.cluster.ClusterRegistry clusters = service(io.cengjiyun.cluster.ClusterRegistry.class);
            // fabric8 finds its models with ServiceLoader on the context loader: use the cluster bundle's.
            Thread.currentThread().setContextClassLoader(clusters.getClass().getClassLoader());
            io.fabric8.kubernetes.client.KubernetesClient kube =
                    clusters.connection(LOCAL_CLUSTER).client();
            java.util.List<String> leftovers = kube.namespaces().list().getItems().stream()
                    .filter(ns -> ns.getMetadata().getName().startsWith(prefix))
                    .filter(ns -> service == null
                            || service.equals(
                                    ns.getMetadata().getLabels() == null
                                            ? null
                                            : ns.getMetadata().getLabels().get("cengjiyun.io/service")))
                    .filter(ns -> java.time.Instant.parse(ns.getMetadata().getCreationTimestamp())
                            .isBefore(JVM_STARTED))
                    .map(ns -> ns.getMetadata().getName())
                    .toList();
            if (leftovers.isEmpty()) {
                return;
            }
            System.out.println(getClass().getSimpleName() + ": removing leftovers of an earlier run from the local"
                    + " cluster: namespaces " + leftovers);
            for (String ns : leftovers) {
                kube.namespaces().withName(ns).delete();
            }
            waitForAssert(
                    () -> {
                        java.util.List<String> still = leftovers.stream()
                                .filter(ns -> kube.namespaces().withName(ns).get() != null)
                                .toList();
                        org.junit.Assert.assertTrue("leftover namespaces still there: " + still, still.isEmpty());
                    },
                    Duration.ofSeconds(180));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            Thread.currentThread().setContextClassLoader(testLoader);
        }
    }

    /** Deletes a service with its appmaps (and so their namespaces), as the platform administrator; gone is fine. */
    protected void deleteService(String service) throws IOException, InterruptedException {
        HttpResponse<String> deleted = delete("/services/" + service + "?cascade=true");
        org.junit.Assert.assertTrue(
                "DELETE /services/" + service + "?cascade=true: " + deleted.statusCode() + " " + deleted.body(),
                deleted.statusCode() == 204 || deleted.statusCode() == 404);
    }

    /** Waits until GET /api/v1/health answers 200: the REST whiteboard, Jersey and the platform are up. */
    protected void waitForRest() {
        waitForAssert(
                () -> {
                    try {
                        HttpResponse<String> response =
                                send(anonymous("/health").GET());
                        if (response.statusCode() != 200) {
                            throw new AssertionError(
                                    "GET /api/v1/health: " + response.statusCode() + " " + response.body());
                        }
                    } catch (IOException e) {
                        throw new AssertionError("GET /api/v1/health: " + e, e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("interrupted", e);
                    }
                },
                Duration.ofSeconds(60));
    }

    /**
     * Runs {@code assertion} until it passes or {@code timeout} is over; then throws its last failure. Assertions
     * fail with {@link AssertionError}; any other exception ends the wait at once.
     */
    protected static void waitForAssert(Runnable assertion, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }

    protected static void waitForAssert(Runnable assertion) {
        waitForAssert(assertion, DEFAULT_TIMEOUT);
    }

    /** The service, waiting for it up to {@link #DEFAULT_TIMEOUT}. */
    protected <T> T service(Class<T> type) throws InterruptedException {
        return service(type, DEFAULT_TIMEOUT);
    }

    protected <T> T service(Class<T> type, Duration timeout) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(timeout.toMillis());
            assertNotNull("no " + type.getName() + " service within " + timeout, service);
            return service;
        } finally {
            tracker.close();
        }
    }

    /**
     * Runs a Gogo command (as typed at the console, e.g. {@code "cj:services"} or {@code "lb -s"}) and returns what it
     * printed, then its result formatted as the console would show it.
     */
    protected String gogo(String command) throws Exception {
        CommandProcessor processor = service(CommandProcessor.class);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            Object result = session.execute(command);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
