/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.Server;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lifecycle of a CronJob server (batch/v1), on the mock API server: what a user would see on the cluster's objects. */
@EnableKubernetesMockClient(crud = true)
class CronJobHandlerTest {
    static final Server REPORT = MockLifecycle.server(
            1,
            "{'name': 'report', 'kind': 'CronJob', 'schedule': '0 3 * * *',"
                    + " 'containers': [{'name': 'report', 'image': 'busybox:1', 'command': ['true']}]}");

    static KubernetesClient client;
    private MockLifecycle cluster;

    @BeforeEach
    void mockCluster() {
        cluster = new MockLifecycle(client).cleared();
    }

    private CronJob live() {
        return client.batch()
                .v1()
                .cronjobs()
                .inNamespace(MockLifecycle.NS)
                .withName("report")
                .get();
    }

    private List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(MockLifecycle.NS).list().getItems();
    }

    @Test
    void stopSuspendsTheCronJob() {
        cluster.runtimes.apply(cluster.appMap, REPORT);

        ServerStatus stopped = cluster.runtimes.stop(cluster.appMap, REPORT);

        assertTrue(live().getSpec().getSuspend());
        assertEquals(ServerState.STOPPED, stopped.state());
        assertEquals("suspended: no run is scheduled", stopped.message());
    }

    @Test
    void startResumesIt() {
        cluster.runtimes.apply(cluster.appMap, REPORT);
        cluster.runtimes.stop(cluster.appMap, REPORT);

        ServerStatus started = cluster.runtimes.start(cluster.appMap, REPORT);

        assertFalse(live().getSpec().getSuspend());
        assertEquals(ServerState.RUNNING, started.state());
    }

    @Test
    void anUpdateWhileStoppedStaysSuspended() {
        cluster.runtimes.apply(cluster.appMap, REPORT);
        cluster.runtimes.stop(cluster.appMap, REPORT);

        cluster.runtimes.apply(
                cluster.appMap,
                MockLifecycle.server(
                        2,
                        "{'name': 'report', 'kind': 'CronJob',"
                                + " 'schedule': '0 4 * * *', 'containers': [{'name': 'report', 'image': 'busybox:1', 'command': ['true']}]}"));

        assertEquals("0 4 * * *", live().getSpec().getSchedule());
        assertTrue(live().getSpec().getSuspend());
    }

    @Test
    void restartCreatesAJobFromTheTemplateOwnedByTheCronJob() {
        cluster.runtimes.apply(cluster.appMap, REPORT);

        cluster.runtimes.restart(cluster.appMap, REPORT);

        Job run = jobs().get(0);
        assertTrue(
                run.getMetadata().getName().startsWith("report-run-"),
                run.getMetadata().getName());
        assertEquals("manual", run.getMetadata().getAnnotations().get("cronjob.kubernetes.io/instantiate"));
        OwnerReference owner = run.getMetadata().getOwnerReferences().get(0);
        assertEquals(
                List.of("CronJob", "report", live().getMetadata().getUid(), true),
                List.of(owner.getKind(), owner.getName(), owner.getUid(), owner.getController()));
        assertEquals("report", run.getMetadata().getLabels().get(Labels.SERVER));
        assertEquals(
                "busybox:1",
                run.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    }

    @Test
    void restartOfACronJobThatIsNotOnTheClusterIsRefused() {
        ConflictException e =
                assertThrows(ConflictException.class, () -> cluster.runtimes.restart(cluster.appMap, REPORT));

        assertEquals("server 'report' has no CronJob on the cluster: reconcile it first", e.getMessage());
        assertEquals(List.of(), jobs());
    }

    @Test
    void anApplyKeepsTheRunsTheCronJobMade() {
        cluster.runtimes.apply(cluster.appMap, REPORT);
        cluster.runtimes.restart(cluster.appMap, REPORT);

        cluster.runtimes.apply(cluster.appMap, REPORT);

        assertEquals(1, jobs().size(), "a run is the CronJob's, not an object to prune");
    }

    @Test
    void deleteRemovesTheCronJob() {
        cluster.runtimes.apply(cluster.appMap, REPORT);
        cluster.runtimes.stop(cluster.appMap, REPORT);

        cluster.runtimes.delete(cluster.appMap, REPORT, false, false);

        assertNull(live());
    }

    @Test
    void stateIsRunningWithTheLastScheduleOfTheCronJob() {
        cluster.runtimes.apply(cluster.appMap, REPORT);
        CronJob ran = live();
        ran.setStatus(
                new io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus(List.of(), "2026-12-04T03:00:00Z", null));

        ServerStatus status = new CronJobHandler().state(ran, false, List.of());

        assertEquals(ServerState.RUNNING, status.state());
        assertEquals("last run scheduled at 2026-12-04T03:00:00Z", status.message());
    }
}
