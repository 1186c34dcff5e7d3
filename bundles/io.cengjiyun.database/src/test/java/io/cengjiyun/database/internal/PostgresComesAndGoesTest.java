/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.UnavailableException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL stopped and started again under 4 clients of the database: while it is down every call fails
 * with the 503 of the REST API ({@link UnavailableException}) naming the database, the first within the connect
 * timeout and the others at once; from the moment it answers again, no call fails.
 */
class PostgresComesAndGoesTest {
    private static final int CLIENTS = 4;
    private static final long CONNECT_TIMEOUT_MILLIS = ConnectionPool.DEFAULT_CONNECT_TIMEOUT.toMillis();

    /** One call of a client: when it started and ended (nanoTime), and its failure, if any. */
    record Call(long start, long end, RuntimeException failure) {
        long millis() {
            return (end - start) / 1_000_000;
        }
    }

    @Test
    void whileDownCallsFailAtOnceNamingTheDatabaseAndOnceBackNoCallFails() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            String url = postgres.createDatabase();
            JdbcDatabaseService db = JdbcDatabaseService.of(url, "postgres", "", null);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                db.write("create the table", c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE calls (id SERIAL PRIMARY KEY, client INT NOT NULL)");
                    }
                    return null;
                });
                ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
                AtomicBoolean running = new AtomicBoolean(true);
                List<Future<?>> loops = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    int client = i;
                    loops.add(clients.submit(() -> callUntilStopped(db, client, running, calls)));
                }
                Thread.sleep(1_000);
                postgres.stop();
                long down = System.nanoTime();
                Thread.sleep(4_000);
                long starting = System.nanoTime();
                postgres.startAgain();
                long up = System.nanoTime();
                Thread.sleep(3_000);
                running.set(false);
                for (Future<?> f : loops) {
                    f.get(30, TimeUnit.SECONDS);
                }

                List<Call> whileDown = calls.stream()
                        .filter(c -> c.start() >= down && c.end() < starting)
                        .toList();
                List<Call> afterUp = calls.stream().filter(c -> c.start() >= up).toList();
                List<Long> downMillis =
                        whileDown.stream().map(Call::millis).sorted().toList();
                long afterFailures =
                        afterUp.stream().filter(c -> c.failure() != null).count();
                System.out.printf(
                        "PostgreSQL down: %d calls, %d failed with 503, time to fail median %d ms, max %d ms;"
                                + " after it answered again: %d calls, %d failed%n",
                        whileDown.size(),
                        whileDown.stream()
                                .filter(c -> c.failure() instanceof UnavailableException)
                                .count(),
                        downMillis.isEmpty() ? -1 : downMillis.get(downMillis.size() / 2),
                        downMillis.isEmpty() ? -1 : downMillis.get(downMillis.size() - 1),
                        afterUp.size(),
                        afterFailures);

                assertTrue(whileDown.size() > 20, whileDown.size() + " calls while down");
                for (Call call : whileDown) {
                    assertTrue(
                            call.failure() instanceof UnavailableException,
                            "a call while PostgreSQL is down: " + call.failure());
                    assertTrue(
                            call.failure().getMessage().contains(url),
                            "names the database: " + call.failure().getMessage());
                    assertTrue(
                            call.millis() <= CONNECT_TIMEOUT_MILLIS + 1_000,
                            "failed after " + call.millis() + " ms, not within the connect timeout");
                }
                // All but the first call of each client fail at once.
                assertTrue(
                        downMillis.get(downMillis.size() - 1 - CLIENTS) < 200,
                        "times to fail while down (ms): " + downMillis);
                assertTrue(afterUp.size() > 20, afterUp.size() + " calls after PostgreSQL answered again");
                assertEquals(
                        List.of(),
                        afterUp.stream()
                                .filter(c -> c.failure() != null)
                                .map(c -> c.failure().getMessage())
                                .toList(),
                        "calls that failed after PostgreSQL answered again");
                assertEquals(Integer.valueOf(CLIENTS), db.<Integer>read("count the clients", c -> {
                    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(DISTINCT client) FROM calls");
                            ResultSet rows = s.executeQuery()) {
                        rows.next();
                        return rows.getInt(1);
                    }
                }));
            } finally {
                clients.shutdownNow();
                db.close();
            }
        }
    }

    /** Writes and reads one after the other, about 100 calls a second, until told to stop. */
    private static void callUntilStopped(
            JdbcDatabaseService db, int client, AtomicBoolean running, ConcurrentLinkedQueue<Call> calls) {
        boolean write = true;
        while (running.get()) {
            long start = System.nanoTime();
            RuntimeException failure = null;
            try {
                if (write) {
                    db.write("add a row of client " + client, c -> {
                        try (PreparedStatement s = c.prepareStatement("INSERT INTO calls (client) VALUES (?)")) {
                            s.setInt(1, client);
                            return s.executeUpdate();
                        }
                    });
                } else {
                    db.read("count the rows", c -> {
                        try (Statement s = c.createStatement();
                                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM calls")) {
                            rows.next();
                            return rows.getLong(1);
                        }
                    });
                }
            } catch (RuntimeException e) {
                failure = e;
            }
            calls.add(new Call(start, System.nanoTime(), failure));
            write = !write;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
