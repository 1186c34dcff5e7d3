/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.database.Sealer;
import io.cengjiyun.database.internal.ConnectionFactory;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.store.internal.JdbcHierarchyStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.derby.jdbc.EmbeddedDriver;

/**
 * The store and the bundle's own table on an in-memory Derby database (as the security bundle's tests open theirs),
 * with service 'shop' and its appmap 'dev' on cluster 'kind'; a cluster that records what is applied or deleted and
 * can be made unreachable; a server runtime that records the servers applied. One database per test class, emptied by
 * {@link #empty}: creating one costs about a second.
 */
final class DerbyPlatform implements AutoCloseable {
    private static final AtomicInteger COUNT = new AtomicInteger();

    final String name = "volumes-" + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet();
    final ConnectionFactory database =
            () -> new EmbeddedDriver().connect("jdbc:derby:memory:" + name + ";create=true", new Properties());
    final JdbcDatabaseService db = new JdbcDatabaseService(database);
    final JdbcHierarchyStore store =
            new JdbcHierarchyStore(db, Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC));
    final AppConfigs configs =
            new AppConfigs(db, Sealer.random(), Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC));
    final List<HasMetadata> applied = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    final List<String> restarted = new ArrayList<>();
    boolean clusterDown;
    AppMap dev;

    final ConfigApplier applier = new ConfigApplier() {
        @Override
        public void apply(AppMap appMap, HasMetadata object) {
            if (clusterDown) {
                throw new UnavailableException("cluster 'kind' does not answer", null);
            }
            applied.add(object);
        }

        @Override
        public void delete(AppMap appMap, ConfigKind kind, String name) {
            if (clusterDown) {
                throw new UnavailableException("cluster 'kind' does not answer", null);
            }
            deleted.add(kind.kubernetesKind() + " " + appMap.effectiveNamespace() + "/" + name);
        }
    };

    final ServerRuntime runtime = (ServerRuntime) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {ServerRuntime.class}, (proxy, method, args) -> {
                if (method.getName().equals("apply")) {
                    Server server = (Server) args[1];
                    if (server.name().startsWith("broken")) {
                        throw new UnavailableException("cluster 'kind' does not answer", null);
                    }
                    restarted.add(server.name());
                    return null;
                }
                throw new UnsupportedOperationException(method.getName());
            });

    DerbyPlatform() {
        seed();
    }

    void seed() {
        store.createService(Service.of("shop", null, null));
        dev = store.createAppMap(AppMap.of("shop", "dev", "kind", null, null, null));
    }

    ConfigChanges changes() {
        return new ConfigChanges(store, configs, applier, runtime);
    }

    Server server(ServerDefinition def) {
        return store.createServer("shop", "dev", def, "ann", "first");
    }

    /** Empties every table and seeds again. */
    void empty() throws SQLException {
        applied.clear();
        deleted.clear();
        restarted.clear();
        clusterDown = false;
        try (Connection c = database.open();
                Statement s = c.createStatement()) {
            for (String table : List.of("volume_configs", "revisions", "servers", "appmaps", "services")) {
                s.executeUpdate("DELETE FROM " + table);
            }
        }
        seed();
    }

    @Override
    public void close() {
        store.close();
        db.close();
        try (Connection ignored =
                new EmbeddedDriver().connect("jdbc:derby:memory:" + name + ";drop=true", new Properties())) {
            // not reached: a drop answers with an exception
        } catch (SQLException expected) {
            // 08006: dropped
        }
    }
}
