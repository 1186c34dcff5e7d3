/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import static io.cengjiyun.store.internal.Fixtures.APPMAP;
import static io.cengjiyun.store.internal.Fixtures.SERVICE;
import static io.cengjiyun.store.internal.Fixtures.appMap;
import static io.cengjiyun.store.internal.Fixtures.definition;
import static io.cengjiyun.store.internal.Fixtures.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.Server;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.database.internal.ConnectionFactory;
import io.cengjiyun.database.internal.DerbyMemory;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store does beyond the contract: a database that is missing, flaky or too new. */
class JdbcHierarchyStoreTest {
    private final Fixtures.ManualClock clock = new Fixtures.ManualClock();

    @Test
    void keepsEverythingOnDiskAcrossShutdownAndRestart(@TempDir Path data) {
        JdbcDatabaseService firstDb = JdbcDatabaseService.of("", "", "", data);
        JdbcHierarchyStore first = new JdbcHierarchyStore(firstDb, clock);
        Server created;
        try {
            first.createService(service(SERVICE));
            first.createAppMap(appMap(SERVICE, APPMAP));
            created = first.createServer(SERVICE, APPMAP, definition("web", "nginx:1.27"), "ana", "first");
        } finally {
            first.close();
            firstDb.close();
        }

        JdbcDatabaseService secondDb = JdbcDatabaseService.of("", "", "", data);
        JdbcHierarchyStore second = new JdbcHierarchyStore(secondDb, clock);
        try {
            assertEquals(List.of(created), second.listServers(SERVICE, APPMAP));
            assertEquals(
                    2,
                    second.updateServer(SERVICE, APPMAP, definition("web", "nginx:1.28"), 1, "bo", null)
                            .version());
        } finally {
            second.close();
            secondDb.close();
        }
    }

    @Test
    void anUnreachableDatabaseIsUnavailableNamingWhatToCheck() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/cengjiyun";
        JdbcHierarchyStore store = new JdbcHierarchyStore(JdbcDatabaseService.of(url, "cj", "secret", null), clock);
        try {
            UnavailableException e = assertThrows(UnavailableException.class, store::listServices);

            assertTrue(e.getMessage().contains(url), e.getMessage());
            assertTrue(e.getMessage().contains("jdbcUrl"), e.getMessage());
            assertEquals(503, e.status());
        } finally {
            store.close();
        }
    }

    @Test
    void preparesTheSchemaOnFirstUseOnceTheDatabaseIsBack() {
        String name = DerbyMemory.newName("outage");
        AtomicBoolean up = new AtomicBoolean(false);
        ConnectionFactory flaky = () -> {
            if (!up.get()) {
                throw new SQLNonTransientConnectionException("Connection refused", "08001");
            }
            return DerbyMemory.open(name);
        };
        JdbcHierarchyStore store = new JdbcHierarchyStore(new JdbcDatabaseService(flaky), clock);
        try {
            assertThrows(UnavailableException.class, store::listServices);

            up.set(true);

            assertEquals(List.of(), store.listServices());
            assertEquals(1L, store.createService(service(SERVICE)).version());
        } finally {
            store.close();
            DerbyMemory.drop(name);
        }
    }

    @Test
    void refusesToStartOnASchemaNewerThanItKnows() throws SQLException {
        String name = DerbyMemory.newName("newer");
        new JdbcHierarchyStore(new JdbcDatabaseService(() -> DerbyMemory.open(name)), clock).close();
        try (Connection c = DerbyMemory.open(name)) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO schema_version VALUES (99, 'V99__future.sql', CURRENT_TIMESTAMP)");
            }
        }
        try {
            RuntimeException e = assertThrows(
                    RuntimeException.class,
                    () -> new JdbcHierarchyStore(new JdbcDatabaseService(() -> DerbyMemory.open(name)), clock));

            assertTrue(e.getMessage().contains("version 99"), e.getMessage());
        } finally {
            DerbyMemory.drop(name);
        }
    }

    @Test
    void aFailedWriteIsUnavailableAndRolledBack() throws SQLException {
        String name = DerbyMemory.newName("failing");
        JdbcHierarchyStore store = new JdbcHierarchyStore(new JdbcDatabaseService(() -> DerbyMemory.open(name)), clock);
        try {
            store.createService(service(SERVICE));
            store.createAppMap(appMap(SERVICE, APPMAP));
            try (Connection c = DerbyMemory.open(name);
                    Statement s = c.createStatement()) {
                s.execute("DROP TABLE revisions"); // the server row goes in, its revision cannot
            }

            UnavailableException e = assertThrows(
                    UnavailableException.class,
                    () -> store.createServer(SERVICE, APPMAP, definition("web", "nginx:1.27"), "ana", null));

            assertTrue(e.getMessage().contains("Could not create server 'web'"), e.getMessage());
            assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
            assertEquals(List.of(), store.listServers(SERVICE, APPMAP));
        } finally {
            store.close();
            DerbyMemory.drop(name);
        }
    }
}
