/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.manage;

import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.database.internal.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The managers' concurrency on a real PostgreSQL, a database of its own per test. */
class PostgresConcurrentManagersTest extends ConcurrentManagersContractTest {
    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected JdbcDatabaseService newDatabase() throws Exception {
        return JdbcDatabaseService.of(postgres.createDatabase(), "postgres", "", null);
    }

    @Override
    protected void emptyDatabase() {
        // each test has a database of its own; the server goes after the class
    }
}
