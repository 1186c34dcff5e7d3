/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A CronJob server on a Kubernetes 1.20 cluster, which serves CronJob only in batch/v1beta1. */
@EnableKubernetesMockClient(crud = true)
class CronJobOnKubernetes120Test {
    static KubernetesClient client;
    private MockLifecycle cluster;

    @BeforeEach
    void mockCluster() {
        cluster = new MockLifecycle(client, Definitions.KUBERNETES_1_20).cleared();
    }

    private CronJob live() {
        return client.batch()
                .v1beta1()
                .cronjobs()
                .inNamespace(MockLifecycle.NS)
                .withName("report")
                .get();
    }

    @Test
    void stopSuspendsAndStartResumesTheBetaCronJob() {
        cluster.runtimes.apply(cluster.appMap, CronJobHandlerTest.REPORT);

        cluster.runtimes.stop(cluster.appMap, CronJobHandlerTest.REPORT);
        assertTrue(live().getSpec().getSuspend());

        cluster.runtimes.start(cluster.appMap, CronJobHandlerTest.REPORT);
        assertFalse(live().getSpec().getSuspend());
    }

    @Test
    void restartCreatesAJobOwnedByTheBetaCronJob() {
        cluster.runtimes.apply(cluster.appMap, CronJobHandlerTest.REPORT);

        cluster.runtimes.restart(cluster.appMap, CronJobHandlerTest.REPORT);

        Job run = client.batch()
                .v1()
                .jobs()
                .inNamespace(MockLifecycle.NS)
                .list()
                .getItems()
                .get(0);
        assertEquals(
                "batch/v1beta1", run.getMetadata().getOwnerReferences().get(0).getApiVersion());
        assertEquals(
                live().getMetadata().getUid(),
                run.getMetadata().getOwnerReferences().get(0).getUid());
    }

    @Test
    void deleteRemovesTheBetaCronJob() {
        cluster.runtimes.apply(cluster.appMap, CronJobHandlerTest.REPORT);

        cluster.runtimes.delete(cluster.appMap, CronJobHandlerTest.REPORT, true, false);

        assertNull(live());
    }
}
