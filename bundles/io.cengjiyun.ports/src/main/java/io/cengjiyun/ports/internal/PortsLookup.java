/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterRegistry;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;

/**
 * The ports of a stored server with the addresses its live Service gives, for the REST resource and the console.
 * Reads the cluster's informer caches only, never the cluster itself.
 */
final class PortsLookup {
    private final HierarchyStore store;
    private final ClusterRegistry clusters;

    PortsLookup(HierarchyStore store, ClusterRegistry clusters) {
        this.store = store;
        this.clusters = clusters;
    }

    /** @throws NotFoundException if there is no such server */
    Server server(String service, String appmap, String name) {
        return store.findServer(service, appmap, name)
                .orElseThrow(() -> new NotFoundException(
                        "server '" + name + "' in appmap '" + appmap + "' of service '" + service + "'"));
    }

    AppMap appMap(String service, String appmap) {
        return store.findAppMap(service, appmap)
                .orElseThrow(() -> new NotFoundException("appmap '" + appmap + "' of service '" + service + "'"));
    }

    List<PortView> ports(AppMap appMap, Server server) {
        List<io.cengjiyun.api.ServerPort> ports = server.definition().ports();
        if (ports == null || ports.isEmpty()) {
            return List.of();
        }
        String namespace = appMap.effectiveNamespace();
        ClusterConnection connection = clusters.connection(appMap.cluster());
        try {
            Service live = connection.cached(Service.class, namespace).stream()
                    .filter(s -> server.name().equals(s.getMetadata().getName()))
                    .findFirst()
                    .orElse(null);
            return PortAddresses.of(namespace, ports, live, connection.cached(Node.class, null));
        } catch (IllegalArgumentException e) { // no informers: the cluster has not been reached since it was registered
            throw new UnavailableException(
                    "the addresses of server '" + server.name() + "' are unknown: cluster '"
                            + appMap.cluster() + "' has not been reached yet ("
                            + connection.info().message() + "). Its stored"
                            + " ports are in the server's definition; ask again once the cluster answers.",
                    e);
        }
    }
}
