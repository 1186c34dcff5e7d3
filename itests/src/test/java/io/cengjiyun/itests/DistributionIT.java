/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The distribution as a user gets it: unpacks the built tar.gz, starts it with {@code bin/cengjiyun --daemon} on a
 * free port and a data folder of the test's own, and stops it. A plain JUnit test (no Pax Exam).
 */
public class DistributionIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path work;
    private Path home;
    private Path data;
    private int port;
    private String token;

    /** The runtime it starts places an appmap on the local cluster, beside the other test classes. */
    @BeforeClass
    public static void useTheLocalCluster() {
        ClusterLock.shared(DistributionIT.class.getSimpleName());
    }

    @Before
    public void unpack() throws Exception {
        Path archive = Path.of(System.getProperty(
                        "cengjiyun.distribution.archive", "../distribution/target/cengjiyun-0.1.0-SNAPSHOT.tar.gz"))
                .toAbsolutePath();
        assertTrue(
                "no distribution archive at " + archive + ": build distribution/ first", Files.isRegularFile(archive));
        work = Files.createTempDirectory(RuntimeOptions.workDirectory(), "distribution");
        Result untar = run(List.of("tar", "-xzf", archive.toString(), "-C", work.toString()), Map.of(), 60);
        assertEquals(untar.output, 0, untar.exitCode);
        try (Stream<Path> top = Files.list(work)) {
            home = top.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        data = work.resolve("data-elsewhere");
        port = RuntimeOptions.freePort();
    }

    @After
    public void cleanUp() throws Exception {
        if (home != null) {
            cengjiyun("stop"); // in case a test failed half-way
        }
        if (work != null) {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    public void archiveKeepsTheScriptExecutable() {
        assertTrue(Files.isExecutable(home.resolve("bin/cengjiyun")));
        assertTrue(Files.isDirectory(home.resolve("deploy")));
        assertTrue(Files.isRegularFile(home.resolve("etc/JakartarsServletWhiteboardRuntimeComponent.cfg")));
    }

    @Test
    public void aKeyThatIsNotTheCertificatesStopsTheStartWithOneMessage() throws Exception {
        TestCertificates.writeSelfSigned(home.resolve("etc/tls"));
        Path other = work.resolve("other-tls");
        TestCertificates.writeSelfSigned(other);
        Files.copy(other.resolve("key.pem"), home.resolve("etc/tls/key.pem"), StandardCopyOption.REPLACE_EXISTING);

        Result start = cengjiyun("--daemon");

        assertEquals(start.output, 1, start.exitCode);
        assertTrue(
                start.output,
                start.output.contains("Cengjiyun cannot start: etc/tls/key.pem is not the private key of the"
                        + " certificate in etc/tls/cert.pem"));
        assertFalse("one message, no stack trace: " + start.output, start.output.contains("\tat "));
        assertFalse(start.output, start.output.contains("Exception"));
    }

    @Test
    public void daemonStartsServesStatusStopsAndStartsAgainWithItsData() throws Exception {
        // a cluster from a file: etc/clusters/<name>.kubeconfig
        Files.createDirectories(home.resolve("etc/clusters"));
        Files.copy(CengjiyunTestSupport.LOCAL_KUBECONFIG, home.resolve("etc/clusters/filed.kubeconfig"));
        Files.writeString(home.resolve("etc/io.cengjiyun.monitoring.cfg"), RuntimeOptions.MONITORING_CONFIG);
        Result started = cengjiyun("--daemon");
        assertEquals(started.output, 0, started.exitCode);
        long pid =
                Long.parseLong(Files.readString(data.resolve("cengjiyun.pid")).trim());
        waitForHealth();
        // No password was configured: the first start generated the admin's, for its owner's eyes only.
        Path passwordFile = data.resolve("admin-password");
        waitFor(() -> Files.isRegularFile(passwordFile));
        assertEquals(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(passwordFile));
        String password = Files.readString(passwordFile).trim();
        assertEquals(24, password.length());
        token = login("admin", password);
        assertEquals(
                "without a token nothing but health and sign-in is served",
                401,
                callWithout("GET", "/services").statusCode());
        waitFor(() -> {
            HttpResponse<String> filed = call("GET", "/clusters/filed", null);
            return filed.statusCode() == 200 && filed.body().contains("\"reachable\":true");
        });
        assertEquals(201, call("POST", "/services", "{\"name\": \"kept\"}").statusCode());
        allotLocalCluster("kept");
        HttpResponse<String> appMap = call("POST", "/services/kept/appmaps", CengjiyunTestSupport.appMap("dev"));
        assertEquals(appMap.body(), 201, appMap.statusCode());
        assertEquals(
                201,
                call(
                                "POST",
                                "/services/kept/appmaps/dev/servers",
                                "{\"name\": \"web\", \"kind\": \"Deployment\", \"containers\": [{\"name\": \"web\", \"image\": \"cengjiyun.test/busybox:1\","
                                        + " \"imagePullPolicy\": \"Never\", \"command\": [\"sleep\", \"3600\"]}]}")
                        .statusCode());
        assertEquals(
                200,
                call(
                                "PUT",
                                "/services/kept/appmaps/dev/servers/web",
                                "{\"kind\": \"Deployment\", \"replicas\": 0, \"containers\": [{\"name\": \"web\", \"image\": \"cengjiyun.test/busybox:1\","
                                        + " \"imagePullPolicy\": \"Never\", \"command\": [\"sleep\", \"3600\"]}]}")
                        .statusCode());

        Path other = work.resolve("other-data");
        Result taken = run(
                List.of(home.resolve("bin/cengjiyun").toString(), "--daemon"),
                Map.of("CENGJIYUN_HTTP_PORT", Integer.toString(port), "CENGJIYUN_DATA", other.toString()),
                60);
        assertEquals("a second runtime on a taken port refuses to start: " + taken.output, 1, taken.exitCode);
        assertTrue(taken.output, taken.output.contains("Port " + port + " is in use"));

        Result status = cengjiyun("status");
        assertEquals(status.output, 0, status.exitCode);
        assertTrue(status.output, status.output.contains("is running (pid " + pid + ")"));

        // The node's history (sampled every 5 s): what was measured before the stop is there after it.
        String node = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(call("GET", "/clusters/filed", null).body())
                .path("nodes")
                .path(0)
                .path("name")
                .asText();
        String history = "/clusters/filed/nodes/" + node + "/metrics?from=-10m&step=5s&series=cpu,memory&format=csv";
        waitFor(() -> measured(call("GET", history, null)).size() >= 4);
        Map<String, String> measuredBefore = measured(call("GET", history, null));
        // a round may still land in the newest steps: compare those that are complete
        measuredBefore
                .keySet()
                .removeIf(t -> java.time.Instant.parse(t)
                        .isAfter(java.time.Instant.now().minusSeconds(15)));
        assertFalse("measured before the stop: " + measuredBefore, measuredBefore.isEmpty());

        Result stopped = cengjiyun("stop");
        assertEquals(stopped.output, 0, stopped.exitCode);
        assertFalse(
                "process " + pid + " still alive after stop",
                ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse("port " + port + " still open after stop", portOpen());
        assertFalse(Files.exists(data.resolve("cengjiyun.pid")));
        Result statusStopped = cengjiyun("status");
        assertEquals(statusStopped.output, 3, statusStopped.exitCode);

        Result again = cengjiyun("--daemon");
        assertEquals(again.output, 0, again.exitCode);
        waitForHealth();
        // the clusters are checked once the runtime has started and serves, not beside its start (issue 22): ready,
        // with both clusters' caches listed, within seconds of the first answer (the gate's fallback would take 70 s)
        long answered = System.nanoTime();
        waitFor(() -> callWithout("GET", "/ready").statusCode() == 200);
        String ready = callWithout("GET", "/ready").body();
        assertTrue(ready, ready.contains("\"local\":\"synced\"") && ready.contains("\"filed\":\"synced\""));
        long readyAfter = Duration.ofNanos(System.nanoTime() - answered).toSeconds();
        assertTrue("ready " + readyAfter + " s after the first answer: " + ready, readyAfter < 30);
        assertEquals(
                "the admin password is generated once, on the very first start",
                password,
                Files.readString(passwordFile).trim());
        waitFor(() -> call("GET", history, null).statusCode() == 200);
        Map<String, String> measuredAfter = measured(call("GET", history, null));
        measuredBefore.forEach((time, values) -> assertEquals(
                "the history survives a restart of the runtime, at " + time + ": " + measuredAfter,
                values,
                measuredAfter.get(time)));
        HttpResponse<String> kept = call("GET", "/services/kept/appmaps/dev/servers/web", null);
        assertEquals("the server survives a restart of the runtime: " + kept.body(), 200, kept.statusCode());
        assertEquals("\"2\"", kept.headers().firstValue("ETag").orElse(""));
        assertTrue(kept.body(), kept.body().contains("\"replicas\":0"));
        assertEquals(
                2,
                call("GET", "/services/kept/appmaps/dev/servers/web/revisions", null)
                                .body()
                                .split("\"number\"")
                                .length
                        - 1);
        HttpResponse<String> deleted = call("DELETE", "/services/kept?cascade=true", null);
        assertEquals("the service and its namespace go: " + deleted.body(), 204, deleted.statusCode());
        assertEquals(0, cengjiyun("stop").exitCode);
    }

    /**
     * A backup of a running runtime restored into a fresh data folder with {@code bin/cengjiyun restore}: the restored
     * runtime has the backup's data and keys (its cluster credentials open), and on start it applies the restored
     * revision to the cluster, which ran a later one, recording the drift in the audit log.
     */
    /**
     * Issue 23: a runtime told to stop (SIGTERM, as the kubelet sends it) says at once that it is not ready, so that a
     * Service stops sending it requests, serves what still comes for CENGJIYUN_DRAIN_SECONDS, and then exits.
     */
    @Test
    public void aStoppingRuntimeIsNotReadyAtOnceAndServesUntilItsDrainEnds() throws Exception {
        Result started = cengjiyun("--daemon", Map.of("CENGJIYUN_DRAIN_SECONDS", "3"));
        assertEquals(started.output, 0, started.exitCode);
        long pid =
                Long.parseLong(Files.readString(data.resolve("cengjiyun.pid")).trim());
        waitForHealth();
        waitFor(() -> callWithout("GET", "/ready").statusCode() == 200);

        long signalled = System.nanoTime();
        Result term = run(List.of("kill", "-TERM", Long.toString(pid)), Map.of(), 10);
        assertEquals(term.output, 0, term.exitCode);
        waitFor(() -> callWithout("GET", "/ready").statusCode() == 503);
        long notReadyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
        HttpResponse<String> ready = callWithout("GET", "/ready");
        assertTrue(ready.body(), ready.body().contains("the runtime is stopping"));
        assertTrue("not ready within a second of SIGTERM: " + notReadyMillis + " ms", notReadyMillis < 1_000);
        // Still serving while the Service's endpoints catch up.
        assertEquals(200, callWithout("GET", "/health").statusCode());
        Thread.sleep(1_000);
        assertEquals(200, callWithout("GET", "/health").statusCode());

        waitFor(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        long exitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
        assertTrue("exited before its 3 s drain ended: " + exitedMillis + " ms", exitedMillis >= 3_000);
        assertTrue(log(), log().contains("Stopping: not ready from now on, serving for 3 s more (drain)"));
        System.out.printf(
                "DistributionIT: not ready %d ms after SIGTERM, exited after %d ms (drain 3 s)%n",
                notReadyMillis, exitedMillis);
    }

    @Test
    public void aBackupRestoredIntoAFreshDataFolderComesBackAndTheClusterIsReconciledToIt() throws Exception {
        Files.writeString(home.resolve("etc/io.cengjiyun.monitoring.cfg"), RuntimeOptions.MONITORING_CONFIG);
        assertEquals(0, cengjiyun("--daemon").exitCode);
        waitForHealth();
        Path passwordFile = data.resolve("admin-password");
        waitFor(() -> Files.isRegularFile(passwordFile));
        token = login("admin", Files.readString(passwordFile).trim());
        String server = "{\"name\": \"web\", \"kind\": \"Deployment\", \"replicas\": 0, \"containers\": [{\"name\":"
                + " \"web\", \"image\": \"cengjiyun.test/busybox:1\", \"imagePullPolicy\": \"Never\", \"command\":"
                + " [\"sleep\", \"3600\"]}]}";
        assertEquals(
                201, call("POST", "/services", "{\"name\": \"dist-restore\"}").statusCode());
        allotLocalCluster("dist-restore");
        HttpResponse<String> appMap =
                call("POST", "/services/dist-restore/appmaps", CengjiyunTestSupport.appMap("dev"));
        assertEquals(appMap.body(), 201, appMap.statusCode());
        String web = "/services/dist-restore/appmaps/dev/servers/web";
        assertEquals(
                201,
                call("POST", "/services/dist-restore/appmaps/dev/servers", server)
                        .statusCode());

        HttpResponse<String> backup = call("POST", "/backups", "{}");
        assertEquals(backup.body(), 201, backup.statusCode());
        String backupFolder = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(backup.body())
                .get("path")
                .asText();
        HttpResponse<String> later = call("PUT", web, server.replace("3600", "7200"));
        assertEquals("a revision made after the backup: " + later.body(), 200, later.statusCode());
        assertEquals(0, cengjiyun("stop").exitCode);

        data = work.resolve("restored-data");
        Result restored = run(
                List.of(home.resolve("bin/cengjiyun").toString(), "restore", backupFolder),
                Map.of("CENGJIYUN_DATA", data.toString()),
                60);
        assertEquals(restored.output, 0, restored.exitCode);
        assertTrue(restored.output, restored.output.contains("Restored the database"));
        assertEquals(0, cengjiyun("--daemon").exitCode);
        waitForHealth();

        // the token of the first runtime is in the restored database
        waitFor(() -> call("GET", web, null).statusCode() == 200);
        assertEquals(
                "\"1\"", call("GET", web, null).headers().firstValue("ETag").orElse(""));
        // the cluster's credentials were sealed with the backup's key: they open
        waitFor(() -> call("GET", "/clusters/local", null).body().contains("\"reachable\":true"));
        waitFor(() -> call("GET", web + "/status", null).body().contains("\"appliedRevision\":1"));
        waitFor(() -> call("GET", "/audit?user=system&limit=50", null).body().contains("DRIFT"));
        HttpResponse<String> deleted = call("DELETE", "/services/dist-restore?cascade=true", null);
        assertEquals(deleted.body(), 204, deleted.statusCode());
        assertEquals(0, cengjiyun("stop").exitCode);
    }

    /**
     * The Java client generated at build time from api/openapi.json (clients/java) runs the README's tour against the
     * started runtime: sign in, a service, the local cluster allotted, an appmap, a server followed to RUNNING, an
     * update with If-Match (and a stale one refused), its revisions, its delete. First: the committed document is the
     * one the runtime serves, so the client is generated from what runs.
     */
    @Test
    public void theGeneratedClientRunsTheReadmeTourOnTheDocumentTheRuntimeServes() throws Exception {
        assertEquals(0, cengjiyun("--daemon").exitCode);
        waitForHealth();
        Path passwordFile = data.resolve("admin-password");
        waitFor(() -> Files.isRegularFile(passwordFile));
        String password = Files.readString(passwordFile).trim();

        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        Path committed = Path.of(System.getProperty("cengjiyun.openapi", "../api/openapi.json"));
        HttpResponse<String> served = callWithout("GET", "/openapi.json");
        assertEquals(200, served.statusCode());
        com.fasterxml.jackson.databind.node.ObjectNode live =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(served.body());
        // the bundles' version carries the build's time: the committed document says the release
        ((com.fasterxml.jackson.databind.node.ObjectNode) live.get("info")).put("version", "0.1.0");
        if (!live.equals(json.readTree(committed.toFile()))) {
            Path written = Path.of("target/openapi.json");
            Files.writeString(
                    written,
                    json.writeValueAsString(json.treeToValue(live, Object.class)) + "\n",
                    StandardCharsets.UTF_8);
            fail("The runtime serves another document than " + committed.toAbsolutePath()
                    + ", which the Java client (clients/java) is generated from: the API changed. Review and take it:"
                    + " cp itests/" + written + " api/openapi.json");
        }

        io.cengjiyun.client.ApiClient client = new io.cengjiyun.client.ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port + "/api/v1");
        client.setReadTimeout(Duration.ofSeconds(60));
        String bearer = new io.cengjiyun.client.api.AuthApi(client)
                .signIn(new io.cengjiyun.client.model.Credentials()
                        .username("admin")
                        .password(password))
                .getToken();
        assertTrue("a token", bearer != null && !bearer.isBlank());
        client.setRequestInterceptor(r -> r.header("Authorization", "Bearer " + bearer));

        var services = new io.cengjiyun.client.api.ServicesApi(client);
        var clusters = new io.cengjiyun.client.api.ClustersApi(client);
        var allotments = new io.cengjiyun.client.api.AllotmentsApi(client);
        var appMaps = new io.cengjiyun.client.api.AppMapsApi(client);
        var servers = new io.cengjiyun.client.api.ServersApi(client);
        // a name of its own: the namespace of an earlier run may still be terminating
        String service = "client-tour-" + Long.toString(System.nanoTime() % 46656, 36);
        services.createService(
                new io.cengjiyun.client.model.Service().name(service).displayName("The client's tour"));
        Throwable failure = null;
        try {
            io.cengjiyun.client.model.ClusterInfo cluster =
                    clusters.registerCluster(new io.cengjiyun.client.model.ClusterRegistration()
                            .name(CengjiyunTestSupport.LOCAL_CLUSTER)
                            .kubeconfig(Files.readString(CengjiyunTestSupport.LOCAL_KUBECONFIG)));
            assertEquals(CengjiyunTestSupport.LOCAL_CLUSTER, cluster.getName());
            allotments.setAllotments(
                    service,
                    List.of(new io.cengjiyun.client.model.Allotment()
                            .cluster(CengjiyunTestSupport.LOCAL_CLUSTER)
                            .cpu("4")
                            .memory("8Gi")
                            .pods(50)
                            .storage("20Gi")));
            io.cengjiyun.client.model.AppMap dev = appMaps.createAppMap(
                    service,
                    new io.cengjiyun.client.model.AppMap()
                            .name("dev")
                            .cluster(CengjiyunTestSupport.LOCAL_CLUSTER)
                            .environment("dev")
                            .quota(new io.cengjiyun.client.model.Quota()
                                    .cpu("2")
                                    .memory("4Gi")
                                    .pods(20)
                                    .storage("10Gi")));
            assertEquals(service + "-dev", dev.getNamespace());

            io.cengjiyun.client.model.ServerDefinition web = new io.cengjiyun.client.model.ServerDefinition()
                    .name("web")
                    .kind(io.cengjiyun.client.model.ServerKind.DEPLOYMENT)
                    .replicas(1)
                    .containers(List.of(new io.cengjiyun.client.model.Container()
                            .name("web")
                            .image("cengjiyun.test/busybox:1")
                            .imagePullPolicy(io.cengjiyun.client.model.Container.ImagePullPolicyEnum.NEVER)
                            .command(List.of("sleep", "3600"))));
            io.cengjiyun.client.model.Server created = servers.createServer(service, "dev", web, "first");
            assertEquals(Long.valueOf(1), created.getVersion());
            waitFor(() -> servers.getServerStatus(service, "dev", "web").getState()
                    == io.cengjiyun.client.model.ServerState.RUNNING);

            var read = servers.getServerWithHttpInfo(service, "dev", "web");
            String etag = read.getHeaders().get("ETag").get(0);
            assertEquals("\"1\"", etag);
            io.cengjiyun.client.model.Server updated =
                    servers.updateServer(service, "dev", "web", web.replicas(2), etag, "two of them");
            assertEquals(Long.valueOf(2), updated.getVersion());
            try {
                servers.updateServer(service, "dev", "web", web.replicas(3), etag, "stale");
                fail("an update based on revision 1 after revision 2 is refused");
            } catch (io.cengjiyun.client.ApiException e) {
                assertEquals(e.getResponseBody(), 412, e.getCode());
            }
            List<io.cengjiyun.client.model.Revision> revisions = servers.listServerRevisions(service, "dev", "web");
            assertEquals(
                    "newest first: " + revisions,
                    List.of(2L, 1L),
                    revisions.stream()
                            .map(io.cengjiyun.client.model.Revision::getNumber)
                            .toList());
            assertEquals("two of them", revisions.get(0).getMessage());
            assertEquals("admin", revisions.get(0).getAuthor());
            assertEquals(Integer.valueOf(2), revisions.get(0).getDefinition().getReplicas());
            waitFor(() -> {
                io.cengjiyun.client.model.ServerStatus status = servers.getServerStatus(service, "dev", "web");
                return status.getState() == io.cengjiyun.client.model.ServerState.RUNNING
                        && Integer.valueOf(2).equals(status.getReady());
            });

            servers.deleteServer(service, "dev", "web", "\"2\"", true, null);
            try {
                servers.getServer(service, "dev", "web");
                fail("the server is gone");
            } catch (io.cengjiyun.client.ApiException e) {
                assertEquals(e.getResponseBody(), 404, e.getCode());
            }
        } catch (Exception | AssertionError e) {
            failure = e;
            throw e;
        } finally {
            try {
                services.deleteService(service, true);
            } catch (io.cengjiyun.client.ApiException e) {
                // the tour's own failure is the one to see: the clean-up's is added to it
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
        assertEquals(0, cengjiyun("stop").exitCode);
    }

    /** The lines of a CSV history answer that measured something: time to the rest of the line. */
    private static Map<String, String> measured(HttpResponse<String> csv) {
        Map<String, String> lines = new java.util.TreeMap<>();
        if (csv.statusCode() != 200) {
            return lines;
        }
        for (String line : csv.body().split("\n")) {
            int comma = line.indexOf(',');
            if (comma > 0
                    && !line.startsWith("time,")
                    && !line.substring(comma).replace(",", "").isEmpty()) {
                lines.put(line.substring(0, comma), line.substring(comma + 1));
            }
        }
        return lines;
    }

    /** Registers the local cluster in this runtime and allots it to the service, as CengjiyunTestSupport does. */
    private void allotLocalCluster(String service) throws IOException, InterruptedException {
        assertTrue(
                "no kubeconfig of the local cluster at " + CengjiyunTestSupport.LOCAL_KUBECONFIG
                        + ": run tools/kube-local/kube-local up",
                Files.isRegularFile(CengjiyunTestSupport.LOCAL_KUBECONFIG));
        String kubeconfig = new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(Map.of(
                        "name",
                        CengjiyunTestSupport.LOCAL_CLUSTER,
                        "kubeconfig",
                        Files.readString(CengjiyunTestSupport.LOCAL_KUBECONFIG)));
        HttpResponse<String> registered = call("POST", "/clusters", kubeconfig);
        assertEquals(registered.body(), 201, registered.statusCode());
        HttpResponse<String> allotted =
                call("PUT", "/services/" + service + "/allotments", CengjiyunTestSupport.LOCAL_ALLOTMENT);
        assertEquals(allotted.body(), 200, allotted.statusCode());
    }

    /** A call with the admin's token; the token of the first start still works after a restart (it is stored). */
    private HttpResponse<String> call(String method, String path, String json)
            throws IOException, InterruptedException {
        return send(method, path, json, token);
    }

    private HttpResponse<String> callWithout(String method, String path) throws IOException, InterruptedException {
        return send(method, path, null, null);
    }

    private HttpResponse<String> send(String method, String path, String json, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        request.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in, retrying while the security bundle starts (503). */
    private String login(String user, String password) throws Exception {
        String[] result = new String[1];
        waitFor(() -> {
            HttpResponse<String> response = send(
                    "POST",
                    "/auth/token",
                    "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}",
                    null);
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("\"token\":\"([^\"]+)\"").matcher(response.body());
            if (response.statusCode() == 200 && m.find()) {
                result[0] = m.group(1);
                return true;
            }
            assertTrue(response.statusCode() + " " + response.body(), response.statusCode() == 503);
            return false;
        });
        return result[0];
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private void waitFor(Check check) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + START_TIMEOUT + "\n" + log());
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private void waitForHealth() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        fail("GET /api/v1/health did not answer 200 within " + START_TIMEOUT + ": " + last + "\n" + log());
    }

    private boolean portOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(data.resolve("log/cengjiyun.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private Result cengjiyun(String command) throws IOException, InterruptedException {
        return cengjiyun(command, Map.of());
    }

    private Result cengjiyun(String command, Map<String, String> more) throws IOException, InterruptedException {
        Map<String, String> env = new java.util.HashMap<>(more);
        env.put("CENGJIYUN_HTTP_PORT", Integer.toString(port));
        env.put("CENGJIYUN_DATA", data.toString());
        return run(List.of(home.resolve("bin/cengjiyun").toString(), command), env, START_TIMEOUT.toSeconds() + 30);
    }

    private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The runtime reads these from its environment: whatever the caller's shell exported (as the README suggests
        // for running the platform) must not decide what this test checks, e.g. that a first start writes
        // data/admin-password. The test sets what it depends on and clears the rest.
        builder.environment().keySet().removeIf(name -> name.startsWith("CENGJIYUN_") || name.equals("JAVA_OPTS"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        // The daemon inherits no pipe of ours (its output goes to its log), so reading to the end returns.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not end within " + timeoutSeconds + " s: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {}
}
