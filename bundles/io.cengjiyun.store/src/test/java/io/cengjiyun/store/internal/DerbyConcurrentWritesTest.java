/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import io.cengjiyun.database.internal.ConnectionFactory;
import io.cengjiyun.database.internal.DerbyMemory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;

/** Concurrent writers on embedded Derby, with its default lock timeouts; one in-memory database emptied after each test. */
class DerbyConcurrentWritesTest extends ConcurrentWritesContractTest {
    private static final String NAME = DerbyMemory.newName("concurrent");
    private static final ConnectionFactory DATABASE = () -> DerbyMemory.open(NAME);

    @Override
    protected ConnectionFactory newDatabase() {
        return DATABASE;
    }

    @AfterAll
    static void dropSharedDatabase() {
        DerbyMemory.drop(NAME);
    }

    @Override
    protected void refreshStatistics(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String table : new String[] {
                "SERVICES", "APPMAPS", "SERVERS", "REVISIONS", "MEMBERS", "ALLOTMENTS", "VOLUME_CONFIGS"
            }) {
                s.execute("CALL SYSCS_UTIL.SYSCS_UPDATE_STATISTICS('APP', '" + table + "', NULL)");
            }
        }
    }
}
