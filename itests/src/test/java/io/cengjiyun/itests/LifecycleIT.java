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

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The server runtime against the real Kubernetes 1.20 of tools/kube-local, through its OSGi service (the REST
 * actions come next): real pods, checked with the fabric8 client. Each test works in a namespace of its own.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LifecycleIT extends CengjiyunTestSupport {
    private static final Duration ROLLOUT = Duration.ofSeconds(120);
    private final ObjectMapper mapper = new ObjectMapper();
    private ServerRuntime runtime;
    private KubernetesClient kube;
    private AppMap appMap;
    private ClassLoader testLoader;

    @Before
    public void cluster() throws Exception {
        waitForRest();
        ClusterRegistry clusters = service(ClusterRegistry.class);
        // fabric8 finds its models with ServiceLoader on the context loader: the test's class path holds a second
        // copy of them, so the test's own calls to the client run with the cluster bundle's loader.
        testLoader = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(clusters.getClass().getClassLoader());
        if (clusters.clusters().stream().noneMatch(c -> c.name().equals("local"))) {
            clusters.register("local", Files.readString(ClusterIT.KUBECONFIG));
        }
        kube = clusters.connection("local").client();
        runtime = service(ServerRuntime.class);
        removeLeftovers("cj-lifecycle-", null);
        String ns = "cj-lifecycle-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        kube.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .addToLabels("app.kubernetes.io/managed-by", "cengjiyun")
                        .endMetadata()
                        .build())
                .create();
        appMap = AppMap.of("lc", "dev", "local", ns, null, null);
    }

    @After
    public void removeNamespace() {
        if (kube != null && appMap != null) {
            kube.namespaces().withName(appMap.effectiveNamespace()).delete();
        }
        Thread.currentThread().setContextClassLoader(testLoader);
    }

    private Server server(String json) throws Exception {
        ServerDefinition def = mapper.readValue(json, ServerDefinition.class);
        return new Server("lc", "dev", def.name(), 1, def, Instant.now(), Instant.now(), "test");
    }

    private ServerStatus waitFor(Server server, ServerState state) {
        ServerStatus[] last = new ServerStatus[1];
        waitForAssert(
                () -> {
                    last[0] = runtime.status(appMap, server);
                    assertEquals(String.valueOf(last[0]), state, last[0].state());
                },
                ROLLOUT);
        return last[0];
    }

    /** An object of a kind this test's class path has no model class for (apps, batch, autoscaling): read generically. */
    private io.fabric8.kubernetes.api.model.GenericKubernetesResource live(
            String apiVersion, String kind, String name) {
        return kube.genericKubernetesResources(apiVersion, kind)
                .inNamespace(appMap.effectiveNamespace())
                .withName(name)
                .get();
    }

    @SuppressWarnings("unchecked")
    private static Object field(io.fabric8.kubernetes.api.model.GenericKubernetesResource r, String... path) {
        Object value = r.getAdditionalProperties();
        for (String p : path) {
            value = value == null ? null : ((java.util.Map<String, Object>) value).get(p);
        }
        return value;
    }

    private List<Pod> pods(String server) {
        return kube
                .pods()
                .inNamespace(appMap.effectiveNamespace())
                .withLabel("cengjiyun.io/server", server)
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    private Set<String> podNames(String server) {
        return pods(server).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
    }

    static String web(String name, int replicas, String extra) {
        return "{\"name\": \"" + name + "\", \"kind\": \"Deployment\", \"replicas\": " + replicas + ","
                + " \"containers\": [{\"name\": \"web\", \"image\": \"cengjiyun.test/busybox:1\", \"imagePullPolicy\": \"Never\","
                + " \"command\": [\"httpd\", \"-f\", \"-p\", \"8080\"], \"ports\": [{\"containerPort\": 8080}],"
                + " \"readinessProbe\": {\"tcpSocket\": {\"port\": 8080}, \"periodSeconds\": 1}}]" + extra + "}";
    }

    @Test
    public void aDeploymentRunsStopsStartsAsItWasRestartsAndScales() throws Exception {
        Server web = server(
                web("web", 2, ", \"autoscaling\": {\"minReplicas\": 2, \"maxReplicas\": 4, \"cpuUtilization\": 80}"));
        runtime.apply(appMap, web);
        ServerStatus running = waitFor(web, ServerState.RUNNING);
        assertEquals(Integer.valueOf(2), running.ready());
        assertEquals(2, pods("web").size());
        var deployment = live("apps/v1", "Deployment", "web");
        assertEquals("cengjiyun", deployment.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertTrue(
                "applied by the platform's field manager",
                deployment.getMetadata().getManagedFields().stream()
                        .anyMatch(f -> "cengjiyun".equals(f.getManager()) && "Apply".equals(f.getOperation())));
        assertTrue(live("autoscaling/v2beta2", "HorizontalPodAutoscaler", "web") != null);

        runtime.stop(appMap, web);
        waitFor(web, ServerState.STOPPED);
        waitForAssert(() -> assertEquals(0, pods("web").size()), ROLLOUT);
        assertNull("stop removes the autoscaler", live("autoscaling/v2beta2", "HorizontalPodAutoscaler", "web"));
        runtime.apply(appMap, web);
        assertEquals(
                "applying a stopped server keeps it stopped",
                0,
                ((Number) field(live("apps/v1", "Deployment", "web"), "spec", "replicas")).intValue());

        runtime.start(appMap, web);
        waitFor(web, ServerState.RUNNING);
        assertEquals(2, pods("web").size());
        assertTrue(
                "start brings the autoscaler back",
                live("autoscaling/v2beta2", "HorizontalPodAutoscaler", "web") != null);

        Set<String> before = podNames("web");
        runtime.restart(appMap, web);
        waitForAssert(
                () -> {
                    Set<String> now = podNames("web");
                    assertEquals(2, now.size());
                    assertTrue(
                            "restart replaces every pod: " + before + " -> " + now,
                            now.stream().noneMatch(before::contains));
                    assertEquals(
                            ServerState.RUNNING, runtime.status(appMap, web).state());
                },
                ROLLOUT);

        Server plain = server(web("plain", 1, ""));
        runtime.apply(appMap, plain);
        waitFor(plain, ServerState.RUNNING);
        runtime.scale(appMap, plain, 3);
        waitForAssert(
                () -> assertEquals(
                        Integer.valueOf(3), runtime.status(appMap, plain).ready()),
                ROLLOUT);

        runtime.delete(appMap, plain, true, false);
        waitForAssert(() -> assertNull(live("apps/v1", "Deployment", "plain")), ROLLOUT);
    }

    @Test
    public void aBrokenImageIsNamedInTheState() throws Exception {
        Server broken =
                server("{\"name\": \"broken\", \"kind\": \"Deployment\", \"replicas\": 1, \"containers\": [{\"name\":"
                        + " \"app\", \"image\": \"cengjiyun.test/no-such-image:1\", \"imagePullPolicy\": \"Never\"}]}");
        runtime.apply(appMap, broken);
        waitForAssert(
                () -> {
                    ServerStatus status = runtime.status(appMap, broken);
                    assertEquals(String.valueOf(status), ServerState.DEPLOYING, status.state());
                    assertTrue(
                            status.message(),
                            status.message().contains("container app: ErrImageNeverPull")
                                    || status.message().contains("ImagePull"));
                },
                ROLLOUT);
    }

    @Test
    public void aJobCompletesAndACronJobOnKubernetes120IsSuspendedByStop() throws Exception {
        Server job = server("{\"name\": \"once\", \"kind\": \"Job\", \"containers\": [{\"name\": \"once\", \"image\":"
                + " \"cengjiyun.test/busybox:1\", \"imagePullPolicy\": \"Never\", \"command\": [\"true\"]}]}");
        runtime.apply(appMap, job);
        waitFor(job, ServerState.COMPLETED);

        Server cron =
                server("{\"name\": \"nightly\", \"kind\": \"CronJob\", \"schedule\": \"0 3 * * *\", \"containers\":"
                        + " [{\"name\": \"nightly\", \"image\": \"cengjiyun.test/busybox:1\", \"imagePullPolicy\": \"Never\","
                        + " \"command\": [\"true\"]}]}");
        runtime.apply(appMap, cron);
        var applied = live("batch/v1beta1", "CronJob", "nightly");
        assertEquals("batch/v1beta1", applied.getApiVersion());
        assertFalse(Boolean.TRUE.equals(field(applied, "spec", "suspend")));
        waitFor(cron, ServerState.RUNNING);
        runtime.stop(appMap, cron);
        assertEquals(Boolean.TRUE, field(live("batch/v1beta1", "CronJob", "nightly"), "spec", "suspend"));
        waitFor(cron, ServerState.STOPPED);
        runtime.start(appMap, cron);
        assertNotEquals(Boolean.TRUE, field(live("batch/v1beta1", "CronJob", "nightly"), "spec", "suspend"));
    }
}
