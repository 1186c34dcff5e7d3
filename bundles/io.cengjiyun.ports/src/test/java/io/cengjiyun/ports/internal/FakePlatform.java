/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterInfo;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ServerManager;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A store holding server 'web' of appmap 'dev' (service 'shop', cluster 'kind', namespace shop-dev), and a
 * cluster whose informer caches hold {@link #services} and {@link #nodes}. Only what the ports bundle calls
 * answers; anything else fails the test.
 */
final class FakePlatform {
    static final AppMap DEV = new AppMap("shop", "dev", "kind", null, null, null, 1L, null, null);

    Server server;
    final List<Service> services = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();
    /** Every update of the server manager: definition, expected version, author, message. */
    final List<Object[]> updates = new ArrayList<>();

    boolean cached = true;

    FakePlatform(ServerDefinition definition) {
        server = new Server("shop", "dev", definition.name(), 3, definition, Instant.EPOCH, Instant.EPOCH, "ann");
    }

    HierarchyStore store() {
        return (HierarchyStore) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HierarchyStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "findServer" ->
                        Optional.ofNullable(
                                args[0].equals("shop") && args[1].equals("dev") && args[2].equals(server.name())
                                        ? server
                                        : null);
                    case "findAppMap" ->
                        Optional.ofNullable(args[0].equals("shop") && args[1].equals("dev") ? DEV : null);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Updates as the server manager would, recording each call. */
    ServerManager servers() {
        return (ServerManager) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ServerManager.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "update" -> {
                        updates.add(new Object[] {args[2], args[3], args[4], args[5]});
                        ServerDefinition def = (ServerDefinition) args[2];
                        server = new Server(
                                "shop",
                                "dev",
                                def.name(),
                                server.version() + 1,
                                def,
                                Instant.EPOCH,
                                Instant.EPOCH,
                                (String) args[4]);
                        yield server;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    ClusterRegistry clusters() {
        ClusterConnection connection = (ClusterConnection) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ClusterConnection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "cached" -> {
                        if (!cached) {
                            throw new IllegalArgumentException("cluster 'kind' caches no " + args[0]);
                        }
                        yield args[0] == Node.class
                                ? List.copyOf(nodes)
                                : services.stream()
                                        .filter(s -> args[1] == null
                                                || args[1].equals(
                                                        s.getMetadata().getNamespace()))
                                        .toList();
                    }
                    case "info" ->
                        new ClusterInfo(
                                "kind",
                                "https://127.0.0.1:6443",
                                false,
                                null,
                                List.of(),
                                List.of(),
                                "connection refused",
                                Instant.EPOCH,
                                Instant.EPOCH);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ClusterRegistry) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ClusterRegistry.class}, (proxy, method, args) -> {
                    if (method.getName().equals("connection") && args[0].equals("kind")) {
                        return connection;
                    }
                    throw new UnsupportedOperationException(method.getName() + " " + List.of(args));
                });
    }
}
