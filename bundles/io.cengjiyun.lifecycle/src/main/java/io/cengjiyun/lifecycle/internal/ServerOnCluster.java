/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.lifecycle.ApiVersions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * One server on its cluster during one action: what a {@link KindHandler} works on. It reaches back into the
 * shared flow of {@link ServerRuntimes} (build the objects with every contributor, apply them, prune) through
 * {@link Applying}, so that a handler holds only what differs per kind.
 */
final class ServerOnCluster {
    /** The shared flow: build the server's objects, or build and apply them (server-side apply, then prune). */
    interface Applying {
        /**
         * @param replicas the replicas to give a Deployment or StatefulSet; null: as defined (or as its autoscaler set)
         * @param suspend true to suspend a CronJob
         */
        BuiltServerObjects build(Integer replicas, boolean suspend);

        void apply(Integer replicas, boolean suspend);
    }

    private final ClusterConnection cluster;
    private final AppMap appMap;
    private final Server server;
    private final StopRecords stops;
    private final Applying applying;

    ServerOnCluster(ClusterConnection cluster, AppMap appMap, Server server, StopRecords stops, Applying applying) {
        this.cluster = cluster;
        this.appMap = appMap;
        this.server = server;
        this.stops = stops;
        this.applying = applying;
    }

    ClusterConnection cluster() {
        return cluster;
    }

    KubernetesClient client() {
        return cluster.client();
    }

    Server server() {
        return server;
    }

    ServerDefinition definition() {
        return server.definition();
    }

    String name() {
        return server.name();
    }

    String namespace() {
        return appMap.effectiveNamespace();
    }

    /** What stop remembered of this server, if it is stopped. */
    Optional<StopMemory.Stopped> stopped() {
        return stops.find(appMap.service(), appMap.name(), server.name());
    }

    void remember(StopMemory.Stopped stopped) {
        stops.remember(appMap.service(), appMap.name(), server.name(), stopped);
    }

    BuiltServerObjects build(Integer replicas, boolean suspend) {
        return applying.build(replicas, suspend);
    }

    void apply(Integer replicas, boolean suspend) {
        applying.apply(replicas, suspend);
    }

    /** Deletes the server's autoscaler, in the version the cluster serves; nothing if it has none. */
    void deleteAutoscaler() {
        deleteAutoscaler(cluster, namespace(), name());
    }

    static void deleteAutoscaler(ClusterConnection c, String ns, String name) {
        if (c.serves(ApiVersions.AUTOSCALING_V2, "HorizontalPodAutoscaler")) {
            c.client()
                    .autoscaling()
                    .v2()
                    .horizontalPodAutoscalers()
                    .inNamespace(ns)
                    .withName(name)
                    .delete();
        } else {
            c.client()
                    .autoscaling()
                    .v2beta2()
                    .horizontalPodAutoscalers()
                    .inNamespace(ns)
                    .withName(name)
                    .delete();
        }
    }
}
