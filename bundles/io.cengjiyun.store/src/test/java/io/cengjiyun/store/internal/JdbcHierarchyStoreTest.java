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
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** What the store does beyond the contract: its OSGi defaults, and a database that is missing or too new. */
class JdbcHierarchyStoreTest {
    private final Fixtures.ManualClock clock = new Fixtures.ManualClock();

    /** A BundleContext that only answers framework properties, which is all the store asks of it. */
    private static BundleContext frameworkProperties(String dataFolder) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> "getProperty".equals(method.getName())
                        && JdbcHierarchyStore.DATA_PROPERTY.equals(args[0]) ? dataFolder : null);
    }

    /** The configuration as DS gives it when there is no configuration file: every default. */
    private static StoreConfig defaults() {
        return (StoreConfig) Proxy.newProxyInstance(StoreConfig.class.getClassLoader(), new Class<?>[] {StoreConfig.class},
                (proxy, method, args) -> method.getDefaultValue());
    }

    @Test
    void withNoConfigurationItIsEmbeddedDerbyInTheDataFolder(@TempDir Path data) {
        JdbcHierarchyStore store = new JdbcHierarchyStore(frameworkProperties(data.toString()), defaults());
        try {
            store.createService(service(SERVICE));
        } finally {
            store.close();
        }

        assertTrue(Files.isDirectory(data.resolve("db")), "the database lives in <cengjiyun.data>/db");
    }

    @Test
    void theDataFolderDefaultsToData() {
        assertEquals(Path.of("data"), JdbcHierarchyStore.dataDirectory(frameworkProperties(null)));
    }

    @Test
    void keepsEverythingOnDiskAcrossShutdownAndRestart(@TempDir Path data) {
        JdbcHierarchyStore first = new JdbcHierarchyStore(JdbcDatabase.of("", "", "", data), clock);
        Server created;
        try {
            first.createService(service(SERVICE));
            first.createAppMap(appMap(SERVICE, APPMAP));
            created = first.createServer(SERVICE, APPMAP, definition("web", "nginx:1.27"), "ana", "first");
        } finally {
            first.close();
        }

        JdbcHierarchyStore second = new JdbcHierarchyStore(JdbcDatabase.of("", "", "", data), clock);
        try {
            assertEquals(List.of(created), second.listServers(SERVICE, APPMAP));
            assertEquals(2, second.updateServer(SERVICE, APPMAP, definition("web", "nginx:1.28"), 1, "bo", null).version());
        } finally {
            second.close();
        }
    }

    @Test
    void anUnreachableDatabaseIsUnavailableNamingWhatToCheck() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/cengjiyun";
        JdbcHierarchyStore store = new JdbcHierarchyStore(JdbcDatabase.of(url, "cj", "secret", null), clock);
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
        JdbcHierarchyStore store = new JdbcHierarchyStore(flaky, clock);
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
        try (Connection c = DerbyMemory.open(name)) {
            Migrations.forDialect(Dialect.DERBY).migrate(c, Dialect.DERBY);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO schema_version VALUES (99, 'V99__future.sql', CURRENT_TIMESTAMP)");
            }
        }
        try {
            IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
                    () -> new JdbcHierarchyStore(() -> DerbyMemory.open(name), clock));

            assertTrue(e.getMessage().contains("version 99"), e.getMessage());
        } finally {
            DerbyMemory.drop(name);
        }
    }

    @Test
    void aFailedWriteIsUnavailableAndRolledBack() throws SQLException {
        String name = DerbyMemory.newName("failing");
        JdbcHierarchyStore store = new JdbcHierarchyStore(() -> DerbyMemory.open(name), clock);
        try {
            store.createService(service(SERVICE));
            store.createAppMap(appMap(SERVICE, APPMAP));
            try (Connection c = DerbyMemory.open(name); Statement s = c.createStatement()) {
                s.execute("DROP TABLE revisions"); // the server row goes in, its revision cannot
            }

            UnavailableException e = assertThrows(UnavailableException.class,
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
