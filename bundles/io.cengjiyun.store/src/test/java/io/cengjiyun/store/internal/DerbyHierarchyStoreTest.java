/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import io.cengjiyun.database.internal.ConnectionFactory;
import io.cengjiyun.database.internal.DerbyMemory;
import org.junit.jupiter.api.AfterAll;

/**
 * The store's contract on embedded Derby. The tests share one in-memory database, emptied after each,
 * and do not shut it down between tests: creating or rebooting a Derby database costs most of a second.
 * Fresh databases are covered by MigrationsTest, shutdown and reopening on disk by JdbcHierarchyStoreTest.
 */
class DerbyHierarchyStoreTest extends HierarchyStoreContractTest {
    private static final String NAME = DerbyMemory.newName("contract");
    private static final ConnectionFactory DATABASE = () -> DerbyMemory.open(NAME);

    @Override
    protected ConnectionFactory newDatabase() {
        return DATABASE;
    }

    @Override
    protected void emptyDatabase() {
        deleteAllRows(DATABASE);
    }

    @AfterAll
    static void dropSharedDatabase() {
        DerbyMemory.drop(NAME);
    }
}
