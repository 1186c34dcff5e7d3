/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.cengjiyun.database.internal.ConnectionFactory;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.database.internal.PostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The history's down-sampling and retention on a real PostgreSQL, a database per test. Fails without PostgreSQL's
 * binaries (CI installs them): SQL never run on PostgreSQL must not pass as tested.
 */
class PostgresHistoryTest extends HistoryTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Override
    protected ConnectionFactory newDatabase() throws Exception {
        return JdbcDatabaseService.factory(POSTGRES.createDatabase(), "postgres", "", null);
    }
}
