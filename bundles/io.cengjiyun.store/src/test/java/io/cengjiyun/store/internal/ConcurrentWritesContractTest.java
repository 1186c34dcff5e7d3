/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import static io.cengjiyun.store.internal.Fixtures.appMap;
import static io.cengjiyun.store.internal.Fixtures.definition;
import static io.cengjiyun.store.internal.Fixtures.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.Revision;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.StaleVersionException;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.database.internal.ConnectionFactory;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many users at once, as on a shared platform: eight cascading deletes of services that have appmaps, running
 * servers with several revisions, members, allotments and config maps; eight writers on the servers of one appmap.
 * Every call must succeed, or fail only with the conflict the domain promises (a stale version): never with a lock
 * timeout, a deadlock or any other failure of the database (which users would see as 503).
 * <p>
 * The tables of the other bundles that reference the hierarchy are created as those bundles create them (test
 * resources {@code modules/<dialect>/V*__modules.sql}), with rows, since their foreign keys lock too. The store calls
 * no cluster; the lifecycle's ConcurrentManagersContractTest runs the managers' writes, with a slow fake cluster, the
 * same way.
 */
abstract class ConcurrentWritesContractTest {
    static final int THREADS = 8;
    private static final int APPMAPS = 2;
    private static final int SERVERS = 3;
    private static final int REVISIONS = 3;
    private static final int UPDATES = 10;

    private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
    private ConnectionFactory database;
    private HierarchyStore store;
    private JdbcDatabaseService db;
    private JdbcHierarchyStore jdbcStore;

    /** A new, empty database for one test. */
    protected abstract ConnectionFactory newDatabase() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        database = newDatabase();
        db = new JdbcDatabaseService(database);
        jdbcStore = new JdbcHierarchyStore(db, clock);
        db.migrate(
                "modules",
                "the test's copy of the other bundles' tables",
                new ModuleTables(),
                List.of("V1__modules.sql", "V2__modules.sql"));
        store = jdbcStore;
        write("INSERT INTO users (name, password_hash, platform_admin, created_at, updated_at) VALUES"
                + " ('ana', 'x', false, ?, ?), ('bo', 'x', false, ?, ?)");
        write(
                "INSERT INTO clusters (name, server, kubeconfig, created_at, updated_at) VALUES ('local', 'https://127.0.0.1',"
                        + " 'sealed', ?, ?)");
    }

    @AfterEach
    void closeStore() {
        jdbcStore.close();
        db.close();
        try (Connection c = database.open();
                Statement s = c.createStatement()) {
            for (String table :
                    List.of("volume_configs", "stopped_servers", "allotments", "clusters", "members", "users")) {
                s.executeUpdate("DELETE FROM " + table);
            }
            HierarchyStoreContractTest.deleteAllRows(database);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot empty the test database", e);
        }
    }

    @Test
    void eightConcurrentCascadingDeletesOfServicesAllSucceed() throws Exception {
        List<String> services = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            services.add(fullService("svc-" + i));
        }

        Outcomes outcomes = runAtOnce(services.stream()
                .<Callable<Boolean>>map(s -> () -> {
                    store.deleteService(s, true);
                    return true;
                })
                .toList());

        outcomes.assertAllSucceeded();
        assertEquals(List.of(), store.listServices());
        assertEquals(
                0,
                count("SELECT COUNT(*) FROM revisions")
                        + count("SELECT COUNT(*) FROM servers")
                        + count("SELECT COUNT(*) FROM appmaps")
                        + count("SELECT COUNT(*) FROM members")
                        + count("SELECT COUNT(*) FROM allotments")
                        + count("SELECT COUNT(*) FROM volume_configs"),
                "nothing of the services is left");
    }

    @Test
    void eightConcurrentWritersOfTheServersOfOneAppmapAllSucceed() throws Exception {
        fullService("shop");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            names.add("w" + i);
            createServer("shop", "a0", "w" + i);
        }

        Outcomes outcomes = runAtOnce(names.stream()
                .<Callable<Boolean>>map(name -> () -> {
                    for (int u = 0; u < UPDATES; u++) {
                        long version = store.findServer("shop", "a0", name)
                                .orElseThrow()
                                .version();
                        store.updateServer(
                                "shop", "a0", definition(name, "nginx:1." + u), version, "ana", "update " + u);
                    }
                    return true;
                })
                .toList());

        outcomes.assertAllSucceeded();
        for (String name : names) {
            assertEquals(
                    REVISIONS + UPDATES,
                    store.findServer("shop", "a0", name).orElseThrow().version());
            assertEquals(
                    REVISIONS + UPDATES, store.listRevisions("shop", "a0", name).size());
        }
    }

    @Test
    void eightConcurrentWritersOfOneServerSucceedOrAreToldTheirVersionIsStale() throws Exception {
        fullService("shop");

        Outcomes outcomes = runAtOnce(java.util.stream.IntStream.range(0, THREADS)
                .<Callable<Boolean>>mapToObj(t -> () -> {
                    int won = 0;
                    for (int u = 0; u < UPDATES; u++) {
                        long version = store.findServer("shop", "a0", "s0")
                                .orElseThrow()
                                .version();
                        try {
                            store.updateServer(
                                    "shop", "a0", definition("s0", "nginx:" + t + "." + u), version, "ana", null);
                            won++;
                        } catch (StaleVersionException e) {
                            // the conflict the domain promises: someone else's update came first
                        }
                    }
                    return won > 0;
                })
                .toList());

        outcomes.assertNoFailures();
        long updates = store.findServer("shop", "a0", "s0").orElseThrow().version() - REVISIONS;
        assertTrue(updates >= UPDATES, "at least one writer wins each round: " + updates);
        List<Long> numbers = store.listRevisions("shop", "a0", "s0").stream()
                .map(Revision::number)
                .toList();
        assertEquals(REVISIONS + updates, numbers.size(), "one revision per update that won, none for a stale one");
        assertEquals(REVISIONS + updates, (long) numbers.get(0));
    }

    @Test
    void cascadingDeletesAndWritersOfOtherServicesDoNotHoldEachOtherUp() throws Exception {
        List<String> doomed = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            doomed.add(fullService("gone-" + i));
        }
        fullService("shop");
        List<Callable<Boolean>> work = new ArrayList<>();
        for (String s : doomed) {
            work.add(() -> {
                store.deleteService(s, true);
                return true;
            });
        }
        for (int i = 0; i < THREADS; i++) {
            String name = "s" + (i % SERVERS);
            String appmap = "a" + (i / SERVERS % APPMAPS);
            work.add(() -> {
                for (int u = 0; u < UPDATES; u++) {
                    Server current = store.findServer("shop", appmap, name).orElseThrow();
                    try {
                        store.updateServer(
                                "shop", appmap, definition(name, "nginx:2." + u), current.version(), "bo", null);
                    } catch (StaleVersionException e) {
                        // two writers share each server here
                    }
                }
                return true;
            });
        }

        Outcomes outcomes = runAtOnce(work);

        outcomes.assertNoFailures();
        assertEquals(
                List.of("shop"),
                store.listServices().stream()
                        .map(io.cengjiyun.api.Service::name)
                        .toList());
    }

    @Test
    void eightThreadsDeletingSixtyFourServicesAllSucceed() throws Exception {
        List<String> services = new ArrayList<>();
        for (int i = 0; i < THREADS * THREADS; i++) {
            services.add(fullService("many-" + i));
        }
        List<Callable<Boolean>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int first = t;
            work.add(() -> {
                for (int i = first; i < services.size(); i += THREADS) {
                    store.deleteService(services.get(i), true);
                }
                return true;
            });
        }

        runAtOnce(work).assertAllSucceeded();
        assertEquals(List.of(), store.listServices());
    }

    @Test
    void aCascadingDeleteDoesNotWaitForAWriterOfAnotherService() throws Exception {
        fullService("busy");
        fullService("gone");
        try (Connection writer = database.open();
                Statement s = writer.createStatement()) {
            writer.setAutoCommit(false);
            // a writer in the middle of its transaction, on every table a delete of a service touches
            s.executeUpdate("UPDATE revisions SET message = 'busy' WHERE service = 'busy'");
            s.executeUpdate("UPDATE members SET terminal = false WHERE service = 'busy'");
            s.executeUpdate("UPDATE allotments SET pods = 99 WHERE service = 'busy'");
            s.executeUpdate("UPDATE volume_configs SET version = 2 WHERE service = 'busy'");
            try {
                Outcomes outcomes = runAll(
                        List.of(() -> {
                            store.deleteService("gone", true);
                            return true;
                        }),
                        10);

                outcomes.assertAllSucceeded();
            } finally {
                writer.rollback();
            }
        }
        assertEquals(
                List.of("busy"),
                store.listServices().stream()
                        .map(io.cengjiyun.api.Service::name)
                        .toList());
    }

    // --- fixtures

    /**
     * A service as users leave it: members, an allotment, {@value #APPMAPS} appmaps with config maps and secrets,
     * {@value #SERVERS} servers each at revision {@value #REVISIONS}, one of them stopped.
     */
    private String fullService(String name) throws SQLException {
        store.createService(service(name));
        write(
                "INSERT INTO members (service, username, member_role, terminal) VALUES (?, 'ana', 'admin', true),"
                        + " (?, 'bo', 'developer', false)",
                name,
                name);
        write(
                "INSERT INTO allotments (service, cluster, cpu, memory, pods, storage) VALUES (?, 'local', '8', '16Gi', 100,"
                        + " '50Gi')",
                name);
        for (int a = 0; a < APPMAPS; a++) {
            String appmap = "a" + a;
            store.createAppMap(AppMap.of(
                    name,
                    appmap,
                    "local",
                    name + "-" + appmap,
                    "development",
                    appMap(name, appmap).quota()));
            for (String kind : List.of("configmap", "secret")) {
                write(
                        "INSERT INTO volume_configs (service, appmap, kind, name, data, restart_servers, salt, digest,"
                                + " version, created_at, updated_at, updated_by) VALUES (?, ?, ?, 'site', '{}', false, 's', 'd', 1,"
                                + " ?, ?, 'ana')",
                        name,
                        appmap,
                        kind);
            }
            for (int s = 0; s < SERVERS; s++) {
                createServer(name, appmap, "s" + s);
            }
            write(
                    "INSERT INTO stopped_servers (service, appmap, server, replicas, autoscaler, stopped_at) VALUES"
                            + " (?, ?, 's0', 2, false, ?)",
                    name,
                    appmap);
        }
        return name;
    }

    private void createServer(String service, String appmap, String name) {
        Server server = store.createServer(service, appmap, definition(name, "nginx:1.0"), "ana", "first");
        for (int r = 2; r <= REVISIONS; r++) {
            server = store.updateServer(
                    service, appmap, definition(name, "nginx:1." + r), server.version(), "ana", null);
        }
    }

    /** Runs an insert, binding the given strings first and the test's time to every parameter left. */
    private void write(String sql, Object... values) throws SQLException {
        try (Connection c = database.open();
                PreparedStatement s = c.prepareStatement(sql)) {
            int parameters = s.getParameterMetaData().getParameterCount();
            int next = 1;
            for (Object value : values) {
                if (value instanceof String text) {
                    s.setString(next++, text);
                }
            }
            for (; next <= parameters; next++) {
                s.setTimestamp(next, Timestamp.from(clock.stored()));
            }
            s.executeUpdate();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = database.open();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Refreshes the database's statistics of the hierarchy's tables, as the database does by itself while tables
     * grow and shrink (Derby's index statistics daemon, PostgreSQL's autovacuum): it makes the database recompile the
     * statements that run meanwhile.
     */
    protected abstract void refreshStatistics(Connection c) throws SQLException;

    /** Starts every call at the same moment on a thread of its own, the statistics refreshed meanwhile; what came of each. */
    private Outcomes runAtOnce(List<Callable<Boolean>> calls) throws InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread statistics = new Thread(
                () -> {
                    try (Connection c = database.open()) {
                        while (!done.get()) {
                            refreshStatistics(c);
                            Thread.sleep(10);
                        }
                    } catch (SQLException | InterruptedException e) {
                        // the refresher only makes the databases' own behaviour happen sooner
                    }
                },
                "statistics");
        statistics.start();
        try {
            return runAll(calls, 300);
        } finally {
            done.set(true);
            statistics.join();
        }
    }

    /** Runs every call at once, each given {@code seconds} to end. */
    private static Outcomes runAll(List<Callable<Boolean>> calls, int seconds) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        Outcomes outcomes = new Outcomes();
        List<Future<?>> running = new ArrayList<>();
        try {
            for (Callable<Boolean> call : calls) {
                running.add(pool.submit(() -> {
                    start.await();
                    try {
                        call.call();
                        outcomes.succeeded.incrementAndGet();
                    } catch (Exception | AssertionError e) {
                        outcomes.failed.add(e);
                    }
                    return null;
                }));
            }
            long began = System.nanoTime();
            start.countDown();
            for (Future<?> call : running) {
                try {
                    call.get(seconds, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    outcomes.failed.add(e);
                }
            }
            outcomes.millis = (System.nanoTime() - began) / 1_000_000;
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }

    /** What came of concurrent calls, and what each failure was: a lock timeout, a deadlock, a 503, other. */
    static final class Outcomes {
        final AtomicInteger succeeded = new AtomicInteger();
        final ConcurrentLinkedQueue<Throwable> failed = new ConcurrentLinkedQueue<>();
        long millis;

        void assertAllSucceeded() {
            assertNoFailures();
        }

        void assertNoFailures() {
            assertTrue(
                    failed.isEmpty(),
                    "in " + millis + " ms, " + succeeded + " calls succeeded and " + failed.size() + " failed: "
                            + kinds() + "; the first: " + (failed.isEmpty() ? "" : describe(failed.peek())));
        }

        /** How many failures of each kind: lock timeout (40XL1, 55P03), deadlock (40001, 40P01), 503, other. */
        Map<String, Integer> kinds() {
            Map<String, Integer> kinds = new TreeMap<>();
            for (Throwable e : failed) {
                kinds.merge(kind(e), 1, Integer::sum);
            }
            return kinds;
        }

        private static String kind(Throwable e) {
            String state = null;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && state == null) {
                    state = sql.getSQLState();
                }
            }
            if ("40XL1".equals(state) || "55P03".equals(state)) {
                return "lock timeout " + state;
            }
            if ("40001".equals(state) || "40P01".equals(state) || "40XL2".equals(state)) {
                return "deadlock " + state;
            }
            if (e instanceof UnavailableException) {
                return "503 " + state;
            }
            return e.getClass().getSimpleName();
        }

        private static String describe(Throwable e) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            return trace.toString();
        }
    }

    /** The other bundles' tables, as resources {@code modules/<dialect>/} of the tests, found where migrate looks. */
    private static final class ModuleTables extends ClassLoader {
        ModuleTables() {
            super(ConcurrentWritesContractTest.class.getClassLoader());
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            return getParent().getResourceAsStream(name.replaceFirst("^db/", "modules/"));
        }
    }
}
