/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.database.PoolUse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool on an in-memory Derby whose "server" can refuse connections, as a stopped database would. */
class ConnectionPoolTest {
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

    private final String name = DerbyMemory.newName("pool");
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger opened = new AtomicInteger();
    private ConnectionPool pool;

    private Connection open() throws SQLException {
        if (down.get()) {
            throw new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        }
        opened.incrementAndGet();
        return DerbyMemory.open(name);
    }

    private ConnectionPool pool(int size, Duration wait) {
        pool = new ConnectionPool(this::open, size, wait, CONNECT_TIMEOUT);
        return pool;
    }

    /** Made before each test: making an in-memory database takes a while, opening a connection to it does not. */
    @BeforeEach
    void makeTheDatabase() throws SQLException {
        DerbyMemory.open(name).close();
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
        DerbyMemory.drop(name);
    }

    @Test
    void reusesReleasedConnections() throws SQLException {
        ConnectionPool pool = pool(2, Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            pool.release(pool.borrow(), false);
        }

        assertTrue(opened.get() <= 2, opened.get() + " connections opened for 20 calls on a pool of 2");
    }

    @Test
    void waitsForAFreeConnectionThenSaysWhatToChange() throws SQLException {
        ConnectionPool pool = pool(1, Duration.ofSeconds(1));
        pool.borrow();

        SQLException e = assertThrows(SQLException.class, pool::borrow);

        assertTrue(e.getMessage().contains("maxConnections"), e.getMessage());
    }

    /** The pool opens its connections in the background: waits until it holds them all. */
    private static void awaitFull(ConnectionPool pool) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (pool.use().idle() < pool.use().max()) {
            assertTrue(System.nanoTime() < deadline, "the pool did not fill: " + pool.use());
            Thread.sleep(10);
        }
    }

    @Test
    void whileTheDatabaseRefusesEveryCallButTheFirstFailsAtOnce() throws Exception {
        ConnectionPool pool = pool(2, Duration.ofSeconds(5));
        awaitFull(pool);
        down.set(true);
        pool.release(pool.borrow(), true); // the connection broke: the database went away

        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, pool::borrow);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(e.getMessage().contains("refused"), e.getMessage());
            assertTrue(millis < 100, "call " + i + " took " + millis + " ms to fail");
        }
    }

    @Test
    void aCallThatMeetsTheDatabaseDownFailsWithinTheConnectTimeout() throws SQLException {
        down.set(true);
        ConnectionPool pool = pool(2, Duration.ofSeconds(5));

        long start = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, pool::borrow);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertTrue(millis < CONNECT_TIMEOUT.toMillis() + 500, "took " + millis + " ms");
    }

    @Test
    void fromTheMomentTheDatabaseAnswersAgainEveryCallGetsAConnection() throws SQLException {
        down.set(true);
        ConnectionPool pool = pool(2, Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            assertThrows(SQLException.class, pool::borrow);
        }
        down.set(false);

        for (int i = 0; i < 50; i++) {
            long start = System.nanoTime();
            Connection c = pool.borrow();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(c.isValid(1));
            pool.release(c, false);
            assertTrue(millis < 100, "call " + i + " took " + millis + " ms");
        }
    }

    @Test
    void reportsItsUse() throws SQLException {
        ConnectionPool pool = pool(3, Duration.ofSeconds(1));
        Connection a = pool.borrow();
        Connection b = pool.borrow();

        PoolUse use = pool.use();

        assertEquals(2, use.active());
        assertEquals(3, use.max());
        assertEquals(0, use.waiting());
        assertTrue(use.total() >= 2 && use.total() <= 3, use.toString());
        assertEquals(use.total(), use.active() + use.idle(), use.toString());
        pool.release(a, false);
        pool.release(b, false);
        assertEquals(0, pool.use().active());
    }

    @Test
    void aClosedPoolRefuses() {
        ConnectionPool pool = pool(1, Duration.ofSeconds(1));
        pool.close();

        SQLException e = assertThrows(SQLException.class, pool::borrow);

        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
