/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.cengjiyun.database.internal.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue 23: the platform as it runs on Kubernetes itself. The image the build made (Maven profile {@code image}),
 * imported into the local cluster; the manifests of kubernetes/ in a namespace of this class's own, with 2 replicas
 * on a PostgreSQL this test starts on this machine's address; every call through the Service (or to one pod's
 * address, to spread calls over both replicas on purpose).
 */
public class ReplicasIT {
    private static final Path KUBECONFIG = CengjiyunTestSupport.LOCAL_KUBECONFIG;
    private static final String NAMESPACE =
            "cj-replicas-" + ProcessHandle.current().pid();
    private static final String ADMIN_PASSWORD = "replicas-admin-password-1";
    private static final String DATABASE_PASSWORD = "replicas-db-password-1";
    private static final Duration ROLLOUT = Duration.ofMinutes(5);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static Kubectl kubectl;
    private static PostgresServer postgres;
    private static String service;
    private static String token;

    @BeforeClass
    public static void runTwoReplicasOnPostgres() throws Exception {
        ClusterLock.shared(ReplicasIT.class.getSimpleName());
        kubectl = new Kubectl(KUBECONFIG);
        Path script = CengjiyunTestSupport.repoFile("tools/kube-local/kube-local");
        Path image = CengjiyunTestSupport.repoFile("distribution/target/cengjiyun-image.tar");
        String hostIp = hostIp(script);

        long started = System.nanoTime();
        Process imported = new ProcessBuilder(script.toString(), "images", image.toString())
                .redirectErrorStream(true)
                .start();
        String importOutput = new String(imported.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("kube-local images did not end", imported.waitFor(5, TimeUnit.MINUTES));
        assertEquals(importOutput, 0, imported.exitValue());
        System.out.printf("ReplicasIT: image imported in %d ms%n", millisSince(started));

        postgres = PostgresServer.start(hostIp, "10.244.0.0/16", DATABASE_PASSWORD);
        String database = postgres.createDatabase().replace("127.0.0.1", hostIp);

        // The manifests as a user applies them (kubectl apply -k), in this class's namespace.
        Path manifests = Files.createTempDirectory(RuntimeOptions.workDirectory(), "replicas-manifests");
        try (Stream<Path> files = Files.list(CengjiyunTestSupport.repoFile("kubernetes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.writeString(
                        manifests.resolve(file.getFileName()),
                        Files.readString(file).replace("cengjiyun-system", NAMESPACE));
            }
        }
        ok(kubectl.run(
                Duration.ofSeconds(60),
                "apply",
                "-f",
                manifests.resolve("namespace.yaml").toString()));
        Path databaseConfig = manifests.resolve("io.cengjiyun.database.cfg");
        Files.writeString(
                databaseConfig, "jdbcUrl=" + database + "\nuser=postgres\npassword=" + DATABASE_PASSWORD + "\n");
        createSecret("cengjiyun-database", "--from-file=" + databaseConfig);
        createSecret(
                "cengjiyun-keys",
                "--from-literal=cluster.key=" + randomKey(),
                "--from-literal=registry.key=" + randomKey(),
                "--from-literal=volumes.key=" + randomKey(),
                "--from-literal=adminPassword=" + ADMIN_PASSWORD);
        Files.delete(databaseConfig);
        started = System.nanoTime();
        ok(kubectl.run(Duration.ofSeconds(60), "apply", "-k", manifests.toString()));
        waitForRollout();
        System.out.printf("ReplicasIT: 2 replicas ready %d ms after kubectl apply%n", millisSince(started));
        String clusterIp = ok(kubectl.run(
                        Duration.ofSeconds(30),
                        "-n",
                        NAMESPACE,
                        "get",
                        "svc",
                        "cengjiyun",
                        "-o",
                        "jsonpath={.spec.clusterIP}"))
                .strip();
        service = "http://" + clusterIp + "/api/v1";
        token = signIn(service);
    }

    @AfterClass
    public static void removeEverything() throws Exception {
        try {
            if (kubectl != null) {
                kubectl.run(
                        Duration.ofSeconds(120), "delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=true");
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /**
     * Four writers create services through the Service while the leader's pod is deleted: every write that was
     * acknowledged is there afterwards, another replica leads within 15 s, and the start-up reconcile ran on exactly
     * one of the running replicas before and after (the leader).
     */
    @Test
    public void writesSurviveTheLeadersDeletionAndAnotherReplicaLeadsWithin15Seconds() throws Exception {
        String leader = leaseHolder();
        assertEquals("the start-up reconcile ran on the leader only", List.of(leader), podsThatReconciled());

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            running.add(writers.submit(() -> {
                for (int n = 0; writing.get(); n++) {
                    String name = "w" + writer + "-" + n;
                    try {
                        HttpResponse<String> created =
                                send(service, "POST", "/services", "{\"name\": \"" + name + "\"}", null, token);
                        if (created.statusCode() == 201) {
                            acknowledged.add(name);
                        } else {
                            String body = created.body();
                            failures.computeIfAbsent(
                                            created.statusCode() + " "
                                                    + body.substring(0, Math.min(body.length(), 160)),
                                            k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger())
                                .incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        Thread.sleep(3_000);
        long deleted = System.nanoTime();
        ok(kubectl.run(Duration.ofSeconds(30), "-n", NAMESPACE, "delete", "pod", leader, "--wait=false"));
        String next = null;
        while (millisSince(deleted) < 30_000) {
            String holder = leaseHolder();
            if (!holder.isEmpty() && !holder.equals(leader)) {
                next = holder;
                break;
            }
            Thread.sleep(200);
        }
        long failover = millisSince(deleted);
        assertTrue("no other replica took the Lease within 30 s of the leader's deletion", next != null);
        assertTrue("another replica led only " + failover + " ms after the leader's deletion", failover <= 15_000);
        // Writes go on while the Deployment replaces the pod and the new one becomes ready.
        waitForRollout();
        Thread.sleep(3_000);
        writing.set(false);
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();

        HttpResponse<String> listed = send(service, "GET", "/services", null, null, token);
        assertEquals(listed.body(), 200, listed.statusCode());
        List<String> lost = new ArrayList<>();
        for (String name : acknowledged) {
            if (!listed.body().contains("\"name\":\"" + name + "\"")) {
                lost.add(name);
            }
        }
        assertTrue("acknowledged writes lost: " + lost, lost.isEmpty());
        assertTrue(
                "requests failed while the leader's pod went (a replica that stops must not be sent requests it cannot"
                        + " answer): " + failures,
                failures.isEmpty());
        assertTrue("too few writes to mean anything: " + acknowledged.size(), acknowledged.size() >= 20);
        assertEquals("the start-up reconcile runs on the new leader only", List.of(next), podsThatReconciled());
        System.out.printf(
                "ReplicasIT: leader %s deleted, %s led %d ms later; %d writes acknowledged, 0 lost, 0 failed%n",
                leader, next, failover, acknowledged.size());
    }

    /**
     * A rolling update of the platform's own Deployment (every pod replaced, one at a time: maxSurge 1, maxUnavailable
     * 0) while two clients read and write through the Service without a pause: not one request fails, no 5xx.
     */
    @Test
    public void aRollingUpdateOfThePlatformFailsNoRequest() throws Exception {
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean looping = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                for (int n = 0; looping.get(); n++) {
                    try {
                        HttpResponse<String> answer = n % 2 == 0
                                ? send(service, "GET", "/services", null, null, token)
                                : send(
                                        service,
                                        "POST",
                                        "/services",
                                        "{\"name\": \"roll" + client + "-" + n + "\"}",
                                        null,
                                        token);
                        if (answer.statusCode() / 100 == 2) {
                            answered.incrementAndGet();
                        } else {
                            String body = answer.body();
                            failures.computeIfAbsent(
                                            answer.statusCode() + " " + body.substring(0, Math.min(body.length(), 160)),
                                            k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.computeIfAbsent(e.toString(), k -> new AtomicInteger())
                                .incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        Thread.sleep(2_000);
        List<String> before = runningPods();
        long started = System.nanoTime();
        ok(kubectl.run(Duration.ofSeconds(30), "-n", NAMESPACE, "rollout", "restart", "deploy/cengjiyun"));
        waitForRollout();
        long rolled = millisSince(started);
        // The last old pod drains (5 s) and stops while the clients go on.
        Thread.sleep(8_000);
        looping.set(false);
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        List<String> after = runningPods();
        for (String pod : before) {
            assertTrue("pod " + pod + " was not replaced: " + after, !after.contains(pod));
        }
        assertTrue("requests failed during the rolling update: " + failures, failures.isEmpty());
        assertTrue("too few requests to mean anything: " + answered, answered.get() >= 50);
        System.out.printf(
                "ReplicasIT: rolling update of 2 replicas in %d ms under a request loop: %d answered, 0 failed%n",
                rolled, answered.get());
    }

    /**
     * Twenty updates with the same If-Match, ten to each replica's own address at once: exactly one wins, the others
     * are refused with 412, and the stored version went up by one.
     */
    @Test
    public void concurrentIfMatchUpdatesOverBothReplicasHaveExactlyOneWinner() throws Exception {
        String name = "ifmatch";
        HttpResponse<String> created = send(service, "POST", "/services", "{\"name\": \"" + name + "\"}", null, token);
        assertEquals(created.body(), 201, created.statusCode());
        HttpResponse<String> before = send(service, "GET", "/services/" + name, null, null, token);
        String etag = before.headers().firstValue("ETag").orElseThrow();
        List<String> pods = podAddresses();
        assertEquals("two replicas to spread the updates over: " + pods, 2, pods.size());

        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch together = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String base = "http://" + pods.get(i % 2) + ":8080/api/v1";
            String body = "{\"name\": \"" + name + "\", \"displayName\": \"writer " + i + "\"}";
            answers.add(pool.submit(() -> {
                together.await();
                return send(base, "PUT", "/services/" + name, body, etag, token).statusCode();
            }));
        }
        together.countDown();
        int won = 0;
        int refused = 0;
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            int status = answer.get(60, TimeUnit.SECONDS);
            statuses.add(status);
            if (status == 200) {
                won++;
            } else if (status == 412) {
                refused++;
            }
        }
        pool.shutdown();
        assertEquals("one winner of 20 (statuses " + statuses + ")", 1, won);
        assertEquals("the 19 others refused with 412 (statuses " + statuses + ")", 19, refused);
        HttpResponse<String> after = send(service, "GET", "/services/" + name, null, null, token);
        int version = Integer.parseInt(etag.replace("\"", ""));
        assertEquals(
                "\"" + (version + 1) + "\"", after.headers().firstValue("ETag").orElse(""));
    }

    // --- helpers

    /** A generic Secret in this class's namespace, as the manifests' README has the user make it. */
    private static void createSecret(String name, String... sources) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-n", NAMESPACE, "create", "secret", "generic", name));
        args.addAll(List.of(sources));
        ok(kubectl.run(Duration.ofSeconds(60), args.toArray(String[]::new)));
    }

    /** Until the Deployment's pods are all of its newest template and ready ({@code kubectl rollout status}). */
    private static void waitForRollout() throws IOException, InterruptedException {
        ok(kubectl.run(
                ROLLOUT.plusSeconds(30),
                "-n",
                NAMESPACE,
                "rollout",
                "status",
                "deploy/cengjiyun",
                "--timeout=" + ROLLOUT.toSeconds() + "s"));
    }

    private static String leaseHolder() throws IOException, InterruptedException {
        Kubectl.Run run = kubectl.run(
                Duration.ofSeconds(30),
                "-n",
                NAMESPACE,
                "get",
                "lease",
                "cengjiyun-leader",
                "-o",
                "jsonpath={.spec.holderIdentity}");
        return run.exitCode() == 0 ? run.output().strip() : "";
    }

    /** The running pods whose log says they ran the start-up reconcile, sorted. */
    private static List<String> podsThatReconciled() throws IOException, InterruptedException {
        List<String> reconciled = new ArrayList<>();
        for (String pod : runningPods()) {
            String log = ok(kubectl.run(Duration.ofSeconds(30), "-n", NAMESPACE, "logs", pod));
            if (log.contains("Start-up reconcile as leader " + pod)) {
                reconciled.add(pod);
            }
        }
        reconciled.sort(Comparator.naturalOrder());
        return reconciled;
    }

    /** The running pods that are not being deleted: name, then address. */
    private static List<String[]> pods() throws IOException, InterruptedException {
        String lines = ok(
                kubectl.run(
                        Duration.ofSeconds(30),
                        "-n",
                        NAMESPACE,
                        "get",
                        "pods",
                        "--field-selector=status.phase=Running",
                        "-o",
                        "jsonpath={range .items[*]}{.metadata.name} {.status.podIP} {.metadata.deletionTimestamp}{\"\\n\"}{end}"));
        List<String[]> pods = new ArrayList<>();
        for (String line : lines.split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length == 2) { // no deletion time
                pods.add(parts);
            }
        }
        return pods;
    }

    private static List<String> runningPods() throws IOException, InterruptedException {
        return pods().stream().map(p -> p[0]).toList();
    }

    private static List<String> podAddresses() throws IOException, InterruptedException {
        return pods().stream().map(p -> p[1]).toList();
    }

    private static String signIn(String base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(
                    base,
                    "POST",
                    "/auth/token",
                    "{\"username\": \"admin\", \"password\": \"" + ADMIN_PASSWORD + "\"}",
                    null,
                    null);
            Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(response.body());
            if (response.statusCode() == 200 && m.find()) {
                return m.group(1);
            }
            last = response.statusCode() + " " + response.body();
            Thread.sleep(1_000);
        }
        fail("admin could not sign in through the Service: " + last);
        return null;
    }

    private static HttpResponse<String> send(
            String base, String method, String path, String json, String ifMatch, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        request.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hostIp(Path script) throws IOException, InterruptedException {
        Process paths = new ProcessBuilder(script.toString(), "paths").start();
        String printed = new String(paths.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        paths.waitFor(30, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("(?m)^HOST_IP=(\\S+)$").matcher(printed);
        assertTrue("kube-local paths printed no HOST_IP: " + printed, m.find());
        String ip = m.group(1);
        assertNotEquals("127.0.0.1", ip);
        return ip;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    private static String ok(Kubectl.Run run) {
        assertEquals(run.toString(), 0, run.exitCode());
        return run.output();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
