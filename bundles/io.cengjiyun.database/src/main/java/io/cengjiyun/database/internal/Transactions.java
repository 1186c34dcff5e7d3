/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.database.Database.Work;
import io.cengjiyun.database.Sql;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs the store's units of work on pooled connections: writes in one transaction each, reads in
 * auto-commit. A failure of the database becomes an {@link UnavailableException} that says what failed
 * and what to check; domain errors thrown by the work roll back and pass through unchanged.
 */
final class Transactions {
    private final ConnectionPool pool;
    private final String database;

    Transactions(ConnectionPool pool, String database) {
        this.pool = pool;
        this.database = database;
    }

    <T> T read(String action, Work<T> work) {
        Connection connection = borrow(action);
        boolean broken = false;
        try {
            return work.run(connection);
        } catch (SQLException e) {
            broken = gone(e);
            throw failed(action, e, "");
        } finally {
            pool.release(connection, broken);
        }
    }

    <T> T write(String action, Work<T> work) {
        Connection connection = borrow(action);
        boolean broken = false;
        try {
            connection.setAutoCommit(false);
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException e) {
            broken = !rollback(connection) || gone(e);
            throw failed(action, e, " The change was rolled back.");
        } catch (RuntimeException | Error e) {
            broken = !rollback(connection);
            throw e;
        } finally {
            broken |= !restoreAutoCommit(connection);
            pool.release(connection, broken);
        }
    }

    private Connection borrow(String action) {
        try {
            return pool.borrow();
        } catch (SQLException e) {
            throw new UnavailableException(
                    "Could not " + action + ": no connection to " + database + " ("
                            + e.getMessage()
                            + "). Check that the database runs and is reachable, and the jdbcUrl, user and"
                            + " password of configuration io.cengjiyun.database.",
                    e);
        }
    }

    private UnavailableException failed(String action, SQLException e, String outcome) {
        return new UnavailableException(
                "Could not " + action + ": " + database + " failed (SQL state " + e.getSQLState()
                        + ": " + e.getMessage() + ")." + outcome + " Check that the database runs and is reachable"
                        + " (jdbcUrl of configuration io.cengjiyun.database), then try again.",
                e);
    }

    /**
     * The connection cannot be used again: a connection exception (class 08), or PostgreSQL ending the session because
     * it shuts down (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
     */
    private static boolean gone(SQLException e) {
        return Sql.isConnectionFailure(e)
                || (e.getSQLState() != null && e.getSQLState().startsWith("57P0"));
    }

    private static boolean rollback(Connection connection) {
        try {
            connection.rollback();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
