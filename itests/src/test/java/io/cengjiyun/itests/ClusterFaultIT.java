/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.api.event.Topics;
import io.cengjiyun.cluster.ClusterRegistry;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A server while its cluster's API server is down, through the REST API against the real Kubernetes 1.20 of
 * tools/kube-local: actions answer 503 saying what was and was not done, an update is stored and not applied, the
 * state is UNKNOWN naming the cluster; once the API server is back the state shows the drift and reconcile applies the
 * stored revision. Stops the API server with {@code kube-local fault apiserver-stop} for a few seconds and always
 * starts it again (other tests run after this one).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ClusterFaultIT extends CengjiyunTestSupport {
    private static final Duration ROLLOUT = Duration.ofSeconds(180);
    private static final Duration RECOVERY = Duration.ofSeconds(240);
    private static final String SERVICE = "fault-team";
    private static final String APPMAP = "dev";
    private static final String SERVERS = "/services/" + SERVICE + "/appmaps/" + APPMAP + "/servers";
    private static final String WEB = SERVERS + "/web";

    /** It stops the API server that the other test classes use. */
    @Override
    protected boolean needsClusterAlone() {
        return true;
    }

    @Before
    public void restIsUp() {
        waitForRest();
    }

    private static String definition(String... command) {
        StringBuilder args = new StringBuilder();
        for (String c : command) {
            args.append(args.length() == 0 ? "" : ", ").append('"').append(c).append('"');
        }
        return "{\"name\": \"web\", \"kind\": \"Deployment\", \"replicas\": 1, \"containers\": [{\"name\": \"web\","
                + " \"image\": \"cengjiyun.test/busybox:1\", \"imagePullPolicy\": \"Never\", \"command\": [" + args
                + "]}]}";
    }

    @Test
    public void aServerOutlivesItsApiServerAndTheStoredRevisionIsReconciledAfter() throws Exception {
        assertEquals(201, post("/services", "{\"name\": \"" + SERVICE + "\"}").statusCode());
        ClassLoader testLoader = Thread.currentThread().getContextClassLoader();
        try {
            allotLocalCluster(SERVICE);
            HttpResponse<String> appMap = post("/services/" + SERVICE + "/appmaps", appMap(APPMAP));
            assertEquals(appMap.body(), 201, appMap.statusCode());
            String ns = SERVICE + "-" + APPMAP;

            // fabric8 finds its models with ServiceLoader on the context loader: use the cluster bundle's
            // (LifecycleIT).
            ClusterRegistry clusters = service(ClusterRegistry.class);
            Thread.currentThread().setContextClassLoader(clusters.getClass().getClassLoader());
            KubernetesClient kube = clusters.connection(LOCAL_CLUSTER).client();

            HttpResponse<String> created = post(SERVERS, definition("sleep", "3600"));
            assertEquals(created.body(), 201, created.statusCode());
            waitForState("RUNNING", ROLLOUT);
            assertEquals("1", revisionOnCluster(kube, ns));

            String v2 = definition("sleep", "7200");
            long down = System.nanoTime();
            List<String> told = subscribeToReachability();
            // The moment the API server stops answering (SIGTERM, then up to 5 s of graceful shutdown, then SIGKILL):
            // probed every 100 ms beside the platform, straight with fabric8.
            java.util.concurrent.atomic.AtomicLong silentSince = new java.util.concurrent.atomic.AtomicLong();
            Thread probe = new Thread(() -> probeUntilSilent(kube, silentSince), "apiserver probe");
            probe.setDaemon(true);
            probe.start();
            // apiserver-stop waits out the graceful shutdown (about 5 s): the status is watched meanwhile, from the
            // first silence, not once the command is over.
            java.util.concurrent.CompletableFuture<Void> stopping =
                    java.util.concurrent.CompletableFuture.runAsync(() -> {
                        try {
                            kubeLocal("fault", "apiserver-stop");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                    });
            try {
                probe.join(15_000);
                assertTrue("the API server still answers after apiserver-stop", silentSince.get() != 0);

                // Seen within 5 s by the heartbeat alone (no refresh asked): UNKNOWN, the last state and its time.
                long stopped = silentSince.get();
                JsonNode[] seen = new JsonNode[1];
                waitForAssert(
                        () -> {
                            seen[0] = status();
                            assertEquals(
                                    seen[0].toString(),
                                    "UNKNOWN",
                                    seen[0].get("state").asText());
                        },
                        Duration.ofSeconds(15));
                long unknownAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
                System.out.println("ClusterFaultIT: UNKNOWN " + unknownAfter
                        + " ms after the API server stopped answering: " + seen[0]);
                assertTrue(
                        "UNKNOWN within 5 s of the API server's silence, not " + unknownAfter + " ms: " + seen[0],
                        unknownAfter <= 5000);
                assertEquals(
                        seen[0].toString(),
                        "RUNNING",
                        seen[0].path("lastKnownState").asText());
                assertTrue(seen[0].toString(), seen[0].hasNonNull("lastKnownAt"));
                assertTrue(
                        seen[0].toString(),
                        seen[0].get("message").asText().contains("cluster '" + LOCAL_CLUSTER + "'"));
                waitForAssert(() -> assertEquals(told.toString(), List.of("UNREACHABLE"), told));
                stopping.get(5, TimeUnit.MINUTES);

                long asked = System.nanoTime();
                HttpResponse<String> stop = post(WEB + "/stop", "");
                long answeredIn = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
                assertTrue("a 503 at once, not after " + answeredIn + " ms", answeredIn < 1000);
                assertProblem(stop, 503);
                String detail = body(stop).get("detail").asText();
                assertTrue(detail, detail.contains("'" + LOCAL_CLUSTER + "'"));
                assertTrue(detail, detail.contains("stored definition is kept"));

                HttpResponse<String> update = send(request(WEB)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .header("If-Match", "\"1\"")
                        .PUT(HttpRequest.BodyPublishers.ofString(v2)));
                assertProblem(update, 503);
                String updateDetail = body(update).get("detail").asText();
                assertTrue(updateDetail, updateDetail.contains("'" + LOCAL_CLUSTER + "'"));
                assertTrue(updateDetail, updateDetail.contains("Revision 2 is stored and not applied"));
                JsonNode stored = body(get(WEB));
                assertEquals(stored.toString(), 2, stored.get("version").asInt());
                assertEquals(
                        stored.toString(),
                        "7200",
                        stored.at("/definition/containers/0/command/1").asText());

                JsonNode cluster = body(get("/clusters/" + LOCAL_CLUSTER));
                assertFalse(cluster.toString(), cluster.get("reachable").asBoolean());
                assertTrue(cluster.toString(), cluster.hasNonNull("answeredAt"));
                JsonNode unknown = status();
                assertEquals(unknown.toString(), "UNKNOWN", unknown.get("state").asText());
                assertTrue(
                        unknown.toString(),
                        unknown.get("message").asText().contains("cluster '" + LOCAL_CLUSTER + "'"));
            } finally {
                try {
                    try {
                        stopping.get(5, TimeUnit.MINUTES); // never a start while the stop still runs
                    } catch (java.util.concurrent.ExecutionException e) {
                        System.out.println("ClusterFaultIT: apiserver-stop failed: " + e.getCause());
                    }
                    kubeLocal("fault", "apiserver-start");
                } finally {
                    waitForApiServer(kube);
                    System.out.println("ClusterFaultIT: the API server was down for "
                            + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - down) + " s");
                }
            }

            // Back: with no refresh asked, the caches resynchronise and the state is true again within 10 s: the
            // cluster runs revision 1 of 2.
            long back = System.nanoTime();
            JsonNode[] last = new JsonNode[1];
            waitForAssert(
                    () -> {
                        last[0] = status();
                        assertNotEquals(
                                last[0].toString(),
                                "UNKNOWN",
                                last[0].get("state").asText());
                    },
                    RECOVERY);
            long knownAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
            System.out.println(
                    "ClusterFaultIT: known again " + knownAfter + " ms after the API server answered: " + last[0]);
            assertTrue("known again within 10 s, not " + knownAfter + " ms: " + last[0], knownAfter <= 10_000);
            waitForAssert(() -> assertEquals(told.toString(), List.of("UNREACHABLE", "REACHABLE"), told));
            JsonNode drifted = last[0];
            assertEquals(drifted.toString(), 2, drifted.path("revision").asInt());
            assertEquals(drifted.toString(), 1, drifted.path("appliedRevision").asInt());
            assertTrue(drifted.toString(), drifted.hasNonNull("drift"));

            HttpResponse<String> reconciled = post(WEB + "/reconcile", "");
            assertEquals(reconciled.body(), 200, reconciled.statusCode());
            waitSlowly(
                    () -> {
                        assertEquals("2", revisionOnCluster(kube, ns));
                        JsonNode now = status();
                        assertEquals(now.toString(), "RUNNING", now.get("state").asText());
                        assertFalse(now.toString(), now.has("drift"));
                        assertEquals(
                                now.toString(), 2, now.path("appliedRevision").asInt());
                    },
                    ROLLOUT);

            HttpResponse<String> stop = post(WEB + "/stop", "");
            assertEquals(stop.body(), 200, stop.statusCode());
            waitSlowly(
                    () -> assertEquals(
                            pods(kube, ns).toString(), 0, pods(kube, ns).size()),
                    ROLLOUT);
            assertEquals("STOPPED", status().get("state").asText());

            HttpResponse<String> deleted = delete(WEB + "?stop=true");
            assertEquals(deleted.body(), 204, deleted.statusCode());
            assertProblem(get(WEB), 404);
            waitSlowly(() -> assertNull(deployment(kube, ns)), ROLLOUT);
        } finally {
            Thread.currentThread().setContextClassLoader(testLoader);
            deleteService(SERVICE);
        }
    }

    /** Asks the API server for /readyz every 100 ms until it does not answer; sets the time of the first silence. */
    private static void probeUntilSilent(KubernetesClient kube, java.util.concurrent.atomic.AtomicLong silentSince) {
        io.fabric8.kubernetes.client.http.HttpClient http = kube.getHttpClient();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            long asked = System.nanoTime();
            try {
                io.fabric8.kubernetes.client.http.HttpRequest request = http.newHttpRequestBuilder()
                        .uri(java.net.URI.create(kube.getMasterUrl().toString()).resolve("/readyz"))
                        .timeout(500, TimeUnit.MILLISECONDS)
                        .build();
                int code = http.sendAsync(request, String.class)
                        .get(1, TimeUnit.SECONDS)
                        .code();
                if (code != 200) {
                    silentSince.set(asked);
                    return;
                }
            } catch (Exception e) {
                silentSince.set(asked);
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The last part of each cluster-reachability topic published for the local cluster, in order. */
    private List<String> subscribeToReachability() {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.Dictionary<String, Object> properties = new java.util.Hashtable<>();
        properties.put(
                org.osgi.service.event.EventConstants.EVENT_TOPIC,
                new String[] {Topics.CLUSTER_REACHABLE, Topics.CLUSTER_UNREACHABLE});
        bundleContext.registerService(
                org.osgi.service.event.EventHandler.class,
                event -> {
                    if (LOCAL_CLUSTER.equals(event.getProperty("cluster"))) {
                        told.add(event.getTopic().substring(event.getTopic().lastIndexOf('/') + 1));
                    }
                },
                properties);
        return told;
    }

    // --- the server over REST

    private JsonNode status() {
        HttpResponse<String> status = call(() -> get(WEB + "/status"));
        assertEquals(status.body(), 200, status.statusCode());
        return call(() -> body(status));
    }

    private void waitForState(String state, Duration timeout) {
        waitSlowly(
                () -> {
                    JsonNode now = status();
                    assertEquals(now.toString(), state, now.get("state").asText());
                },
                timeout);
    }

    // --- the cluster, read with fabric8 (generically: the test has no model classes of apps/v1)

    private static GenericKubernetesResource deployment(KubernetesClient kube, String ns) {
        try {
            return kube.genericKubernetesResources("apps/v1", "Deployment")
                    .inNamespace(ns)
                    .withName("web")
                    .get();
        } catch (RuntimeException e) {
            throw new AssertionError("GET deployment web in " + ns + ": " + e, e);
        }
    }

    private static String revisionOnCluster(KubernetesClient kube, String ns) {
        GenericKubernetesResource d = deployment(kube, ns);
        assertNotNull("no deployment web in " + ns, d);
        Map<String, String> annotations = d.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get("cengjiyun.io/revision");
    }

    /** The server's pods, terminating ones included. */
    private static List<String> pods(KubernetesClient kube, String ns) {
        try {
            return kube.pods().inNamespace(ns).withLabel("cengjiyun.io/server", "web").list().getItems().stream()
                    .map(Pod::getMetadata)
                    .map(m -> m.getName() + (m.getDeletionTimestamp() == null ? "" : " (terminating)"))
                    .toList();
        } catch (RuntimeException e) {
            throw new AssertionError("list pods in " + ns + ": " + e, e);
        }
    }

    /** Until the API server answers a real request (not a cache) through the platform's client of the cluster. */
    private static void waitForApiServer(KubernetesClient kube) {
        waitSlowly(
                () -> {
                    try {
                        assertNotNull(kube.namespaces().withName("default").get());
                    } catch (RuntimeException e) {
                        throw new AssertionError("the API server does not answer: " + e, e);
                    }
                },
                Duration.ofSeconds(120));
    }

    // --- tools/kube-local

    /** tools/kube-local/kube-local of this checkout: above the distribution failsafe names, or the working directory. */
    private static Path kubeLocalScript() {
        List<Path> starts = new ArrayList<>();
        String distribution = System.getProperty("cengjiyun.distribution");
        if (distribution != null) {
            starts.add(Path.of(distribution).toAbsolutePath().normalize());
        }
        starts.add(Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize());
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path script = dir.resolve("tools/kube-local/kube-local");
                if (Files.isExecutable(script)) {
                    return script;
                }
            }
        }
        throw new AssertionError("no tools/kube-local/kube-local above " + starts);
    }

    /** Runs {@code kube-local <args>}, printing what it says; fails unless it exits 0 within 5 minutes. */
    private static void kubeLocal(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(kubeLocalScript().toString());
        command.addAll(List.of(args));
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String[] output = new String[1];
        Thread reader = new Thread(
                () -> {
                    try {
                        output[0] = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        output[0] = "(output not read: " + e + ")";
                    }
                },
                "kube-local output");
        reader.start();
        boolean exited = process.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        reader.join(10_000);
        System.out.println("ClusterFaultIT: kube-local " + String.join(" ", args) + " ("
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms): " + output[0]);
        assertTrue("kube-local " + String.join(" ", args) + " did not end within 5 minutes: " + output[0], exited);
        assertEquals("kube-local " + String.join(" ", args) + ": " + output[0], 0, process.exitValue());
    }

    // --- waiting

    /** {@link #waitForAssert} with a second between tries (each try makes real requests). */
    private static void waitSlowly(Runnable assertion, Duration timeout) {
        waitForAssert(
                () -> {
                    try {
                        assertion.run();
                    } catch (AssertionError e) {
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                        }
                        throw e;
                    }
                },
                timeout);
    }

    private interface Call<T> {
        T run() throws IOException, InterruptedException;
    }

    /** A call over HTTP inside an assertion: what goes wrong is a failed assertion, tried again. */
    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new AssertionError(e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
