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

import io.cengjiyun.api.Server;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lifecycle of a DaemonSet server, on the mock API server: what a user would see on the cluster's objects. */
@EnableKubernetesMockClient(crud = true)
class DaemonSetHandlerTest {
    private static final Server AGENT = MockLifecycle.server(
            1, "{'name': 'agent', 'kind': 'DaemonSet'," + " 'containers': [{'name': 'agent', 'image': 'busybox:1'}]}");

    static KubernetesClient client;
    private MockLifecycle cluster;

    @BeforeEach
    void mockCluster() {
        cluster = new MockLifecycle(client).cleared();
    }

    private DaemonSet live() {
        return client.apps()
                .daemonSets()
                .inNamespace(MockLifecycle.NS)
                .withName("agent")
                .get();
    }

    @Test
    void stopDeletesTheDaemonSetAndKeepsItStopped() {
        cluster.runtimes.apply(cluster.appMap, AGENT);

        ServerStatus stopped = cluster.runtimes.stop(cluster.appMap, AGENT);

        assertNull(live());
        assertTrue(cluster.runtimes.stopped(cluster.appMap, AGENT));
        assertEquals(ServerState.STOPPED, stopped.state());
        assertNull(stopped.drift(), "a stopped DaemonSet is missing on purpose");
    }

    @Test
    void startCreatesItAgain() {
        cluster.runtimes.apply(cluster.appMap, AGENT);
        cluster.runtimes.stop(cluster.appMap, AGENT);

        cluster.runtimes.start(cluster.appMap, AGENT);

        assertNotNull(live());
        assertFalse(cluster.runtimes.stopped(cluster.appMap, AGENT));
    }

    @Test
    void anUpdateWhileStoppedLeavesItDeleted() {
        cluster.runtimes.apply(cluster.appMap, AGENT);
        cluster.runtimes.stop(cluster.appMap, AGENT);

        cluster.runtimes.apply(
                cluster.appMap,
                MockLifecycle.server(
                        2,
                        "{'name': 'agent', 'kind': 'DaemonSet',"
                                + " 'containers': [{'name': 'agent', 'image': 'busybox:2'}]}"));

        assertNull(live());
    }

    @Test
    void startAfterAnUpdateWhileStoppedRunsTheNewRevision() {
        cluster.runtimes.apply(cluster.appMap, AGENT);
        cluster.runtimes.stop(cluster.appMap, AGENT);
        Server revision2 = MockLifecycle.server(
                2,
                "{'name': 'agent', 'kind': 'DaemonSet'," + " 'containers': [{'name': 'agent', 'image': 'busybox:2'}]}");
        cluster.runtimes.apply(cluster.appMap, revision2);

        cluster.runtimes.start(cluster.appMap, revision2);

        assertEquals("2", live().getMetadata().getAnnotations().get(ServerRuntime.REVISION_ANNOTATION));
        assertEquals(
                "busybox:2",
                live().getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    }

    @Test
    void restartSetsRestartedAtOnThePodTemplate() {
        cluster.runtimes.apply(cluster.appMap, AGENT);
        Instant before = Instant.now().minusSeconds(1);

        cluster.runtimes.restart(cluster.appMap, AGENT);

        String restartedAt =
                live().getSpec().getTemplate().getMetadata().getAnnotations().get(KindHandler.RESTARTED_AT);
        assertTrue(Instant.parse(restartedAt).isAfter(before), restartedAt);
    }

    @Test
    void scaleIsRefusedBecauseADaemonSetHasNoReplicas() {
        cluster.runtimes.apply(cluster.appMap, AGENT);

        ValidationException e =
                assertThrows(ValidationException.class, () -> cluster.runtimes.scale(cluster.appMap, AGENT, 2));

        assertEquals("replicas", e.errors().get(0).field());
        assertTrue(
                e.getMessage().contains("a DaemonSet has no replicas to scale: only Deployment and StatefulSet do"),
                e.getMessage());
    }

    @Test
    void deleteOfAStoppedDaemonSetForgetsTheStop() {
        cluster.runtimes.apply(cluster.appMap, AGENT);
        cluster.runtimes.stop(cluster.appMap, AGENT);

        cluster.runtimes.delete(cluster.appMap, AGENT, false, false);

        assertNull(live());
        assertFalse(cluster.runtimes.stopped(cluster.appMap, AGENT));
    }
}
