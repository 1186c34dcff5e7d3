/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.manage;

import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.database.internal.PostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The managers' concurrency on a real PostgreSQL, a database of its own per test. */
class PostgresConcurrentManagersTest extends ConcurrentManagersContractTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Override
    protected JdbcDatabaseService newDatabase() throws Exception {
        return JdbcDatabaseService.of(POSTGRES.createDatabase(), "postgres", "", null);
    }

    @Override
    protected void emptyDatabase() {
        // each test has a database of its own; the server goes after the class
    }
}
