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
    private static String hostIp;
    /** Every address a replica's pod had in this class. */
    private static final Set<String> REPLICA_ADDRESSES = ConcurrentHashMap.newKeySet();
    /** The replicas' database as this machine reaches it (loopback, trusted). */
    private static String databaseUrl;

    @BeforeClass
    public static void runTwoReplicasOnPostgres() throws Exception {
        ClusterLock.shared(ReplicasIT.class.getSimpleName());
        kubectl = new Kubectl(KUBECONFIG);
        Path script = CengjiyunTestSupport.repoFile("tools/kube-local/kube-local");
        Path image = CengjiyunTestSupport.repoFile("distribution/target/cengjiyun-image.tar");
        hostIp = hostIp(script);

        long started = System.nanoTime();
        Process imported = new ProcessBuilder(script.toString(), "images", image.toString())
                .redirectErrorStream(true)
                .start();
        String importOutput = new String(imported.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("kube-local images did not end", imported.waitFor(5, TimeUnit.MINUTES));
        assertEquals(importOutput, 0, imported.exitValue());
        System.out.printf("ReplicasIT: image imported in %d ms%n", millisSince(started));

        postgres = PostgresServer.start(hostIp, "10.244.0.0/16", DATABASE_PASSWORD);
        databaseUrl = postgres.createDatabase();
        String database = databaseUrl.replace("127.0.0.1", hostIp);

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
                String registered = metricsApiRegisteredByAReplica();
                kubectl.run(
                        Duration.ofSeconds(120), "delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=true");
                assertTrue(registered, registered == null);
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /**
     * Four writers create services through the Service while the leader's pod is deleted: every write that was
     * acknowledged is there afterwards, another replica leads within 15 s, and the start-up reconcile and the
     * monitoring sampler ran on exactly one of the running replicas before and after (the leader): each pod's own
     * {@code /metrics} says whether it leads and how many sampler rounds it ran.
     */
    @Test
    public void writesSurviveTheLeadersDeletionAndAnotherReplicaLeadsWithin15Seconds() throws Exception {
        String leader = leaseHolder();
        assertEquals("the start-up reconcile ran on the leader only", List.of(leader), podsThatReconciled());
        Map<String, String> addresses = podAddressesByName();
        assertEquals("two replicas: " + addresses, 2, addresses.size());
        long sampledAt = System.nanoTime();
        Map<String, Double> roundsBefore = metricByPod(addresses, "cengjiyun_monitoring_rounds_total");

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
        // More than one sampler interval (15 s) while the writers run: the leader's rounds grow, the other's do not.
        Thread.sleep(Math.max(3_000, 16_000 - millisSince(sampledAt)));
        assertSamplesAlone(leader, addresses, roundsBefore);
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
        // The new leader (a follower until the failover, 20 s and more ago) samples; the pod that replaced the old
        // leader never led, so it never sampled.
        Map<String, String> now = podAddressesByName();
        Map<String, Double> zero = new java.util.HashMap<>();
        for (String pod : now.keySet()) {
            zero.put(pod, pod.equals(next) ? roundsBefore.getOrDefault(next, 0.0) : 0.0);
        }
        assertSamplesAlone(next, now, zero);
        System.out.printf(
                "ReplicasIT: leader %s deleted, %s led %d ms later; %d writes acknowledged, 0 lost, 0 failed%n",
                leader, next, failover, acknowledged.size());
    }

    /**
     * A rolling upgrade of the platform's own Deployment to a new image (every pod replaced, one at a time: maxSurge 1,
     * maxUnavailable 0) while two clients read and write through the Service without a pause: not one request fails,
     * no 5xx, and every pod runs the new image afterwards. The new image is the build's own made again with another
     * revision label (build-image.sh, IMAGE_REVISION): another image id, as a new release would have.
     */
    @Test
    public void aRollingUpgradeOfThePlatformToANewImageFailsNoRequest() throws Exception {
        String newImage = "cengjiyun.local/cengjiyun:upgrade-test";
        String oldImageIds =
                String.join(" ", podImages().stream().map(p -> p[2]).toList());
        buildAndImport(newImage, "upgrade-" + ProcessHandle.current().pid());
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
        ok(kubectl.run(
                Duration.ofSeconds(30), "-n", NAMESPACE, "set", "image", "deploy/cengjiyun", "cengjiyun=" + newImage));
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
        assertTrue("requests failed during the rolling upgrade: " + failures, failures.isEmpty());
        assertTrue("too few requests to mean anything: " + answered, answered.get() >= 50);
        List<String[]> upgraded = podImages();
        assertEquals("two pods after the upgrade", 2, upgraded.size());
        for (String[] pod : upgraded) {
            assertEquals("the image of pod " + pod[0], newImage, pod[1]);
            assertTrue(
                    "pod " + pod[0] + " runs an image id of before the upgrade (" + pod[2] + " in " + oldImageIds + ")",
                    !oldImageIds.contains(pod[2]));
        }
        System.out.printf(
                "ReplicasIT: rolling upgrade of 2 replicas to a new image in %d ms under a request loop: %d answered,"
                        + " 0 failed%n",
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

    /**
     * A replica killed with SIGKILL while a server action runs on it (the action's row in {@code server_action_locks}
     * is there when the kill lands, and still there after: the action never ended) leaves the server in a state that
     * {@code reconcile} through the other replica repairs: once the dead replica's hold ran out (60 s; until then the
     * reconcile is refused with a 409 naming the action) the cluster runs the stored definition. No update that was
     * acknowledged is lost.
     */
    @Test
    public void aReplicaKilledInTheMiddleOfAServerActionLeavesAServerThatReconcileRepairs() throws Exception {
        // The local cluster, registered at the address the pods reach it on (its certificate names it).
        String kubeconfig =
                Files.readString(KUBECONFIG).replace("https://127.0.0.1:6443", "https://" + hostIp + ":6443");
        String cluster = "{\"name\": \"local\", \"kubeconfig\": " + json(kubeconfig) + "}";
        check(send(service, "POST", "/clusters", cluster, null, token), 201);
        String name = "kill" + ProcessHandle.current().pid();
        String servers = "/services/" + name + "/appmaps/dev/servers";
        check(send(service, "POST", "/services", "{\"name\": \"" + name + "\"}", null, token), 201);
        try {
            check(
                    send(
                            service,
                            "PUT",
                            "/services/" + name + "/allotments",
                            CengjiyunTestSupport.LOCAL_ALLOTMENT,
                            null,
                            token),
                    200);
            check(
                    send(
                            service,
                            "POST",
                            "/services/" + name + "/appmaps",
                            "{\"name\": \"dev\", \"cluster\": \"local\", \"quota\": " + CengjiyunTestSupport.SMALL_QUOTA
                                    + "}",
                            null,
                            token),
                    201);
            check(
                    send(
                            service,
                            "POST",
                            servers,
                            ServerTestSupport.server("web", "Deployment", 1, "v0", ""),
                            null,
                            token),
                    201);

            String leader = leaseHolder();
            Map<String, String> addresses = podAddressesByName();
            String victim = addresses.keySet().stream()
                    .filter(p -> !p.equals(leader))
                    .findFirst()
                    .orElseThrow();
            String survivor = "http://" + addresses.get(leader) + ":8080/api/v1";
            String victimBase = "http://" + addresses.get(victim) + ":8080/api/v1";
            ProcessHandle runtime = runtimeOf(victim);

            // Updates one after the other on the victim; the kill lands while one holds the server.
            List<String> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
            AtomicBoolean updating = new AtomicBoolean(true);
            ExecutorService updater = Executors.newSingleThreadExecutor();
            Future<?> updates = updater.submit(() -> {
                for (int n = 1; updating.get(); n++) {
                    String version = "v" + n;
                    try {
                        HttpResponse<String> r = send(
                                victimBase,
                                "PUT",
                                servers + "/web",
                                ServerTestSupport.server("web", "Deployment", 1, version, ""),
                                null,
                                token);
                        if (r.statusCode() == 200) {
                            acknowledged.add(version);
                        }
                    } catch (IOException e) {
                        return; // the victim died
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            String action;
            try (java.sql.Connection db = new org.postgresql.Driver().connect(databaseUrl, postgresUser())) {
                // Frozen (SIGSTOP) the moment an action holds the server; killed (SIGKILL) once the row is seen
                // still there with the runtime frozen, so that the kill lands inside the action for certain.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                action = null;
                while (action == null && System.nanoTime() < deadline) {
                    if (awaitActionLock(db, name, Duration.ofSeconds(30)) == null) {
                        break;
                    }
                    signal("STOP", runtime);
                    action = actionLock(db, name);
                    if (action == null) { // it ended between the two reads: let the runtime go on
                        signal("CONT", runtime);
                    }
                }
                assertTrue("no update was caught holding the server within 60 s", action != null);
                assertTrue("could not kill " + victim, runtime.destroyForcibly());
                runtime.onExit().get(30, TimeUnit.SECONDS);
                updating.set(false);
                updates.get(60, TimeUnit.SECONDS);
                updater.shutdown();
                assertEquals(
                        "the killed replica's action still holds the server (it never ended)",
                        action,
                        actionLock(db, name));
            }
            System.out.printf(
                    "ReplicasIT: %s killed (SIGKILL) in the middle of '%s' on server web; %d updates acknowledged before%n",
                    victim, action, acknowledged.size());

            String before = liveCommand(name + "-dev");
            System.out.printf("ReplicasIT: after the kill the cluster runs '%s'%n", before);
            // Reconcile through the other replica: refused (409, naming the action) until the hold runs out.
            long started = System.nanoTime();
            HttpResponse<String> reconciled;
            int refused = 0;
            do {
                reconciled = send(survivor, "POST", servers + "/web/reconcile", null, null, token);
                if (reconciled.statusCode() == 409) {
                    refused++;
                    assertTrue(reconciled.body(), reconciled.body().contains(action));
                }
            } while (reconciled.statusCode() == 409 && millisSince(started) < 120_000);
            assertEquals(reconciled.body(), 200, reconciled.statusCode());

            // The cluster runs the stored definition, which holds every acknowledged update or a later one.
            HttpResponse<String> stored = send(survivor, "GET", servers + "/web", null, null, token);
            Matcher version = Pattern.compile("echo (v\\d+) > /tmp/version").matcher(stored.body());
            assertTrue(stored.body(), version.find());
            int storedVersion = Integer.parseInt(version.group(1).substring(1));
            for (String v : acknowledged) {
                assertTrue(
                        "acknowledged update " + v + " lost: stored " + version.group(1),
                        Integer.parseInt(v.substring(1)) <= storedVersion);
            }
            String live = liveCommand(name + "-dev");
            assertTrue(
                    "the cluster runs '" + live + "', the stored definition is " + version.group(1),
                    live.startsWith("echo " + version.group(1) + " >"));
            System.out.printf(
                    "ReplicasIT: after the reconcile through %s the cluster runs the stored %s, %d ms after the kill;"
                            + " %d times refused while the dead replica's hold ran%n",
                    leader, version.group(1), millisSince(started), refused);

            // The server's current usage through each replica's own address: the leader's from its sampler's round,
            // the follower's (the killed replica, back) from the kubelet read when asked.
            waitForRollout();
            for (Map.Entry<String, String> pod : podAddressesByName().entrySet()) {
                String base = "http://" + pod.getValue() + ":8080/api/v1";
                long asked = System.nanoTime();
                HttpResponse<String> usage;
                do {
                    usage = send(base, "GET", servers + "/web/usage", null, null, token);
                    check(usage, 200);
                } while (!usage.body().matches("(?s).*\"sampledAt\":\"[^\"]+\".*\"memory\":[1-9].*")
                        && millisSince(asked) < 60_000
                        && sleep(2_000));
                assertTrue(
                        (pod.getKey().equals(leader) ? "the leader " : "the follower ") + pod.getKey()
                                + " shows no current usage of the running server: " + usage.body(),
                        usage.body().matches("(?s).*\"sampledAt\":\"[^\"]+\".*\"memory\":[1-9].*"));
                System.out.printf(
                        "ReplicasIT: the server's current usage through %s (%s) after %d ms%n",
                        pod.getKey(), pod.getKey().equals(leader) ? "leader" : "follower", millisSince(asked));
            }

            // A stopping replica ends its open event streams with a reconnect hint: the server's events followed on
            // the other replica's own address, then that replica's pod deleted (SIGTERM, the drain).
            HttpResponse<java.io.InputStream> stream = HTTP.send(
                    HttpRequest.newBuilder(URI.create(survivor + servers + "/web/events?timeout=120"))
                            .header("Authorization", "Bearer " + token)
                            .header("Accept", "text/event-stream")
                            .timeout(Duration.ofSeconds(90))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, stream.statusCode());
            long deleted = System.nanoTime();
            ok(kubectl.run(Duration.ofSeconds(30), "-n", NAMESPACE, "delete", "pod", leader, "--wait=false"));
            String received;
            try (java.io.InputStream in = stream.body()) {
                received = new String(in.readAllBytes(), StandardCharsets.UTF_8); // until the replica ends it
            }
            long ended = millisSince(deleted);
            assertTrue("no reconnect hint before the stream ended: " + received, received.contains("event: reconnect"));
            assertTrue("no retry in the hint: " + received, received.contains("retry: 1000"));
            assertTrue("the stream ended " + ended + " ms after the pod's deletion", ended < 30_000);
            System.out.printf(
                    "ReplicasIT: an event stream of %s ended with a reconnect hint %d ms after its pod's deletion%n",
                    leader, ended);
        } finally {
            try {
                // the killed replica's container is restarted by the kubelet, the deleted pod replaced: both
                // ready again, for the clean-up through the Service and for the other tests
                waitForRollout();
            } finally {
                try {
                    send(service, "DELETE", "/services/" + name + "?cascade=true", null, null, token);
                    // unregistered: what the replicas may have put on the cluster (the metrics API's
                    // registration) goes
                    send(service, "DELETE", "/clusters/local", null, null, token);
                } finally {
                    kubectl.run(
                            Duration.ofSeconds(120),
                            "delete",
                            "namespace",
                            name + "-dev",
                            "--ignore-not-found",
                            "--wait=false");
                }
            }
        }
    }

    /**
     * A token revoked through one replica is refused by the other on the very next request (no replica trusts a
     * caller it authenticated before without reading the shared database).
     */
    @Test
    public void aTokenRevokedThroughOneReplicaIsRefusedByTheOtherAtOnce() throws Exception {
        List<String> pods = podAddresses();
        assertEquals("two replicas: " + pods, 2, pods.size());
        String one = "http://" + pods.get(0) + ":8080/api/v1";
        String other = "http://" + pods.get(1) + ":8080/api/v1";
        HttpResponse<String> created =
                send(one, "POST", "/users/admin/tokens", "{\"name\": \"revoked-elsewhere\"}", null, token);
        check(created, 201);
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
        Matcher secret = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(created.body());
        assertTrue(created.body(), id.find() && secret.find());
        for (int i = 0; i < 3; i++) { // known to the other replica, then revoked through the first
            check(send(other, "GET", "/services", null, null, secret.group(1)), 200);
        }
        check(send(one, "DELETE", "/users/admin/tokens/" + id.group(1), null, null, token), 204);
        HttpResponse<String> refused = send(other, "GET", "/services", null, null, secret.group(1));
        assertEquals("the other replica still accepts a revoked token: " + refused.body(), 401, refused.statusCode());
    }

    /** The shell command the cluster's Deployment web of the namespace runs (its version is in it). */
    private static String liveCommand(String namespace) throws IOException, InterruptedException {
        return ok(kubectl.run(
                Duration.ofSeconds(30),
                "-n",
                namespace,
                "get",
                "deploy",
                "web",
                "-o",
                "jsonpath={.spec.template.spec.containers[0].command[2]}"));
    }

    /** The JVM of a pod's container, as this machine's process (its cgroup names the pod's uid). */
    private static ProcessHandle runtimeOf(String pod) throws IOException, InterruptedException {
        String uid = ok(kubectl.run(
                        Duration.ofSeconds(30), "-n", NAMESPACE, "get", "pod", pod, "-o", "jsonpath={.metadata.uid}"))
                .strip();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("io.cengjiyun.launcher.Main"))
                .filter(p -> {
                    try {
                        return Files.readString(Path.of("/proc/" + p.pid() + "/cgroup"))
                                .contains("pod" + uid);
                    } catch (IOException e) {
                        return false;
                    }
                })
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no process of pod " + pod + " (uid " + uid + ") on this machine"));
    }

    private static void signal(String signal, ProcessHandle process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("kill -" + signal + " did not end", kill.waitFor(10, TimeUnit.SECONDS));
        assertEquals("kill -" + signal + " " + process.pid() + ": " + output, 0, kill.exitValue());
    }

    /** Polls until an action holds server web of the service; its name, or null after {@code within}. */
    private static String awaitActionLock(java.sql.Connection db, String service, Duration within)
            throws java.sql.SQLException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String action = actionLock(db, service);
            if (action != null) {
                return action;
            }
            Thread.sleep(1);
        }
        return null;
    }

    private static String actionLock(java.sql.Connection db, String service) throws java.sql.SQLException {
        try (java.sql.PreparedStatement s = db.prepareStatement(
                "SELECT action FROM server_action_locks WHERE service = ? AND appmap = 'dev' AND server = 'web'")) {
            s.setString(1, service);
            try (java.sql.ResultSet rows = s.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static java.util.Properties postgresUser() {
        java.util.Properties user = new java.util.Properties();
        user.setProperty("user", "postgres");
        return user;
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static void check(HttpResponse<String> response, int status) {
        assertEquals(
                response.request().method() + " " + response.request().uri() + ": " + response.body(),
                status,
                response.statusCode());
    }

    // --- helpers

    /**
     * The image of the build made again as {@code ref} with the revision label {@code revision} (a new image id, the
     * same layer) and imported into the local cluster.
     */
    private static void buildAndImport(String ref, String revision) throws IOException, InterruptedException {
        Path tarball = RuntimeOptions.workDirectory().resolve("upgrade-image.tar");
        long started = System.nanoTime();
        // the build's image relabelled (a new config, the same layer): what jlink and the layer would make again
        ProcessBuilder build = new ProcessBuilder(
                        CengjiyunTestSupport.repoFile("distribution/src/image/build-image.sh")
                                .toString(),
                        "--relabel",
                        CengjiyunTestSupport.repoFile("distribution/target/cengjiyun-image.tar")
                                .toString(),
                        tarball.toString(),
                        ref)
                .redirectErrorStream(true);
        build.environment().put("IMAGE_REVISION", revision);
        run(build, "build-image.sh");
        run(
                new ProcessBuilder(
                                CengjiyunTestSupport.repoFile("tools/kube-local/kube-local")
                                        .toString(),
                                "images",
                                tarball.toString())
                        .redirectErrorStream(true),
                "kube-local images");
        Files.deleteIfExists(tarball);
        System.out.printf("ReplicasIT: image %s built and imported in %d ms%n", ref, millisSince(started));
    }

    private static void run(ProcessBuilder builder, String what) throws IOException, InterruptedException {
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(what + " did not end", p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(what + ": " + output, 0, p.exitValue());
    }

    /** The running pods that are not being deleted: name, the image its container runs, the image's id. */
    private static List<String[]> podImages() throws IOException, InterruptedException {
        return runningPodRows(
                "{.metadata.name}", "{.status.containerStatuses[0].image}", "{.status.containerStatuses[0].imageID}");
    }

    /**
     * The leader says so at its /metrics and its sampler rounds grew since {@code roundsBefore}; every other pod says
     * it does not lead and ran no round since.
     */
    private static void assertSamplesAlone(
            String leader, Map<String, String> addresses, Map<String, Double> roundsBefore)
            throws IOException, InterruptedException {
        Map<String, Double> leading = metricByPod(addresses, "cengjiyun_leader");
        Map<String, Double> rounds = metricByPod(addresses, "cengjiyun_monitoring_rounds_total");
        for (String pod : addresses.keySet()) {
            boolean isLeader = pod.equals(leader);
            assertEquals(pod + " leads? " + leading, isLeader ? 1.0 : 0.0, leading.get(pod), 0.0);
            double before = roundsBefore.getOrDefault(pod, 0.0);
            if (isLeader) {
                assertTrue(
                        "the leader " + pod + " ran no sampler round in more than an interval: " + rounds,
                        rounds.get(pod) > before);
            } else {
                assertEquals("a follower ran sampler rounds: " + pod + " " + rounds, before, rounds.get(pod), 0.0);
            }
        }
    }

    /** One metric (no labels) of each pod's own /metrics, by pod name. */
    private static Map<String, Double> metricByPod(Map<String, String> addresses, String metric)
            throws IOException, InterruptedException {
        Map<String, Double> values = new java.util.HashMap<>();
        Pattern line = Pattern.compile("(?m)^" + Pattern.quote(metric) + " (\\S+)$");
        for (Map.Entry<String, String> pod : addresses.entrySet()) {
            HttpResponse<String> scraped = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://" + pod.getValue() + ":8080/metrics"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(pod.getKey() + " /metrics", 200, scraped.statusCode());
            Matcher m = line.matcher(scraped.body());
            assertTrue(pod.getKey() + "'s /metrics has no " + metric, m.find());
            values.put(pod.getKey(), Double.parseDouble(m.group(1)));
        }
        return values;
    }

    private static Map<String, String> podAddressesByName() throws IOException, InterruptedException {
        Map<String, String> byName = new java.util.TreeMap<>();
        for (String[] pod : pods()) {
            byName.put(pod[0], pod[1]);
        }
        return byName;
    }

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

    /**
     * The manifests turn the resource metrics API off: a replica that registered it would leave an APIService
     * pointing to its pod's address, which blocks the deletion of every namespace of the cluster once the pod is gone.
     * Removed here if it happened anyway, and the class fails.
     */
    private static String metricsApiRegisteredByAReplica() throws IOException, InterruptedException {
        Kubectl.Run endpoint = kubectl.run(
                Duration.ofSeconds(30),
                "-n",
                "kube-system",
                "get",
                "endpoints",
                "cengjiyun-metrics-api",
                "-o",
                "jsonpath={.subsets[0].addresses[0].ip}");
        String ip = endpoint.exitCode() == 0 ? endpoint.output().strip() : "";
        if (!ip.isEmpty() && REPLICA_ADDRESSES.contains(ip)) {
            kubectl.run(Duration.ofSeconds(30), "delete", "apiservice", "v1beta1.metrics.k8s.io", "--ignore-not-found");
            kubectl.run(
                    Duration.ofSeconds(30),
                    "-n",
                    "kube-system",
                    "delete",
                    "service,endpoints",
                    "cengjiyun-metrics-api",
                    "--ignore-not-found");
            return "a replica (" + ip + ") registered the resource metrics API with the local cluster: removed";
        }
        return null;
    }

    /** The running pods that are not being deleted: name, then address. */
    private static List<String[]> pods() throws IOException, InterruptedException {
        List<String[]> pods = runningPodRows("{.metadata.name}", "{.status.podIP}");
        pods.forEach(p -> REPLICA_ADDRESSES.add(p[1]));
        return pods;
    }

    /**
     * The given fields (jsonpath, one word each) of this class's running pods that are not being deleted, one row per
     * pod.
     */
    private static List<String[]> runningPodRows(String... fields) throws IOException, InterruptedException {
        String lines = ok(kubectl.run(
                Duration.ofSeconds(30),
                "-n",
                NAMESPACE,
                "get",
                "pods",
                "--field-selector=status.phase=Running",
                "-o",
                "jsonpath={range .items[*]}" + String.join(" ", fields)
                        + " {.metadata.deletionTimestamp}{\"\\n\"}{end}"));
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length == fields.length) { // no deletion time
                rows.add(parts);
            }
        }
        return rows;
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

    /** Sleeps, then true: for a poll's loop condition. */
    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
