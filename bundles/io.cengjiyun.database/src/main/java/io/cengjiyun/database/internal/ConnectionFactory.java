/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens new connections to the store's database; the store pools them. */
@FunctionalInterface
public interface ConnectionFactory {

    Connection open() throws SQLException;

    /** Where the connections go, for error messages; never shows a password. */
    default String description() {
        return "the database";
    }

    /** Called once the store no longer uses the database, after it closed its connections. */
    default void shutdown() {}
}
