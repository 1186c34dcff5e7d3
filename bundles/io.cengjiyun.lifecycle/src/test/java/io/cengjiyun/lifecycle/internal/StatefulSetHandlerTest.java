/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.Server;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle of a StatefulSet server, on the mock API server of a Kubernetes 1.20 cluster (autoscaling/v2beta2,
 * the oldest the platform supports): what a user would see on the cluster's objects.
 */
@EnableKubernetesMockClient(crud = true)
class StatefulSetHandlerTest {
    private static final Server DB = MockLifecycle.server(
            1,
            "{'name': 'db', 'kind': 'StatefulSet', 'replicas': 3,"
                    + " 'containers': [{'name': 'db', 'image': 'busybox:1'}]}");
    private static final Server AUTOSCALED = MockLifecycle.server(
            1,
            "{'name': 'db', 'kind': 'StatefulSet', 'replicas': 2,"
                    + " 'containers': [{'name': 'db', 'image': 'busybox:1'}],"
                    + " 'autoscaling': {'minReplicas': 2, 'maxReplicas': 4, 'cpuUtilization': 70}}");

    static KubernetesClient client;
    private MockLifecycle cluster;

    @BeforeEach
    void mockCluster() {
        cluster = new MockLifecycle(client, Definitions.KUBERNETES_1_20).cleared();
    }

    private StatefulSet live() {
        return client.apps()
                .statefulSets()
                .inNamespace(MockLifecycle.NS)
                .withName("db")
                .get();
    }

    private HorizontalPodAutoscaler autoscaler() {
        return client.autoscaling()
                .v2beta2()
                .horizontalPodAutoscalers()
                .inNamespace(MockLifecycle.NS)
                .withName("db")
                .get();
    }

    @Test
    void stopScalesToZeroRemovesTheAutoscalerAndRemembersTheReplicas() {
        cluster.runtimes.apply(cluster.appMap, AUTOSCALED);
        assertNotNull(autoscaler());

        ServerStatus stopped = cluster.runtimes.stop(cluster.appMap, AUTOSCALED);

        assertEquals(0, live().getSpec().getReplicas());
        assertNull(autoscaler());
        assertEquals(
                new StopMemory.Stopped(2, true), cluster.remembered(AUTOSCALED).orElseThrow());
        assertEquals(ServerState.STOPPED, stopped.state());
    }

    @Test
    void startRestoresTheRememberedReplicasAndTheAutoscaler() {
        cluster.runtimes.apply(cluster.appMap, AUTOSCALED);
        client.apps()
                .statefulSets()
                .inNamespace(MockLifecycle.NS)
                .withName("db")
                .scale(3); // as the autoscaler would
        cluster.runtimes.stop(cluster.appMap, AUTOSCALED);

        cluster.runtimes.start(cluster.appMap, AUTOSCALED);

        assertEquals(3, live().getSpec().getReplicas());
        assertEquals(4, autoscaler().getSpec().getMaxReplicas());
    }

    @Test
    void restartSetsRestartedAtOnThePodTemplate() {
        cluster.runtimes.apply(cluster.appMap, DB);
        Instant before = Instant.now().minusSeconds(1);

        cluster.runtimes.restart(cluster.appMap, DB);

        String restartedAt =
                live().getSpec().getTemplate().getMetadata().getAnnotations().get(KindHandler.RESTARTED_AT);
        assertTrue(Instant.parse(restartedAt).isAfter(before), restartedAt);
    }

    @Test
    void scaleSetsTheReplicas() {
        cluster.runtimes.apply(cluster.appMap, DB);

        cluster.runtimes.scale(cluster.appMap, DB, 1);

        assertEquals(1, live().getSpec().getReplicas());
    }

    @Test
    void deleteRemovesTheStatefulSetAndKeepsItsClaims() {
        cluster.runtimes.apply(cluster.appMap, DB);
        cluster.runtimes.stop(cluster.appMap, DB);
        cluster.claim("db", "data-db-0");

        cluster.runtimes.delete(cluster.appMap, DB, false, false);

        assertNull(live());
        assertEquals(
                List.of("data-db-0"),
                cluster.claims().stream().map(c -> c.getMetadata().getName()).toList());
    }

    @Test
    void deleteWithVolumesRemovesItsClaims() {
        cluster.runtimes.apply(cluster.appMap, DB);
        cluster.claim("db", "data-db-0");

        cluster.runtimes.delete(cluster.appMap, DB, true, true);

        assertNull(live());
        assertEquals(List.of(), cluster.claims());
    }

    @Test
    void stateCountsTheReadyReplicas() {
        cluster.runtimes.apply(cluster.appMap, DB);
        StatefulSet partly = new StatefulSetBuilder(live())
                .withNewStatus()
                .withReplicas(3)
                .withUpdatedReplicas(3)
                .withReadyReplicas(1)
                .withAvailableReplicas(1)
                .endStatus()
                .build();

        ServerStatus status = new StatefulSetHandler().state(partly, false, List.of());

        assertEquals(ServerState.DEPLOYING, status.state());
        assertEquals(1, status.ready());
        assertEquals(3, status.desired());
    }
}
