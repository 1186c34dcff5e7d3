/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.cengjiyun.database.PoolUse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The database's connections, pooled by HikariCP (validated after half a second idle, replaced when broken, the pool
 * refilled in the background), with two things HikariCP does not do by itself:
 * <ul>
 *   <li>While the database does not answer, a call fails at once. HikariCP would make each call wait its whole
 *       connection timeout; here, once a connection could not be opened, the pool is emptied and every call asks the
 *       database directly, which refuses within milliseconds.
 *   <li>From the moment the database answers again, every call gets a connection. HikariCP's opener retries with a
 *       back-off of up to 5 s, so calls in that window would time out; until the pool has a connection again, each
 *       call gets one of its own, closed after use.
 * </ul>
 */
final class ConnectionPool implements AutoCloseable {
    static final int DEFAULT_SIZE = 8;
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final ConnectionFactory factory;
    private final int size;
    private final Duration wait;
    private final Duration connectTimeout;
    private final HikariDataSource hikari;
    private final HikariPoolMXBean use;
    /** Connections of their own, handed out while the pool has none; at most {@link #size} at once. */
    private final Semaphore ownPermits;

    private final Set<Connection> own = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    /** True from a failed attempt to open a connection until the pool holds one again. */
    private volatile boolean unreachable;

    private volatile boolean closed;

    /**
     * @param wait           how long a call waits for a free connection while all are in use
     * @param connectTimeout how long a call waits for a connection the database does not give (then 503)
     */
    ConnectionPool(ConnectionFactory factory, int size, Duration wait, Duration connectTimeout) {
        if (size < 1) {
            throw new IllegalArgumentException("maxConnections is " + size + ": give at least 1");
        }
        if (connectTimeout.toMillis() < 250) {
            throw new IllegalArgumentException(
                    "connectTimeoutSeconds is below the 250 ms the pool needs: give at least 1 second");
        }
        this.factory = factory;
        this.size = size;
        this.wait = wait;
        this.connectTimeout = connectTimeout;
        this.ownPermits = new Semaphore(size);
        HikariConfig config = new HikariConfig();
        config.setPoolName("cengjiyun-database");
        config.setDataSource(new FactoryDataSource(factory));
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(connectTimeout.toMillis());
        config.setValidationTimeout(Math.max(250, connectTimeout.toMillis() / 2));
        // Opens no connection now: an unreachable database answers 503 on use, it does not stop the bundle.
        config.setInitializationFailTimeout(-1);
        this.hikari = new HikariDataSource(config);
        this.use = hikari.getHikariPoolMXBean();
    }

    /** A connection for the caller alone, until it gives it back with {@link #release}. */
    Connection borrow() throws SQLException {
        if (closed) {
            throw new SQLTransientConnectionException("the database is closed (its bundle stopped)", "08003");
        }
        if (unreachable) {
            if (use.getIdleConnections() == 0 && use.getTotalConnections() < size) {
                return ownConnection();
            }
            unreachable = false; // the pool opened connections again (it held none when it was marked)
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return hikari.getConnection();
            } catch (SQLException e) {
                if (closed) {
                    throw e;
                }
                if (!allInUse()) {
                    // The pool could not open one: the database refuses, or the pool's opener is in its back-off.
                    return ownConnection();
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new SQLTransientConnectionException(
                            "all " + size + " connections stayed in use for " + wait.toSeconds()
                                    + " s: the database answers too slowly, or maxConnections is too small",
                            "08001",
                            e);
                }
            }
        }
    }

    /** Takes a connection back; a broken one is closed and replaced, and the database asked whether it answers. */
    void release(Connection connection, boolean broken) {
        if (own.remove(connection)) {
            closeQuietly(connection);
            ownPermits.release();
            return;
        }
        if (broken && !closed) {
            hikari.evictConnection(connection);
            if (!answers()) {
                markUnreachable();
            }
            return;
        }
        closeQuietly(connection); // back to the pool (a pooled connection's close returns it)
    }

    /** How the connections are used now. */
    PoolUse use() {
        int ownInUse = own.size();
        int active = use.getActiveConnections() + ownInUse;
        return new PoolUse(
                active,
                use.getIdleConnections(),
                use.getTotalConnections() + ownInUse,
                use.getThreadsAwaitingConnection(),
                size);
    }

    /** Closes the pool's connections now (those in use are aborted) and any of their own when they come back. */
    @Override
    public void close() {
        closed = true;
        hikari.close();
    }

    private boolean allInUse() {
        return use.getTotalConnections() >= size && use.getIdleConnections() == 0;
    }

    /** A connection outside the pool, or at once the database's own refusal. */
    private Connection ownConnection() throws SQLException {
        try {
            if (!ownPermits.tryAcquire(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException(
                        "the pool is refilling and " + size + " connections of their own are in use: try again",
                        "08001");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a connection", "08001", e);
        }
        try {
            Connection connection = factory.open();
            own.add(connection);
            return connection;
        } catch (SQLException | RuntimeException | Error e) {
            ownPermits.release();
            if (e instanceof SQLException) {
                markUnreachable();
            }
            throw e;
        }
    }

    private boolean answers() {
        try (Connection probe = factory.open()) {
            return probe.isValid((int) Math.max(1, connectTimeout.toSeconds()));
        } catch (SQLException e) {
            return false;
        }
    }

    /** The pooled connections are dead too: drop them, so that the pool holds only ones opened since. */
    private void markUnreachable() {
        if (!unreachable) {
            unreachable = true;
            use.softEvictConnections();
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Gone already: nothing left to release.
        }
    }
}
