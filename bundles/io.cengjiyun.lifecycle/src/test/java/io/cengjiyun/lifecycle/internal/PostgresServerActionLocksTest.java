/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.database.Sql;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.database.internal.PostgresExtension;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 23: actions on one server from two replicas (two runtimes' databases on one real PostgreSQL) run one at a
 * time; a replica that waits too long is told which action holds the server; a lock left by a replica that died is
 * taken over once it ran out.
 */
class PostgresServerActionLocksTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private JdbcDatabaseService replicaA;
    private JdbcDatabaseService replicaB;

    @BeforeEach
    void twoReplicasOnOneDatabase() throws Exception {
        String url = POSTGRES.createDatabase();
        replicaA = JdbcDatabaseService.of(url, "postgres", "", null);
        replicaB = JdbcDatabaseService.of(url, "postgres", "", null);
        // the lock table alone, from the lifecycle's own script (its other tables reference the store's)
        String script;
        try (var in = getClass().getClassLoader().getResourceAsStream("db/postgresql/V3__server_action_locks.sql")) {
            script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replaceAll("(?m)^--.*$", "")
                    .strip()
                    .replaceAll(";$", "");
        }
        replicaA.write("create the lock table", c -> {
            try (var s = c.createStatement()) {
                return s.executeUpdate(script);
            }
        });
    }

    @Test
    void actionsOnOneServerFromTwoReplicasRunOneAtATime() throws Exception {
        ServerActionLocks a = new ServerActionLocks(replicaA, Clock.systemUTC(), Duration.ofSeconds(30));
        ServerActionLocks b = new ServerActionLocks(replicaB, Clock.systemUTC(), Duration.ofSeconds(30));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> actions = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                ServerActionLocks replica = t % 2 == 0 ? a : b;
                actions.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        try (ServerActionLocks.Held held = replica.take("shop", "dev", "web", "scale")) {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.sleep(2);
                            inside.decrementAndGet();
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : actions) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, most.get(), "two actions on one server at once");
        assertEquals(120, done.get());
        assertEquals(0, rows(), "every lock given back");
    }

    @Test
    void aReplicaThatWaitsTooLongIsToldWhichActionHoldsTheServer() {
        ServerActionLocks a = new ServerActionLocks(replicaA, Clock.systemUTC(), Duration.ofSeconds(30));
        ServerActionLocks b = new ServerActionLocks(replicaB, Clock.systemUTC(), Duration.ofMillis(300));
        try (ServerActionLocks.Held held = a.take("shop", "dev", "web", "restart")) {
            ConflictException e = assertThrows(ConflictException.class, () -> b.take("shop", "dev", "web", "scale"));
            assertTrue(
                    e.getMessage()
                            .startsWith("Another replica of the platform is running 'restart' on server"
                                    + " 'web' of appmap 'dev': try again when it is done"),
                    e.getMessage());
            // another server is free meanwhile
            try (ServerActionLocks.Held other = b.take("shop", "dev", "api", "scale")) {
                assertEquals(2, rows());
            }
        }
        try (ServerActionLocks.Held after = b.take("shop", "dev", "web", "scale")) {
            assertEquals(1, rows());
        }
    }

    @Test
    void theLockOfAReplicaThatDiedIsTakenOverOnceItRanOut() {
        // a replica killed in the middle of an action: its row stays, already run out
        replicaA.write("leave a dead replica's lock", c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO server_action_locks"
                    + " (service, appmap, server, holder, action, until) VALUES ('shop', 'dev', 'web', 'dead',"
                    + " 'update', ?)")) {
                Sql.setInstant(insert, 1, Instant.now().minusSeconds(1));
                return insert.executeUpdate();
            }
        });
        ServerActionLocks b = new ServerActionLocks(replicaB, Clock.systemUTC(), Duration.ofMillis(300));
        try (ServerActionLocks.Held held = b.take("shop", "dev", "web", "reconcile")) {
            assertEquals(1, rows());
        }
        assertEquals(0, rows());
    }

    private int rows() {
        return replicaA.read("count the locks", c -> {
            try (var s = c.createStatement();
                    var r = s.executeQuery("SELECT COUNT(*) FROM server_action_locks")) {
                r.next();
                return r.getInt(1);
            }
        });
    }
}
