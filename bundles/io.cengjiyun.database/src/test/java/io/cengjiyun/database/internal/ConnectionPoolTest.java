/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionPoolTest {
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    private Connection fakeConnection() {
        opened.incrementAndGet();
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> {
                        closed.incrementAndGet();
                        yield null;
                    }
                    case "isValid" -> true;
                    case "isClosed" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ConnectionPool pool(int size, Duration wait) {
        return new ConnectionPool(this::fakeConnection, size, wait);
    }

    @Test
    void reusesAReleasedConnection() throws SQLException {
        ConnectionPool pool = pool(2, Duration.ofSeconds(1));
        Connection first = pool.borrow();
        pool.release(first, false);

        assertSame(first, pool.borrow());
        assertEquals(1, opened.get());
    }

    @Test
    void closesABrokenConnectionInsteadOfKeepingIt() throws SQLException {
        ConnectionPool pool = pool(2, Duration.ofSeconds(1));
        Connection broken = pool.borrow();
        pool.release(broken, true);

        assertNotSame(broken, pool.borrow());
        assertEquals(1, closed.get());
    }

    @Test
    void waitsForAFreeConnectionThenSaysWhatToChange() throws SQLException {
        ConnectionPool pool = pool(1, Duration.ofMillis(50));
        pool.borrow();

        SQLException e = assertThrows(SQLException.class, pool::borrow);

        assertTrue(e.getMessage().contains("maxConnections"), e.getMessage());
    }

    @Test
    void aReleasedConnectionFreesItsPlace() throws SQLException {
        ConnectionPool pool = pool(1, Duration.ofMillis(50));
        pool.release(pool.borrow(), true);

        pool.borrow();

        assertEquals(2, opened.get());
    }

    @Test
    void closingClosesIdleConnectionsNowAndBorrowedOnesOnReturn() throws SQLException {
        ConnectionPool pool = pool(2, Duration.ofSeconds(1));
        Connection idle = pool.borrow();
        Connection busy = pool.borrow();
        pool.release(idle, false);

        pool.close();
        assertEquals(1, closed.get());
        pool.release(busy, false);
        assertEquals(2, closed.get());
        assertThrows(SQLException.class, pool::borrow);
    }

    @Test
    void aFailedOpenFreesItsPlace() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        ConnectionPool pool = new ConnectionPool(
                () -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new SQLException("refused", "08001");
                    }
                    return fakeConnection();
                },
                1,
                Duration.ofMillis(50));

        assertThrows(SQLException.class, pool::borrow);
        pool.borrow();
    }
}
