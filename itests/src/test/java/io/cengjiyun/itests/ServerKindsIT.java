/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.cluster.ClusterRegistry;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Every kind of server through the REST API, on the real Kubernetes 1.20 of tools/kube-local, checked with the fabric8
 * client: create, rolling update (readiness sampled throughout), stop, start, restart, scale, rollback, delete; a
 * broken image and a failing probe end FAILED naming the cause; drift is seen and repaired. Each test has a service
 * and an appmap (a namespace) of its own.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerKindsIT extends CengjiyunTestSupport {
    private static final Duration ROLLOUT = Duration.ofSeconds(150);
    private static final AtomicInteger SERVICES = new AtomicInteger();
    private KubernetesClient kube;
    private ClassLoader testLoader;
    private String service;
    private String namespace;
    private String servers;

    @Before
    public void appMapOfItsOwn() throws Exception {
        waitForRest();
        registerLocalCluster();
        ClusterRegistry clusters = service(ClusterRegistry.class);
        // fabric8 finds its models with ServiceLoader on the context loader: the test's class path holds a second
        // copy of them, so the test's own calls to the client run with the cluster bundle's loader.
        testLoader = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(clusters.getClass().getClassLoader());
        kube = clusters.connection(LOCAL_CLUSTER).client();
        // The same names in every run: a leftover of an aborted run is removed first (allotLocalCluster).
        service = "kinds-" + SERVICES.incrementAndGet();
        assertEquals(201, post("/services", "{\"name\": \"" + service + "\"}").statusCode());
        allotLocalCluster(service);
        HttpResponse<String> appMap = post(
                "/services/" + service + "/appmaps",
                "{\"name\": \"dev\", \"cluster\": \"" + LOCAL_CLUSTER
                        + "\", \"quota\": {\"cpu\": \"2\", \"memory\": \"2Gi\", \"pods\": 12, \"storage\": \"1Gi\"}}");
        assertEquals(appMap.body(), 201, appMap.statusCode());
        namespace = service + "-dev";
        servers = "/services/" + service + "/appmaps/dev/servers";
    }

    @After
    public void removeService() throws Exception {
        try {
            if (service != null) {
                deleteService(service);
            }
        } finally {
            Thread.currentThread().setContextClassLoader(testLoader);
        }
    }

    // --- definitions

    /**
     * A server whose container says which version it runs in its command; readiness passes once the container has
     * written its file (exec probe, every second). Pods go within a second (sleep ignores SIGTERM).
     */
    static String server(String name, String kind, Integer replicas, String version, String extra) {
        return "{\"name\": \"" + name + "\", \"kind\": \"" + kind + "\""
                + (replicas == null ? "" : ", \"replicas\": " + replicas)
                + ", \"terminationGracePeriodSeconds\": 1, \"containers\": [{\"name\": \"app\", \"image\": \"cengjiyun.test/busybox:1\","
                + " \"imagePullPolicy\": \"Never\", \"command\": [\"sh\", \"-c\", \"echo " + version
                + " > /tmp/version; "
                + (kind.contains("Job") ? "true" : "sleep 3600") + "\"]"
                + (kind.contains("Job")
                        ? ""
                        : ", \"readinessProbe\": {\"exec\": {\"command\": [\"cat\", \"/tmp/version\"]},"
                                + " \"periodSeconds\": 1}")
                + "}]" + extra + "}";
    }

    /** A StatefulSet with a port: its Services come from the ports bundle, the headless one is its serviceName. */
    private static String db(String version) {
        return server("db", "StatefulSet", 2, version, ", \"ports\": [{\"name\": \"pg\", \"port\": 5432}]")
                .replace("\"readinessProbe\"", "\"ports\": [{\"containerPort\": 5432}], \"readinessProbe\"");
    }

    private static String commandVersion(Pod pod) {
        List<String> command = pod.getSpec().getContainers().get(0).getCommand();
        String script = command.get(command.size() - 1);
        return script.substring("echo ".length(), script.indexOf(' ', "echo ".length()));
    }

    // --- REST

    private HttpResponse<String> create(String definition) throws Exception {
        HttpResponse<String> created = post(servers, definition);
        assertEquals(created.body(), 201, created.statusCode());
        return created;
    }

    private HttpResponse<String> update(String name, String definition) throws Exception {
        HttpResponse<String> updated = put(servers + "/" + name, definition);
        assertEquals(updated.body(), 200, updated.statusCode());
        return updated;
    }

    private JsonNode action(String name, String action) throws Exception {
        HttpResponse<String> r = post(servers + "/" + name + "/" + action, "");
        assertEquals(action + ": " + r.body(), 200, r.statusCode());
        return body(r);
    }

    private JsonNode status(String name) {
        try {
            HttpResponse<String> r = get(servers + "/" + name + "/status");
            assertEquals(r.body(), 200, r.statusCode());
            return body(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private JsonNode waitForState(String name, String state) {
        JsonNode[] last = new JsonNode[1];
        waitForAssert(
                () -> {
                    last[0] = status(name);
                    assertEquals(
                            String.valueOf(last[0]),
                            state,
                            last[0].path("state").asText());
                },
                ROLLOUT);
        return last[0];
    }

    /** Between the first and the last event of the last rollout followed: events come as they happen, not at once. */
    private Duration lastRolloutSpread = Duration.ZERO;

    /** Follows the rollout as Server-Sent Events: the names of the events, with the data of the last one. */
    private List<String> followRollout(String name) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> r = http.send(
                request(servers + "/" + name + "/rollout?timeout=150")
                        .timeout(ROLLOUT.plusSeconds(10))
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        assertEquals(
                "text/event-stream",
                r.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""));
        List<String> events = new ArrayList<>();
        String[] event = new String[1];
        long[] arrivals = new long[2];
        r.body().forEach(line -> {
            if (line.startsWith("event: ")) {
                event[0] = line.substring(7);
            } else if (line.startsWith("data: ")) {
                events.add(event[0] + " " + line.substring(6));
                arrivals[events.size() == 1 ? 0 : 1] = System.nanoTime();
            }
        });
        lastRolloutSpread = Duration.ofNanos(arrivals[1] - arrivals[0]);
        return events;
    }

    // --- the cluster

    private List<Pod> pods(String name) {
        return kube.pods().inNamespace(namespace).withLabel("cengjiyun.io/server", name).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    private Set<String> podUids(String name) {
        return pods(name).stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null
                && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private GenericKubernetesResource live(String apiVersion, String kind, String name) {
        return kube.genericKubernetesResources(apiVersion, kind)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private List<GenericKubernetesResource> labelled(String apiVersion, String kind, String name) {
        return kube.genericKubernetesResources(apiVersion, kind)
                .inNamespace(namespace)
                .withLabel("cengjiyun.io/server", name)
                .list()
                .getItems();
    }

    @SuppressWarnings("unchecked")
    private static Object field(GenericKubernetesResource r, String... path) {
        Object value = r == null ? null : r.getAdditionalProperties();
        for (String p : path) {
            value = value == null ? null : ((Map<String, Object>) value).get(p);
        }
        return value;
    }

    /** Every object with the server's labels, of the kinds a server has, but claims: what a delete must leave none of. */
    private List<String> everythingOf(String name) {
        List<String> found = new ArrayList<>();
        for (String[] kind : new String[][] {
            {"apps/v1", "Deployment"},
            {"apps/v1", "StatefulSet"},
            {"apps/v1", "DaemonSet"},
            {"batch/v1", "Job"},
            {"batch/v1beta1", "CronJob"},
            {"autoscaling/v2beta2", "HorizontalPodAutoscaler"}
        }) {
            labelled(kind[0], kind[1], name)
                    .forEach(o -> found.add(kind[1] + "/" + o.getMetadata().getName()));
        }
        kube.services()
                .inNamespace(namespace)
                .withLabel("cengjiyun.io/server", name)
                .list()
                .getItems()
                .forEach(o -> found.add("Service/" + o.getMetadata().getName()));
        pods(name).forEach(p -> found.add("Pod/" + p.getMetadata().getName()));
        return found;
    }

    /** Samples the ready pods of a server every 100 ms while {@code during} runs; the fewest seen. */
    private int fewestReadyDuring(String name, ThrowingRunnable during) throws Exception {
        AtomicInteger fewest = new AtomicInteger(Integer.MAX_VALUE);
        AtomicBoolean sampling = new AtomicBoolean(true);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Thread sampler = new Thread(() -> {
            Thread.currentThread().setContextClassLoader(loader);
            while (sampling.get()) {
                int ready =
                        (int) pods(name).stream().filter(ServerKindsIT::ready).count();
                fewest.accumulateAndGet(ready, Math::min);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        try {
            during.run();
        } finally {
            sampling.set(false);
            sampler.join();
        }
        return fewest.get();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    // --- the kinds

    @Test
    public void aDeploymentLivesItsWholeLifeThroughTheApi() throws Exception {
        String autoscaled = ", \"updateStrategy\": {\"maxSurge\": 1, \"maxUnavailable\": 0},"
                + " \"autoscaling\": {\"minReplicas\": 2, \"maxReplicas\": 3, \"cpuUtilization\": 80}";
        create(server("web", "Deployment", 2, "v1", autoscaled));
        List<String> events = followRollout("web");
        assertTrue(events.toString(), events.get(events.size() - 1).startsWith("done "));
        assertTrue(events.toString(), events.get(events.size() - 1).contains("\"state\":\"RUNNING\""));
        assertTrue(
                "the events arrived " + lastRolloutSpread + " apart: streamed as they happen, not held back to the end",
                lastRolloutSpread.toMillis() >= 500);
        waitForAssert(
                () -> assertEquals(
                        2, pods("web").stream().filter(ServerKindsIT::ready).count()),
                ROLLOUT);
        GenericKubernetesResource deployment = live("apps/v1", "Deployment", "web");
        assertEquals("cengjiyun", deployment.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals(service, deployment.getMetadata().getLabels().get("cengjiyun.io/service"));
        assertTrue(
                "applied by the platform's field manager",
                deployment.getMetadata().getManagedFields().stream()
                        .anyMatch(f -> "cengjiyun".equals(f.getManager()) && "Apply".equals(f.getOperation())));
        assertTrue(live("autoscaling/v2beta2", "HorizontalPodAutoscaler", "web") != null);

        // a rolling update of the command: with maxUnavailable 0, never fewer than 2 ready pods
        int fewest = fewestReadyDuring("web", () -> {
            update("web", server("web", "Deployment", 2, "v2", autoscaled));
            waitForAssert(
                    () -> {
                        List<Pod> now = pods("web");
                        assertEquals(2, now.size());
                        assertTrue(now.stream().allMatch(p -> commandVersion(p).equals("v2") && ready(p)));
                        assertEquals("RUNNING", status("web").path("state").asText());
                    },
                    ROLLOUT);
        });
        assertTrue("ready pods fell to " + fewest + " during the rolling update (maxUnavailable 0)", fewest >= 2);
        assertEquals(2, status("web").path("revision").asInt());

        // stop: no pods, no autoscaler; start: the same replicas and the autoscaler back
        assertEquals(409, delete(servers + "/web").statusCode()); // it runs: stop first
        action("web", "stop");
        waitForState("web", "STOPPED");
        waitForAssert(() -> assertEquals(0, pods("web").size()), ROLLOUT);
        assertNull("stop removes the autoscaler", live("autoscaling/v2beta2", "HorizontalPodAutoscaler", "web"));
        action("web", "start");
        waitForState("web", "RUNNING");
        assertEquals(2, ((Number) field(live("apps/v1", "Deployment", "web"), "spec", "replicas")).intValue());
        assertTrue(
                "start brings the autoscaler back",
                live("autoscaling/v2beta2", "HorizontalPodAutoscaler", "web") != null);

        // restart: every pod replaced
        Set<String> before = podUids("web");
        action("web", "restart");
        waitForAssert(
                () -> {
                    Set<String> now = podUids("web");
                    assertEquals(2, now.size());
                    assertTrue(
                            "restart replaces every pod: " + before + " -> " + now,
                            now.stream().noneMatch(before::contains));
                    assertEquals("RUNNING", status("web").path("state").asText());
                },
                ROLLOUT);

        // scale: refused while autoscaled, then a new revision with the replicas
        assertProblem(post(servers + "/web/scale", "{\"replicas\": 3}"), 409);
        HttpResponse<String> off = send(request(servers + "/web/autoscaling").DELETE());
        assertEquals(off.body(), 200, off.statusCode());
        waitForAssert(() -> assertNull(live("autoscaling/v2beta2", "HorizontalPodAutoscaler", "web")), ROLLOUT);
        HttpResponse<String> scaled = post(servers + "/web/scale", "{\"replicas\": 3}");
        assertEquals(scaled.body(), 200, scaled.statusCode());
        assertEquals("\"4\"", scaled.headers().firstValue("ETag").orElse(""));
        waitForAssert(() -> assertEquals(3, status("web").path("ready").asInt()), ROLLOUT);
        assertProblem(post(servers + "/web/scale", "{\"replicas\": -1}"), 422);

        // rollback to revision 1: a new revision, and the pods run revision 1's command
        HttpResponse<String> rolledBack = post(servers + "/web/rollback", "{\"revision\": 1}");
        assertEquals(rolledBack.body(), 200, rolledBack.statusCode());
        assertEquals("\"5\"", rolledBack.headers().firstValue("ETag").orElse(""));
        assertEquals(
                "rollback to revision 1",
                body(get(servers + "/web/revisions")).get(0).get("message").asText());
        waitForAssert(
                () -> {
                    List<Pod> now = pods("web");
                    assertEquals(2, now.size());
                    assertTrue(now.stream().allMatch(p -> commandVersion(p).equals("v1") && ready(p)));
                },
                ROLLOUT);
        assertProblem(post(servers + "/web/rollback", "{\"revision\": 9}"), 422);

        // delete with stop: nothing of the server remains
        HttpResponse<String> deleted = delete(servers + "/web?stop=true");
        assertEquals(deleted.body(), 204, deleted.statusCode());
        waitForAssert(() -> assertEquals(List.of(), everythingOf("web")), ROLLOUT);
    }

    @Test
    public void aStatefulSetUpdatesOnePodAtATimeAndKeepsItsPodsNames() throws Exception {
        create(db("v1"));
        waitForState("db", "RUNNING");
        assertEquals(
                Set.of("db-0", "db-1"),
                pods("db").stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet()));
        assertEquals("db-headless", field(live("apps/v1", "StatefulSet", "db"), "spec", "serviceName"));
        assertEquals(
                "None",
                kube.services()
                        .inNamespace(namespace)
                        .withName("db-headless")
                        .get()
                        .getSpec()
                        .getClusterIP());

        int fewest = fewestReadyDuring("db", () -> {
            update("db", db("v2"));
            waitForAssert(
                    () -> {
                        List<Pod> now = pods("db");
                        assertEquals(2, now.size());
                        assertTrue(now.stream().allMatch(p -> commandVersion(p).equals("v2") && ready(p)));
                        assertEquals("RUNNING", status("db").path("state").asText());
                    },
                    ROLLOUT);
        });
        assertTrue("ready pods fell to " + fewest + " (a StatefulSet replaces one pod at a time)", fewest >= 1);

        action("db", "stop");
        waitForState("db", "STOPPED");
        waitForAssert(() -> assertEquals(0, pods("db").size()), ROLLOUT);
        action("db", "start");
        waitForState("db", "RUNNING");
        assertEquals(2, pods("db").size());

        Set<String> before = podUids("db");
        action("db", "restart");
        waitForAssert(
                () -> {
                    Set<String> now = podUids("db");
                    assertEquals(2, now.size());
                    assertTrue("restart replaces every pod", now.stream().noneMatch(before::contains));
                    assertEquals("RUNNING", status("db").path("state").asText());
                },
                ROLLOUT);

        assertEquals(200, post(servers + "/db/scale", "{\"replicas\": 1}").statusCode());
        waitForAssert(
                () -> assertEquals(
                        Set.of("db-0"),
                        pods("db").stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet())),
                ROLLOUT);

        assertEquals(200, post(servers + "/db/rollback", "{\"revision\": 1}").statusCode());
        waitForAssert(
                () -> {
                    List<Pod> now = pods("db");
                    assertEquals(2, now.size());
                    assertTrue(now.stream().allMatch(p -> commandVersion(p).equals("v1") && ready(p)));
                },
                ROLLOUT);

        action("db", "stop");
        assertEquals(204, delete(servers + "/db").statusCode());
        waitForAssert(() -> assertEquals(List.of(), everythingOf("db")), ROLLOUT);
    }

    @Test
    public void aDaemonSetIsDeletedByStopAndMadeAgainByStart() throws Exception {
        create(server("agent", "DaemonSet", null, "v1", ""));
        waitForState("agent", "RUNNING");
        assertEquals(1, pods("agent").size()); // one node

        update("agent", server("agent", "DaemonSet", null, "v2", ""));
        waitForAssert(
                () -> {
                    List<Pod> now = pods("agent");
                    assertEquals(1, now.size());
                    assertEquals("v2", commandVersion(now.get(0)));
                    assertEquals("RUNNING", status("agent").path("state").asText());
                },
                ROLLOUT);

        action("agent", "stop");
        waitForAssert(() -> assertNull(live("apps/v1", "DaemonSet", "agent")), ROLLOUT);
        waitForState("agent", "STOPPED");
        assertTrue("the definition stays", get(servers + "/agent").statusCode() == 200);
        action("agent", "start");
        waitForState("agent", "RUNNING");

        Set<String> before = podUids("agent");
        action("agent", "restart");
        waitForAssert(
                () -> {
                    Set<String> now = podUids("agent");
                    assertEquals(1, now.size());
                    assertFalse(before.containsAll(now));
                },
                ROLLOUT);
        assertProblem(post(servers + "/agent/scale", "{\"replicas\": 2}"), 422);

        assertEquals(200, post(servers + "/agent/rollback", "{\"revision\": 1}").statusCode());
        waitForAssert(
                () -> {
                    List<Pod> now = pods("agent");
                    assertEquals(1, now.size());
                    assertEquals("v1", commandVersion(now.get(0)));
                },
                ROLLOUT);

        assertEquals(204, delete(servers + "/agent?stop=true").statusCode());
        waitForAssert(() -> assertEquals(List.of(), everythingOf("agent")), ROLLOUT);
    }

    @Test
    public void aJobCompletesRunsAgainAndIsReplacedByAnUpdate() throws Exception {
        create(server("once", "Job", null, "v1", ""));
        waitForState("once", "COMPLETED");
        String firstRun =
                labelled("batch/v1", "Job", "once").get(0).getMetadata().getUid();

        action("once", "restart");
        waitForState("once", "COMPLETED");
        String secondRun = live("batch/v1", "Job", "once").getMetadata().getUid();
        assertNotEquals("restart runs the job again", firstRun, secondRun);

        update("once", server("once", "Job", null, "v2", ""));
        waitForAssert(
                () -> {
                    GenericKubernetesResource job = live("batch/v1", "Job", "once");
                    assertTrue(job != null && !job.getMetadata().getUid().equals(secondRun));
                    assertEquals("2", job.getMetadata().getAnnotations().get("cengjiyun.io/revision"));
                    assertEquals("COMPLETED", status("once").path("state").asText());
                },
                ROLLOUT);
        assertTrue(pods("once").stream().allMatch(p -> commandVersion(p).equals("v2")));

        action("once", "stop");
        waitForAssert(() -> assertNull(live("batch/v1", "Job", "once")), ROLLOUT);
        waitForState("once", "STOPPED");
        action("once", "start");
        waitForState("once", "COMPLETED");

        assertEquals(200, post(servers + "/once/rollback", "{\"revision\": 1}").statusCode());
        waitForAssert(
                () -> {
                    GenericKubernetesResource job = live("batch/v1", "Job", "once");
                    assertTrue(job != null
                            && "3".equals(job.getMetadata().getAnnotations().get("cengjiyun.io/revision")));
                    assertEquals("COMPLETED", status("once").path("state").asText());
                    List<Pod> now = pods("once");
                    assertFalse(now.isEmpty());
                    assertTrue(now.stream().allMatch(p -> commandVersion(p).equals("v1")));
                },
                ROLLOUT);

        assertEquals(
                "a completed job is deleted without stop",
                204,
                delete(servers + "/once").statusCode());
        waitForAssert(() -> assertEquals(List.of(), everythingOf("once")), ROLLOUT);
    }

    @Test
    public void aCronJobOnKubernetes120IsSuspendedByStopAndRunsOnceOnRestart() throws Exception {
        create(server("nightly", "CronJob", null, "v1", ", \"schedule\": \"0 3 * * *\""));
        GenericKubernetesResource applied = live("batch/v1beta1", "CronJob", "nightly");
        assertEquals("batch/v1beta1", applied.getApiVersion());
        assertNotEquals(Boolean.TRUE, field(applied, "spec", "suspend"));
        waitForState("nightly", "RUNNING");

        action("nightly", "stop");
        assertEquals(Boolean.TRUE, field(live("batch/v1beta1", "CronJob", "nightly"), "spec", "suspend"));
        waitForState("nightly", "STOPPED");
        action("nightly", "start");
        assertNotEquals(Boolean.TRUE, field(live("batch/v1beta1", "CronJob", "nightly"), "spec", "suspend"));
        waitForState("nightly", "RUNNING");

        action("nightly", "restart"); // a run now
        waitForAssert(
                () -> {
                    List<GenericKubernetesResource> runs = labelled("batch/v1", "Job", "nightly");
                    assertEquals(1, runs.size());
                    assertEquals(1, field(runs.get(0), "status", "succeeded"));
                },
                ROLLOUT);

        update("nightly", server("nightly", "CronJob", null, "v2", ", \"schedule\": \"30 4 * * *\""));
        waitForAssert(
                () -> assertEquals(
                        "30 4 * * *", field(live("batch/v1beta1", "CronJob", "nightly"), "spec", "schedule")),
                ROLLOUT);

        assertEquals(204, delete(servers + "/nightly?stop=true").statusCode());
        waitForAssert(() -> assertEquals(List.of(), everythingOf("nightly")), ROLLOUT);
    }

    // --- failures and drift

    @Test
    public void aBrokenImageAndAFailingProbeEndFailedNamingTheCause() throws Exception {
        String deadline = ", \"updateStrategy\": {\"progressDeadlineSeconds\": 15}";
        create(server("broken", "Deployment", 1, "v1", deadline)
                .replace("cengjiyun.test/busybox:1", "cengjiyun.test/no-such-image:1"));
        List<String> events = followRollout("broken");
        String last = events.get(events.size() - 1);
        assertTrue(events.toString(), last.startsWith("failed "));
        assertTrue(last, last.contains("ErrImageNeverPull"));

        create(server("unready", "StatefulSet", 1, "v1", deadline).replace("\"cat\", \"/tmp/version\"", "\"false\""));
        JsonNode failed = waitForState("unready", "FAILED");
        assertTrue(failed.toString(), failed.path("message").asText().contains("readiness probe"));
        assertTrue(failed.toString(), failed.path("message").asText().contains("15 seconds"));
    }

    @Test
    public void aControllerDeletedBehindThePlatformsBackIsDriftAndReconcileRestoresIt() throws Exception {
        create(server("web", "Deployment", 1, "v1", ""));
        waitForState("web", "RUNNING");
        assertTrue(status("web").path("drift").isMissingNode());

        kube.genericKubernetesResources("apps/v1", "Deployment")
                .inNamespace(namespace)
                .withName("web")
                .delete();
        JsonNode drifted = waitForStatus("web", s -> s.hasNonNull("drift"));
        assertTrue(drifted.toString(), drifted.path("drift").asText().contains("Deployment is not on the cluster"));

        JsonNode reconciled = action("web", "reconcile");
        assertTrue(reconciled.toString(), reconciled.path("drift").isMissingNode());
        assertTrue(live("apps/v1", "Deployment", "web") != null);
        waitForState("web", "RUNNING");

        // the whole appmap at once, as the console's "reconcile" does
        kube.genericKubernetesResources("apps/v1", "Deployment")
                .inNamespace(namespace)
                .withName("web")
                .delete();
        waitForStatus("web", s -> s.hasNonNull("drift"));
        HttpResponse<String> all = post("/services/" + service + "/appmaps/dev/reconcile", "");
        assertEquals(all.body(), 200, all.statusCode());
        assertEquals("web", body(all).get(0).path("server").asText());
        assertTrue(live("apps/v1", "Deployment", "web") != null);
        JsonNode appMapStatus = body(get("/services/" + service + "/appmaps/dev/status"));
        assertEquals(1, appMapStatus.size());
        assertEquals("Deployment", appMapStatus.get(0).path("kind").asText());
    }

    private JsonNode waitForStatus(String name, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        waitForAssert(
                () -> {
                    last[0] = status(name);
                    assertTrue(String.valueOf(last[0]), condition.test(last[0]));
                },
                ROLLOUT);
        return last[0];
    }

    @Test
    public void badActionsAreRefusedNamingTheField() throws Exception {
        create(server("web", "Deployment", 0, "v1", ""));
        assertProblem(post(servers + "/web/scale", "{}"), 422);
        assertProblem(post(servers + "/web/scale", "{\"replicas\": \"three\"}"), 400);
        assertProblem(post(servers + "/web/rollback", "{\"revision\": 0}"), 422);
        assertProblem(
                send(request(servers + "/web/rollout?timeout=0")
                        .header("Accept", "text/event-stream")
                        .GET()),
                422);
        assertProblem(post(servers + "/nope/stop", ""), 404);
        assertProblem(delete(servers + "/web?stop=maybe"), 422);
        HttpResponse<String> wrongKind = post(servers, server("tick", "CronJob", null, "v1", ""));
        assertProblem(wrongKind, 422); // a CronJob needs a schedule
    }
}
