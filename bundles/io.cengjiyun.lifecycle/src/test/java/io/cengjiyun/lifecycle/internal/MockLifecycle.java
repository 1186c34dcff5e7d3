/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Server;
import io.cengjiyun.lifecycle.ApiVersions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The lifecycle on fabric8's mock API server in CRUD mode: the real {@link ServerRuntimes} with its kind handlers,
 * stop records in memory, and the autoscaler contributor. The mock server has no server-side apply (it answers 404
 * to an apply that would create, 415 to one that would update), so here an object is created if it is missing and
 * replaced if it is there. Unlike server-side apply, a replacement drops the fields others set (a restart
 * annotation): no test here relies on them surviving an apply.
 */
final class MockLifecycle {
    static final String NS = "shop-dev";

    final KubernetesClient client;
    final MockCluster cluster;
    final MemoryStops stops = new MemoryStops();
    final ServerRuntimes runtimes;
    final AppMap appMap = MockCluster.appMap();

    MockLifecycle(KubernetesClient client) {
        this(client, ApiVersions.current());
    }

    MockLifecycle(KubernetesClient client, ApiVersions versions) {
        this.client = client;
        this.cluster = new MockCluster(client, versions);
        this.runtimes = new ServerRuntimes(
                cluster,
                stops,
                MockLifecycle::createOrMerge,
                List.of(new AutoscalerContributor()),
                ServerActionLocks.none());
    }

    /**
     * Deletes every object of the namespace, so that tests can share one mock server (starting one per test costs
     * seconds).
     */
    MockLifecycle cleared() {
        for (Class<? extends HasMetadata> kind : List.of(
                io.fabric8.kubernetes.api.model.apps.Deployment.class,
                io.fabric8.kubernetes.api.model.apps.StatefulSet.class,
                io.fabric8.kubernetes.api.model.apps.DaemonSet.class,
                io.fabric8.kubernetes.api.model.batch.v1.Job.class,
                io.fabric8.kubernetes.api.model.batch.v1.CronJob.class,
                io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob.class,
                io.fabric8.kubernetes.api.model.Service.class,
                io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class,
                io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscaler.class,
                PersistentVolumeClaim.class)) {
            client.resources(kind).inNamespace(NS).delete();
        }
        return this;
    }

    private static HasMetadata createOrMerge(KubernetesClient k, HasMetadata object) {
        return k.resource(object).get() == null
                ? k.resource(object).create()
                : k.resource(object).update();
    }

    /** Revision {@code version} of a server, from its definition as a user sends it (single quotes for double). */
    static Server server(long version, String definition) {
        return new Server(
                "shop",
                "dev",
                Definitions.definition(definition).name(),
                version,
                Definitions.definition(definition),
                Instant.now(),
                Instant.now(),
                "ana");
    }

    /** What stop remembered of the server, as start will read it. */
    Optional<StopMemory.Stopped> remembered(Server server) {
        return stops.find("shop", "dev", server.name());
    }

    /** A claim of the server's, as a StatefulSet's volume claim template or the volumes bundle makes them. */
    PersistentVolumeClaim claim(String server, String name) {
        return client.persistentVolumeClaims()
                .inNamespace(NS)
                .resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .addToLabels(Labels.MANAGED_BY, Labels.PLATFORM)
                        .addToLabels(Labels.SERVER, server)
                        .endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withNewResources()
                        .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                        .endResources()
                        .endSpec()
                        .build())
                .create();
    }

    List<PersistentVolumeClaim> claims() {
        return client.persistentVolumeClaims().inNamespace(NS).list().getItems();
    }
}
