/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import io.cengjiyun.database.internal.ConnectionFactory;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.database.internal.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store's contract on a real PostgreSQL; the tests share one database, emptied after each. Fails
 * without PostgreSQL's binaries (CI installs them): a store never run on PostgreSQL must not pass as tested.
 */
class PostgresHierarchyStoreTest extends HierarchyStoreContractTest {
    private static PostgresServer postgres;
    private static ConnectionFactory database;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
        database = JdbcDatabaseService.factory(postgres.createDatabase(), "postgres", "", null);
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected ConnectionFactory newDatabase() {
        return database;
    }

    @Override
    protected void emptyDatabase() {
        deleteAllRows(database);
    }
}
