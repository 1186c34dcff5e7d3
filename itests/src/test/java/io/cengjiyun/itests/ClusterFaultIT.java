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
            try {
                kubeLocal("fault", "apiserver-stop");

                HttpResponse<String> stop = post(WEB + "/stop", "");
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

                HttpResponse<String> refreshed = post("/clusters/" + LOCAL_CLUSTER + "/refresh", "");
                assertEquals(refreshed.body(), 200, refreshed.statusCode());
                assertFalse(refreshed.body(), body(refreshed).get("reachable").asBoolean());
                JsonNode unknown = status();
                assertEquals(unknown.toString(), "UNKNOWN", unknown.get("state").asText());
                assertTrue(
                        unknown.toString(),
                        unknown.get("message").asText().contains("cluster '" + LOCAL_CLUSTER + "'"));
            } finally {
                try {
                    kubeLocal("fault", "apiserver-start");
                } finally {
                    waitForApiServer(kube);
                    System.out.println("ClusterFaultIT: the API server was down for "
                            + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - down) + " s");
                }
            }

            // Back: the cluster answers again, the state shows that the cluster runs revision 1 of 2.
            long back = System.nanoTime();
            JsonNode[] last = new JsonNode[1];
            waitSlowly(
                    () -> {
                        HttpResponse<String> refreshed =
                                call(() -> post("/clusters/" + LOCAL_CLUSTER + "/refresh", ""));
                        assertEquals(refreshed.body(), 200, refreshed.statusCode());
                        last[0] = status();
                        assertNotEquals(
                                last[0].toString(),
                                "UNKNOWN",
                                last[0].get("state").asText());
                    },
                    RECOVERY);
            System.out.println("ClusterFaultIT: known again " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - back)
                    + " s after the API server answered: " + last[0]);
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
