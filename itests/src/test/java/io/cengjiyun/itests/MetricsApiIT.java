/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The resource metrics API the platform serves to the local cluster, which has no metrics-server: kubectl top answers
 * for an appmap's pods and for the nodes, stops cleanly when the monitoring bundle stops, and a HorizontalPodAutoscaler
 * scales a server up under load and down again. Every other test class's runtime has {@code metricsApi=false}
 * (RuntimeOptions); this one switches it on for each test and off after it, checking the APIService is gone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsApiIT extends ServerTestSupport {
    @Override
    protected String monitoringConfig() {
        return RuntimeOptions.MONITORING_CONFIG;
    }

    private static final String PID = "io.cengjiyun.monitoring";
    private static final String API_SERVICE = "v1beta1.metrics.k8s.io";
    private static final Duration REGISTERED = Duration.ofSeconds(90);
    /** The first figures of new pods: the kubelet's CPU needs two of its own samples, then one sampling round. */
    private static final Duration MEASURED = Duration.ofSeconds(120);
    /** The autoscaler: its sync every 15 s, the metrics' lag, the new pods' start. */
    private static final Duration SCALED = Duration.ofSeconds(240);
    /** The longest a kubectl run may take: a hang fails the test. */
    private static final Duration KUBECTL = Duration.ofSeconds(30);

    private final Kubectl kubectl = new Kubectl(LOCAL_KUBECONFIG);

    @Override
    protected String servicePrefix() {
        return "mapi";
    }

    /** Runs after the service, appmap and local cluster are there (the superclass's @Before). */
    @Before
    public void serveTheMetricsApi() throws Exception {
        configure(true);
        waitForAssert(
                () -> {
                    String status = gogoQuietly("cj:metricsapi");
                    assertTrue(status, row(status, LOCAL_CLUSTER).contains("served by us"));
                    GenericKubernetesResource api = apiService();
                    assertNotNull("no APIService yet; cj:metricsapi says: " + status, api);
                    assertTrue("the API server finds the platform's metrics API available: " + api, available(api));
                },
                REGISTERED);
    }

    @After
    public void stopServingIt() throws Exception {
        configure(false);
        waitForAssert(
                () -> {
                    assertNull("the APIService goes when metricsApi is switched off", apiService());
                    assertNull(kube.services()
                            .inNamespace("kube-system")
                            .withName("cengjiyun-metrics-api")
                            .get());
                    assertNull(kube.endpoints()
                            .inNamespace("kube-system")
                            .withName("cengjiyun-metrics-api")
                            .get());
                },
                REGISTERED);
    }

    @Test
    public void kubectlTopAnswersForAnAppmapsPodsAndForTheNodes() throws Exception {
        create(idle("web", 2));
        waitForState("web", "RUNNING");
        List<String> names =
                pods("web").stream().map(p -> p.getMetadata().getName()).toList();
        assertEquals(2, names.size());
        waitForAssert(
                () -> {
                    Kubectl.Run top = kubectl("top", "pods", "-n", namespace);
                    assertEquals(top.toString(), 0, top.exitCode());
                    for (String pod : names) {
                        assertTrue(
                                "each pod with its CPU and memory: " + top,
                                top.output().lines().anyMatch(l -> l.matches(pod + "\\s+[0-9]+m\\s+[0-9]+Mi\\s*")));
                    }
                },
                MEASURED);

        Kubectl.Run nodes = kubectl("top", "nodes");
        assertEquals(nodes.toString(), 0, nodes.exitCode());
        String node = kube.nodes().list().getItems().get(0).getMetadata().getName();
        assertTrue(
                nodes.toString(),
                nodes.output()
                        .lines()
                        .anyMatch(l -> l.matches(node + "\\s+[0-9]+m\\s+[0-9]+%\\s+[0-9]+Mi\\s+[0-9]+%\\s*")));

        // A selector, as the autoscaler sends one; a pod by name.
        Kubectl.Run selected = kubectl("top", "pods", "-n", namespace, "-l", "cengjiyun.io/server=web");
        assertEquals(selected.toString(), 0, selected.exitCode());
        assertEquals(selected.toString(), 3, selected.output().strip().lines().count());
        Kubectl.Run one = kubectl("top", "pod", names.get(0), "-n", namespace);
        assertEquals(one.toString(), 0, one.exitCode());
        assertEquals(one.toString(), 2, one.output().strip().lines().count());

        String status = gogo("cj:metricsapi");
        String local = row(status, LOCAL_CLUSTER);
        assertTrue(status, local.contains("served by us"));
        long served = Long.parseLong(local.split("\\s{2,}")[3].strip());
        assertTrue("the requests served are counted: " + status, served >= 4);
    }

    @Test
    public void whenTheBundleStopsTheApiServiceGoesAndKubectlTopFailsAtOnce() throws Exception {
        Bundle monitoring = Arrays.stream(bundleContext.getBundles())
                .filter(b -> b.getSymbolicName().equals("io.cengjiyun.monitoring"))
                .findFirst()
                .orElseThrow();
        monitoring.stop();
        try {
            assertNull("the APIService is removed before the bundle has stopped", apiService());
            assertNull(kube.endpoints()
                    .inNamespace("kube-system")
                    .withName("cengjiyun-metrics-api")
                    .get());
            waitForAssert(
                    () -> {
                        Kubectl.Run top = kubectl("top", "pods", "-n", namespace);
                        assertNotEquals(top.toString(), 0, top.exitCode());
                        assertTrue(top.toString(), top.output().contains("Metrics API not available"));
                        assertTrue(
                                "fails at once, no wait on a dead endpoint: " + top,
                                top.took().toSeconds() < 10);
                    },
                    Duration.ofSeconds(30));
        } finally {
            monitoring.start();
        }
        long started = System.nanoTime();
        serveTheMetricsApi();
        long available = System.nanoTime();
        waitForAssert(
                () -> {
                    Kubectl.Run nodes = kubectl("top", "nodes");
                    assertEquals("served again after the bundle started: " + nodes, 0, nodes.exitCode());
                },
                MEASURED);
        System.out.printf(
                "MetricsApiIT: after the start, the APIService available in %d s, kubectl top nodes answering %d s"
                        + " later%n",
                Duration.ofNanos(available - started).toSeconds(),
                Duration.ofNanos(System.nanoTime() - available).toSeconds());
    }

    @Test
    public void anAutoscaledServerScalesUpUnderLoadAndBackDownWhenItStops() throws Exception {
        // CPU is burnt only while /tmp/burn exists: one pod at its 200m limit is 400 % of its 50m request.
        create("{\"name\": \"hot\", \"kind\": \"Deployment\", \"replicas\": 1, \"terminationGracePeriodSeconds\": 1,"
                + " \"containers\": [{\"name\": \"app\", \"image\": \"cengjiyun.test/busybox:1\", \"imagePullPolicy\":"
                + " \"Never\", \"command\": [\"sh\", \"-c\", \"while :; do if [ -e /tmp/burn ]; then :; else sleep 1;"
                + " fi; done\"], \"resources\": {\"requests\": {\"cpu\": \"50m\", \"memory\": \"16Mi\"}, \"limits\":"
                + " {\"cpu\": \"200m\", \"memory\": \"64Mi\"}}}],"
                + " \"autoscaling\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"cpuUtilization\": 50,"
                + " \"behavior\": {\"scaleDown\": {\"stabilizationWindowSeconds\": 15}}}}");
        waitForState("hot", "RUNNING");
        String burning = pods("hot").get(0).getMetadata().getName();
        // The autoscaler reads the idle pod first: it stays at one replica.
        waitForAssert(
                () -> assertTrue(
                        "the autoscaler reads the pod's CPU: " + hpa(),
                        String.valueOf(field(hpa(), "status", "currentMetrics")).contains("averageUtilization")),
                MEASURED);
        assertEquals(1, replicas("replicas"));

        String exec = gogo("cj:exec -p " + burning + " " + service + " dev hot -- touch /tmp/burn");
        assertTrue(exec, exec.contains("exit code 0"));
        long loaded = System.nanoTime();
        waitForAssert(
                () -> {
                    assertEquals("the Deployment scaled to 3: " + hpa(), 3, replicas("replicas"));
                    assertEquals(3, replicas("readyReplicas"));
                    JsonNode state = status("hot");
                    assertEquals(state.toString(), 3, state.path("desired").asInt());
                    assertEquals(state.toString(), 3, state.path("ready").asInt());
                },
                SCALED);

        long up = System.nanoTime();
        exec = gogo("cj:exec -p " + burning + " " + service + " dev hot -- rm /tmp/burn");
        assertTrue(exec, exec.contains("exit code 0"));
        waitForAssert(
                () -> {
                    assertEquals("the Deployment is back to 1: " + hpa(), 1, replicas("replicas"));
                    JsonNode state = status("hot");
                    assertEquals(state.toString(), 1, state.path("desired").asInt());
                    assertEquals(
                            state.toString(), "RUNNING", state.path("state").asText());
                },
                SCALED);
        System.out.printf(
                "MetricsApiIT: 1 -> 3 replicas (ready) %d s after the load began, 3 -> 1 %d s after it stopped%n",
                Duration.ofNanos(up - loaded).toSeconds(),
                Duration.ofNanos(System.nanoTime() - up).toSeconds());
    }

    // --- helpers

    /** A Deployment whose containers only sleep, with the requests top and the autoscaler measure against. */
    private static String idle(String name, int replicas) {
        return "{\"name\": \"" + name + "\", \"kind\": \"Deployment\", \"replicas\": " + replicas
                + ", \"terminationGracePeriodSeconds\": 1, \"containers\": [{\"name\": \"app\","
                + " \"image\": \"cengjiyun.test/busybox:1\", \"imagePullPolicy\": \"Never\","
                + " \"command\": [\"sh\", \"-c\", \"sleep 3600\"], \"resources\": {\"requests\": {\"cpu\": \"10m\","
                + " \"memory\": \"8Mi\"}, \"limits\": {\"cpu\": \"50m\", \"memory\": \"32Mi\"}}}]}";
    }

    /** Switches the metrics API of this runtime on or off, on any free port, keeping the rest of the configuration. */
    private void configure(boolean on) throws IOException {
        // the service object of a bundle's own reference (a tracker's would be given back, and Felix's then refuses)
        var ref = bundleContext.getServiceReference(ConfigurationAdmin.class);
        Configuration config = bundleContext.getService(ref).getConfiguration(PID, "?");
        Dictionary<String, Object> properties = config.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put("metricsApi", on);
        properties.put("metricsApiPort", 0);
        config.update(properties);
    }

    private GenericKubernetesResource apiService() {
        return kube.genericKubernetesResources("apiregistration.k8s.io/v1", "APIService")
                .withName(API_SERVICE)
                .get();
    }

    @SuppressWarnings("unchecked")
    private static boolean available(GenericKubernetesResource apiService) {
        Object conditions = field(apiService, "status", "conditions");
        return conditions instanceof List<?> list
                && list.stream()
                        .anyMatch(c -> c instanceof Map<?, ?> m
                                && "Available".equals(m.get("type"))
                                && "True".equals(m.get("status")));
    }

    private GenericKubernetesResource hpa() {
        return live("autoscaling/v2beta2", "HorizontalPodAutoscaler", "hot");
    }

    private int replicas(String which) {
        Object n = field(live("apps/v1", "Deployment", "hot"), "status", which);
        return n == null ? 0 : ((Number) n).intValue();
    }

    private Kubectl.Run kubectl(String... args) {
        try {
            return kubectl.run(KUBECTL, args);
        } catch (IOException e) {
            throw new AssertionError("kubectl " + String.join(" ", args) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String gogoQuietly(String command) {
        try {
            return gogo(command);
        } catch (Exception e) {
            throw new AssertionError(command + ": " + e, e);
        }
    }

    /** The line of a table that starts with the name, or "" if none does. */
    private static String row(String table, String first) {
        return table.lines().filter(l -> l.startsWith(first + " ")).findFirst().orElse("");
    }
}
