/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 23: replicas that start together on one empty PostgreSQL migrate it once. Four connections (as four replicas
 * would have) run the same migrations at the same moment: every one succeeds, the scripts are applied once, and the
 * others find the schema current.
 */
class PostgresMigrationsTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void replicasStartingTogetherMigrateOnceUnderTheDatabaseLock() throws Exception {
        String url = POSTGRES.createDatabase();
        int replicas = 4;
        CyclicBarrier together = new CyclicBarrier(replicas);
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            List<Future<Integer>> applied = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                Callable<Integer> replica = () -> {
                    try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
                        together.await(30, TimeUnit.SECONDS);
                        return Migrations.load(
                                        getClass().getClassLoader(),
                                        "migrations/good",
                                        List.of("V1__first.sql", "V2__second.sql"))
                                .migrate(c, Dialect.POSTGRESQL);
                    }
                };
                applied.add(pool.submit(replica));
            }
            int total = 0;
            for (Future<Integer> f : applied) {
                total += f.get(60, TimeUnit.SECONDS); // a replica that failed (a table made twice) throws here
            }
            assertEquals(2, total, "the two scripts are applied once in all");
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM first_table")) {
            rows.next();
            assertEquals(1, rows.getInt(1), "the first script's row once");
        }
    }
}
