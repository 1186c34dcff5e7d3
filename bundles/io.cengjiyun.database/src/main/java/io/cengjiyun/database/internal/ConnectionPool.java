/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A few open connections, reused. Opening a connection costs far more than a read of one row, and the
 * store's reads must stay within milliseconds. Small on purpose: no statement cache, no background threads.
 */
final class ConnectionPool implements AutoCloseable {
    static final int DEFAULT_SIZE = 8;
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    /** A connection idle longer than this is checked before use: the server may have dropped it meanwhile. */
    private static final long CHECK_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private static final int CHECK_TIMEOUT_SECONDS = 2;

    private final ConnectionFactory factory;
    private final int size;
    private final Duration wait;
    private final Semaphore permits;
    private final Deque<Idle> idle = new ArrayDeque<>(); // guarded by this; most recently used first
    private boolean closed; // guarded by this

    private record Idle(Connection connection, long sinceNanos) {}

    ConnectionPool(ConnectionFactory factory, int size, Duration wait) {
        if (size < 1) {
            throw new IllegalArgumentException("maxConnections is " + size + ": give at least 1");
        }
        this.factory = factory;
        this.size = size;
        this.wait = wait;
        this.permits = new Semaphore(size, true);
    }

    /** A connection for the caller alone, until it gives it back with {@link #release}. */
    Connection borrow() throws SQLException {
        acquirePermit();
        try {
            Connection reused = takeIdle();
            return reused != null ? reused : factory.open();
        } catch (SQLException | RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /** Takes a connection back; a broken one, or any after {@link #close}, is closed instead. */
    void release(Connection connection, boolean broken) {
        try {
            boolean keep;
            synchronized (this) {
                keep = !closed && !broken;
                if (keep) {
                    idle.addFirst(new Idle(connection, System.nanoTime()));
                }
            }
            if (!keep) {
                closeQuietly(connection);
            }
        } finally {
            permits.release();
        }
    }

    /** Closes the idle connections now and the borrowed ones when they come back. */
    @Override
    public void close() {
        Deque<Idle> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(i -> closeQuietly(i.connection()));
    }

    private void acquirePermit() throws SQLException {
        try {
            if (!permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException(
                        "all " + size + " connections stayed in use for " + wait.toSeconds()
                                + " s: the database answers too slowly, or maxConnections is too small",
                        "08001");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a connection", "08001", e);
        }
    }

    private Connection takeIdle() throws SQLException {
        while (true) {
            Idle candidate;
            synchronized (this) {
                if (closed) {
                    throw new SQLTransientConnectionException("the store is closed", "08003");
                }
                candidate = idle.pollFirst();
            }
            if (candidate == null) {
                return null;
            }
            if (System.nanoTime() - candidate.sinceNanos() < CHECK_AFTER_IDLE_NANOS
                    || isValid(candidate.connection())) {
                return candidate.connection();
            }
            closeQuietly(candidate.connection());
        }
    }

    private static boolean isValid(Connection connection) {
        try {
            return connection.isValid(CHECK_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
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
