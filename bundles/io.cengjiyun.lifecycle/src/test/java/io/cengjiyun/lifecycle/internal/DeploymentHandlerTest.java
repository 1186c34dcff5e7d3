/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.Server;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lifecycle of a Deployment server, on the mock API server: what a user would see on the cluster's objects. */
@EnableKubernetesMockClient(crud = true)
class DeploymentHandlerTest {
    private static final Server WEB = MockLifecycle.server(
            1,
            "{'name': 'web', 'kind': 'Deployment', 'replicas': 2,"
                    + " 'containers': [{'name': 'web', 'image': 'busybox:1'}]}");
    private static final Server AUTOSCALED = MockLifecycle.server(
            1,
            "{'name': 'web', 'kind': 'Deployment', 'replicas': 2,"
                    + " 'containers': [{'name': 'web', 'image': 'busybox:1'}],"
                    + " 'autoscaling': {'minReplicas': 2, 'maxReplicas': 5, 'cpuUtilization': 80}}");

    static KubernetesClient client;
    private MockLifecycle cluster;

    @BeforeEach
    void mockCluster() {
        cluster = new MockLifecycle(client).cleared();
    }

    private Deployment live() {
        return client.apps()
                .deployments()
                .inNamespace(MockLifecycle.NS)
                .withName("web")
                .get();
    }

    private HorizontalPodAutoscaler autoscaler() {
        return client.autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(MockLifecycle.NS)
                .withName("web")
                .get();
    }

    @Test
    void applyCreatesTheDeploymentWithItsReplicasAndRevision() {
        cluster.runtimes.apply(cluster.appMap, WEB);

        assertEquals(2, live().getSpec().getReplicas());
        assertEquals("1", live().getMetadata().getAnnotations().get(ServerRuntime.REVISION_ANNOTATION));
    }

    @Test
    void stopScalesToZeroRemovesTheAutoscalerAndRemembersTheReplicas() {
        cluster.runtimes.apply(cluster.appMap, AUTOSCALED);
        assertNotNull(autoscaler());
        client.apps()
                .deployments()
                .inNamespace(MockLifecycle.NS)
                .withName("web")
                .scale(4); // as the autoscaler would

        ServerStatus stopped = cluster.runtimes.stop(cluster.appMap, AUTOSCALED);

        assertEquals(0, live().getSpec().getReplicas());
        assertNull(autoscaler());
        assertEquals(
                new StopMemory.Stopped(4, true), cluster.remembered(AUTOSCALED).orElseThrow());
        assertEquals(ServerState.STOPPED, stopped.state());
    }

    @Test
    void aSecondStopKeepsWhatTheFirstRemembered() {
        cluster.runtimes.apply(cluster.appMap, WEB);
        cluster.runtimes.scale(cluster.appMap, WEB, 3);
        cluster.runtimes.stop(cluster.appMap, WEB);

        cluster.runtimes.stop(cluster.appMap, WEB);

        assertEquals(3, cluster.remembered(WEB).orElseThrow().replicas());
    }

    @Test
    void startRestoresTheRememberedReplicas() {
        cluster.runtimes.apply(cluster.appMap, WEB);
        cluster.runtimes.scale(cluster.appMap, WEB, 3);
        cluster.runtimes.stop(cluster.appMap, WEB);

        cluster.runtimes.start(cluster.appMap, WEB);

        assertEquals(3, live().getSpec().getReplicas());
        assertFalse(cluster.runtimes.stopped(cluster.appMap, WEB));
    }

    @Test
    void startBringsTheAutoscalerBackWithTheRememberedReplicas() {
        cluster.runtimes.apply(cluster.appMap, AUTOSCALED);
        client.apps()
                .deployments()
                .inNamespace(MockLifecycle.NS)
                .withName("web")
                .scale(4);
        cluster.runtimes.stop(cluster.appMap, AUTOSCALED);

        cluster.runtimes.start(cluster.appMap, AUTOSCALED);

        assertEquals(4, live().getSpec().getReplicas());
        assertEquals(5, autoscaler().getSpec().getMaxReplicas());
    }

    @Test
    void anUpdateWhileStoppedStaysAtZeroWithoutAutoscaler() {
        cluster.runtimes.apply(cluster.appMap, AUTOSCALED);
        cluster.runtimes.stop(cluster.appMap, AUTOSCALED);
        Server revision2 = MockLifecycle.server(
                2,
                "{'name': 'web', 'kind': 'Deployment', 'replicas': 2,"
                        + " 'containers': [{'name': 'web', 'image': 'busybox:2'}],"
                        + " 'autoscaling': {'minReplicas': 2, 'maxReplicas': 5, 'cpuUtilization': 80}}");

        cluster.runtimes.apply(cluster.appMap, revision2);

        assertEquals(0, live().getSpec().getReplicas());
        assertEquals(
                "busybox:2",
                live().getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertNull(autoscaler());
    }

    @Test
    void restartSetsRestartedAtOnThePodTemplate() {
        cluster.runtimes.apply(cluster.appMap, WEB);
        Instant before = Instant.now().minusSeconds(1);

        cluster.runtimes.restart(cluster.appMap, WEB);

        String restartedAt =
                live().getSpec().getTemplate().getMetadata().getAnnotations().get(KindHandler.RESTARTED_AT);
        assertTrue(Instant.parse(restartedAt).isAfter(before), restartedAt);
    }

    @Test
    void restartOfAStoppedServerIsRefusedAndSaysToStartIt() {
        cluster.runtimes.apply(cluster.appMap, WEB);
        cluster.runtimes.stop(cluster.appMap, WEB);

        ConflictException e =
                assertThrows(ConflictException.class, () -> cluster.runtimes.restart(cluster.appMap, WEB));

        assertEquals("server 'web' is stopped: start it (it starts with new pods)", e.getMessage());
    }

    @Test
    void scaleSetsTheReplicasWithoutANewRevision() {
        cluster.runtimes.apply(cluster.appMap, WEB);

        cluster.runtimes.scale(cluster.appMap, WEB, 5);

        assertEquals(5, live().getSpec().getReplicas());
        assertEquals("1", live().getMetadata().getAnnotations().get(ServerRuntime.REVISION_ANNOTATION));
    }

    @Test
    void scaleOfAnAutoscaledServerIsRefused() {
        cluster.runtimes.apply(cluster.appMap, AUTOSCALED);

        ConflictException e =
                assertThrows(ConflictException.class, () -> cluster.runtimes.scale(cluster.appMap, AUTOSCALED, 3));

        assertTrue(e.getMessage().contains("is autoscaled"), e.getMessage());
        assertEquals(2, live().getSpec().getReplicas());
    }

    @Test
    void deleteOfARunningServerIsRefusedAndDeletesNothing() {
        cluster.runtimes.apply(cluster.appMap, WEB);

        ConflictException e =
                assertThrows(ConflictException.class, () -> cluster.runtimes.delete(cluster.appMap, WEB, false, false));

        assertTrue(e.getMessage().contains("stop it first"), e.getMessage());
        assertNotNull(live());
    }

    @Test
    void deleteWithStopRemovesTheDeploymentAndAutoscalerAndKeepsClaims() {
        cluster.runtimes.apply(cluster.appMap, AUTOSCALED);
        cluster.claim("web", "data-web");

        cluster.runtimes.delete(cluster.appMap, AUTOSCALED, true, false);

        assertNull(live());
        assertNull(autoscaler());
        assertEquals(
                List.of("data-web"),
                cluster.claims().stream().map(c -> c.getMetadata().getName()).toList());
    }

    @Test
    void deleteWithVolumesRemovesTheServersClaims() {
        cluster.runtimes.apply(cluster.appMap, WEB);
        cluster.runtimes.stop(cluster.appMap, WEB);
        cluster.claim("web", "data-web");
        cluster.claim("other", "data-other");

        cluster.runtimes.delete(cluster.appMap, WEB, false, true);

        assertNull(live());
        assertEquals(
                List.of("data-other"),
                cluster.claims().stream().map(c -> c.getMetadata().getName()).toList());
        assertFalse(cluster.runtimes.stopped(cluster.appMap, WEB));
    }

    @Test
    void stateIsRunningWhenEveryReplicaIsUpdatedAndAvailable() {
        cluster.runtimes.apply(cluster.appMap, WEB);
        Deployment rolledOut = new DeploymentBuilder(live())
                .withNewStatus()
                .withObservedGeneration(1L)
                .withReplicas(2)
                .withUpdatedReplicas(2)
                .withReadyReplicas(2)
                .withAvailableReplicas(2)
                .endStatus()
                .build();

        ServerStatus status = new DeploymentHandler().state(rolledOut, false, List.of());

        assertEquals(ServerState.RUNNING, status.state());
        assertEquals("2 of 2 pods ready", status.message());
    }

    @Test
    void stateShowsDriftWhenTheDeploymentIsDeletedOutsideThePlatform() {
        cluster.runtimes.apply(cluster.appMap, WEB);
        client.apps()
                .deployments()
                .inNamespace(MockLifecycle.NS)
                .withName("web")
                .delete();

        ServerStatus status = cluster.runtimes.status(cluster.appMap, WEB);

        assertEquals(ServerState.PENDING, status.state());
        assertTrue(status.drift().startsWith("its Deployment is not on the cluster"), status.drift());
    }
}
