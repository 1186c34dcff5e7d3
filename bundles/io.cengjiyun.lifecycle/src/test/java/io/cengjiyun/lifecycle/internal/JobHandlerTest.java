/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.Server;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lifecycle of a Job server, on the mock API server: what a user would see on the cluster's objects. */
@EnableKubernetesMockClient(crud = true)
class JobHandlerTest {
    private static final Server MIGRATE = MockLifecycle.server(
            1,
            "{'name': 'migrate', 'kind': 'Job',"
                    + " 'containers': [{'name': 'migrate', 'image': 'busybox:1', 'command': ['true']}]}");
    private static final Server MIGRATE_2 = MockLifecycle.server(
            2,
            "{'name': 'migrate', 'kind': 'Job',"
                    + " 'containers': [{'name': 'migrate', 'image': 'busybox:2', 'command': ['true']}]}");

    static KubernetesClient client;
    private MockLifecycle cluster;

    @BeforeEach
    void mockCluster() {
        cluster = new MockLifecycle(client).cleared();
    }

    private Job live() {
        return client.batch()
                .v1()
                .jobs()
                .inNamespace(MockLifecycle.NS)
                .withName("migrate")
                .get();
    }

    @Test
    void restartRunsTheJobAgainAsANewJob() {
        cluster.runtimes.apply(cluster.appMap, MIGRATE);
        String first = live().getMetadata().getUid();

        cluster.runtimes.restart(cluster.appMap, MIGRATE);

        assertNotEquals(first, live().getMetadata().getUid());
        assertEquals("1", live().getMetadata().getAnnotations().get(ServerRuntime.REVISION_ANNOTATION));
    }

    @Test
    void applyOfAnotherRevisionReplacesTheJob() {
        cluster.runtimes.apply(cluster.appMap, MIGRATE);
        String first = live().getMetadata().getUid();

        cluster.runtimes.apply(cluster.appMap, MIGRATE_2);

        assertNotEquals(first, live().getMetadata().getUid());
        assertEquals("2", live().getMetadata().getAnnotations().get(ServerRuntime.REVISION_ANNOTATION));
        assertEquals(
                "busybox:2",
                live().getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    }

    @Test
    void applyOfTheSameRevisionKeepsTheJob() {
        cluster.runtimes.apply(cluster.appMap, MIGRATE);
        String first = live().getMetadata().getUid();

        cluster.runtimes.apply(cluster.appMap, MIGRATE);

        assertEquals(first, live().getMetadata().getUid());
    }

    @Test
    void stopDeletesTheJob() {
        cluster.runtimes.apply(cluster.appMap, MIGRATE);

        ServerStatus stopped = cluster.runtimes.stop(cluster.appMap, MIGRATE);

        assertNull(live());
        assertEquals(ServerState.STOPPED, stopped.state());
    }

    @Test
    void startCreatesItAgain() {
        cluster.runtimes.apply(cluster.appMap, MIGRATE);
        cluster.runtimes.stop(cluster.appMap, MIGRATE);

        cluster.runtimes.start(cluster.appMap, MIGRATE);

        assertNotNull(live());
    }

    @Test
    void anUpdateWhileStoppedLeavesItDeleted() {
        cluster.runtimes.apply(cluster.appMap, MIGRATE);
        cluster.runtimes.stop(cluster.appMap, MIGRATE);

        cluster.runtimes.apply(cluster.appMap, MIGRATE_2);

        assertNull(live());
    }

    @Test
    void startOfARunningJobOfAnotherRevisionReplacesIt() {
        cluster.runtimes.apply(cluster.appMap, MIGRATE);
        String first = live().getMetadata().getUid();

        cluster.runtimes.start(cluster.appMap, MIGRATE_2);

        assertNotEquals(first, live().getMetadata().getUid());
        assertEquals("2", live().getMetadata().getAnnotations().get(ServerRuntime.REVISION_ANNOTATION));
    }

    @Test
    void scaleIsRefusedBecauseAJobHasNoReplicas() {
        ValidationException e =
                assertThrows(ValidationException.class, () -> cluster.runtimes.scale(cluster.appMap, MIGRATE, 2));

        assertTrue(e.getMessage().contains("a Job has no replicas to scale"), e.getMessage());
    }

    @Test
    void aCompletedJobIsDeletedWithoutStop() {
        cluster.runtimes.apply(cluster.appMap, MIGRATE);
        client.batch()
                .v1()
                .jobs()
                .inNamespace(MockLifecycle.NS)
                .resource(new JobBuilder(live())
                        .withNewStatus()
                        .withSucceeded(1)
                        .addNewCondition()
                        .withType("Complete")
                        .withStatus("True")
                        .endCondition()
                        .endStatus()
                        .build())
                .update();

        cluster.runtimes.delete(cluster.appMap, MIGRATE, false, false);

        assertNull(live());
    }

    @Test
    void stateIsCompletedFromTheJobsCondition() {
        Job done = new JobBuilder()
                .withNewMetadata()
                .withName("migrate")
                .endMetadata()
                .withNewStatus()
                .withSucceeded(1)
                .addNewCondition()
                .withType("Complete")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();

        ServerStatus status = new JobHandler().state(done, false, List.of());

        assertEquals(ServerState.COMPLETED, status.state());
        assertEquals("completed: 1 succeeded", status.message());
    }
}
