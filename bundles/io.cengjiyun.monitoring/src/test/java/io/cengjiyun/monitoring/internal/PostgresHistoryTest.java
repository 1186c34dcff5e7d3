/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.cengjiyun.database.internal.ConnectionFactory;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.database.internal.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The history's down-sampling and retention on a real PostgreSQL, a database per test. Fails without PostgreSQL's
 * binaries (CI installs them): SQL never run on PostgreSQL must not pass as tested.
 */
class PostgresHistoryTest extends HistoryTest {
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
    protected ConnectionFactory newDatabase() throws Exception {
        return JdbcDatabaseService.factory(postgres.createDatabase(), "postgres", "", null);
    }
}
