/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import io.cengjiyun.database.internal.ConnectionFactory;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.database.internal.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Concurrent writers on a real PostgreSQL; one database emptied after each test. */
class PostgresConcurrentWritesTest extends ConcurrentWritesContractTest {
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
    protected void refreshStatistics(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE services, appmaps, servers, revisions, members, allotments, volume_configs");
        }
    }
}
