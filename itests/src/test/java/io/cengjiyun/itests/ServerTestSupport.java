/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.cluster.ClusterRegistry;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
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

/**
 * What the tests of servers on the real Kubernetes 1.20 of tools/kube-local share: each test has a service and an
 * appmap (a namespace) of its own, the REST calls, the rollout as Server-Sent Events, and the fabric8 client's view of
 * the server's objects and pods.
 */
abstract class ServerTestSupport extends CengjiyunTestSupport {
    protected static final Duration ROLLOUT = Duration.ofSeconds(150);
    /** Per class (prefix): the same names in every run, whichever JVM runs the class. */
    private static final Map<String, AtomicInteger> SERVICES = new java.util.concurrent.ConcurrentHashMap<>();

    protected KubernetesClient kube;
    protected ClassLoader testLoader;
    protected String service;
    protected String namespace;
    /** The paths of the test's appmap {@code dev} and of its servers. */
    protected String appmap;

    protected String servers;

    /** The start of the names of the test's services (and so of their namespaces), one per test class. */
    protected abstract String servicePrefix();

    /** The quota of the test's appmap {@code dev}. */
    protected String appMapQuota() {
        return "{\"cpu\": \"2\", \"memory\": \"2Gi\", \"pods\": 12, \"storage\": \"1Gi\"}";
    }

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
        service = servicePrefix() + "-"
                + SERVICES.computeIfAbsent(servicePrefix(), p -> new AtomicInteger())
                        .incrementAndGet();
        assertEquals(201, post("/services", "{\"name\": \"" + service + "\"}").statusCode());
        allotLocalCluster(service);
        HttpResponse<String> appMap = post(
                "/services/" + service + "/appmaps",
                "{\"name\": \"dev\", \"cluster\": \"" + LOCAL_CLUSTER + "\", \"quota\": " + appMapQuota() + "}");
        assertEquals(appMap.body(), 201, appMap.statusCode());
        namespace = service + "-dev";
        appmap = "/services/" + service + "/appmaps/dev";
        servers = appmap + "/servers";
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
    protected static String server(String name, String kind, Integer replicas, String version, String extra) {
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
    protected static String db(String version) {
        return server("db", "StatefulSet", 2, version, ", \"ports\": [{\"name\": \"pg\", \"port\": 5432}]")
                .replace("\"readinessProbe\"", "\"ports\": [{\"containerPort\": 5432}], \"readinessProbe\"");
    }

    protected static String commandVersion(Pod pod) {
        List<String> command = pod.getSpec().getContainers().get(0).getCommand();
        String script = command.get(command.size() - 1);
        return script.substring("echo ".length(), script.indexOf(' ', "echo ".length()));
    }

    // --- REST

    protected HttpResponse<String> create(String definition) throws Exception {
        HttpResponse<String> created = post(servers, definition);
        assertEquals(created.body(), 201, created.statusCode());
        return created;
    }

    protected HttpResponse<String> update(String name, String definition) throws Exception {
        HttpResponse<String> updated = put(servers + "/" + name, definition);
        assertEquals(updated.body(), 200, updated.statusCode());
        return updated;
    }

    protected JsonNode action(String name, String action) throws Exception {
        HttpResponse<String> r = post(servers + "/" + name + "/" + action, "");
        assertEquals(action + ": " + r.body(), 200, r.statusCode());
        return body(r);
    }

    protected JsonNode status(String name) {
        return getJson(servers + "/" + name + "/status");
    }

    protected JsonNode waitForState(String name, String state) {
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
    protected Duration lastRolloutSpread = Duration.ZERO;

    /** Follows the rollout as Server-Sent Events: the names of the events, with the data of the last one. */
    protected List<String> followRollout(String name) throws Exception {
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

    protected List<Pod> pods(String name) {
        return kube.pods().inNamespace(namespace).withLabel("cengjiyun.io/server", name).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    protected Set<String> podUids(String name) {
        return pods(name).stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Waits until the server has {@code count} pods (none terminating), every one ready and running {@code version}'s
     * command (see {@link #commandVersion}); with {@code running}, the server's state RUNNING as well.
     */
    protected void waitForPods(String name, int count, String version, boolean running) {
        waitForAssert(
                () -> {
                    List<Pod> now = pods(name);
                    assertEquals(count, now.size());
                    assertTrue(now.stream().allMatch(p -> commandVersion(p).equals(version) && ready(p)));
                    if (running) {
                        assertEquals("RUNNING", status(name).path("state").asText());
                    }
                },
                ROLLOUT);
    }

    /** Restarts the server and waits until it runs {@code count} pods, none of those it ran before, RUNNING. */
    protected void restartReplacesEveryPod(String name, int count) throws Exception {
        Set<String> before = podUids(name);
        action(name, "restart");
        waitForAssert(
                () -> {
                    Set<String> now = podUids(name);
                    assertEquals(count, now.size());
                    assertTrue(
                            "restart replaces every pod: " + before + " -> " + now,
                            now.stream().noneMatch(before::contains));
                    assertEquals("RUNNING", status(name).path("state").asText());
                },
                ROLLOUT);
    }

    protected static boolean ready(Pod p) {
        return p.getStatus() != null
                && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    protected GenericKubernetesResource live(String apiVersion, String kind, String name) {
        return kube.genericKubernetesResources(apiVersion, kind)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    protected List<GenericKubernetesResource> labelled(String apiVersion, String kind, String name) {
        return kube.genericKubernetesResources(apiVersion, kind)
                .inNamespace(namespace)
                .withLabel("cengjiyun.io/server", name)
                .list()
                .getItems();
    }

    @SuppressWarnings("unchecked")
    protected static Object field(GenericKubernetesResource r, String... path) {
        Object value = r == null ? null : r.getAdditionalProperties();
        for (String p : path) {
            value = value == null ? null : ((Map<String, Object>) value).get(p);
        }
        return value;
    }

    /** Every object with the server's labels, of the kinds a server has, but claims: what a delete must leave none of. */
    protected List<String> everythingOf(String name) {
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
    protected int fewestReadyDuring(String name, ThrowingRunnable during) throws Exception {
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

    protected JsonNode waitForStatus(String name, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        waitForAssert(
                () -> {
                    last[0] = status(name);
                    assertTrue(String.valueOf(last[0]), condition.test(last[0]));
                },
                ROLLOUT);
        return last[0];
    }
}
