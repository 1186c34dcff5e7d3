/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.manage;

import io.cengjiyun.database.internal.DerbyMemory;
import io.cengjiyun.database.internal.JdbcDatabaseService;

/** The managers' concurrency on embedded Derby, where lock timeouts (40XL1) used to answer 503. */
class DerbyConcurrentManagersTest extends ConcurrentManagersContractTest {
    private String name;

    @Override
    protected JdbcDatabaseService newDatabase() {
        name = DerbyMemory.newName("concurrent-managers");
        return new JdbcDatabaseService(() -> DerbyMemory.open(name));
    }

    @Override
    protected void emptyDatabase() {
        DerbyMemory.drop(name);
    }
}
