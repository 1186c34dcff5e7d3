/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The databases the store runs on. Their DML is the same; only the DDL of the migrations differs. */
enum Dialect {
    DERBY("derby"),
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** The folder of this dialect's migration scripts under {@code db/}. */
    String folder() {
        return folder;
    }

    /** How the database stores an unquoted identifier, for metadata lookups. */
    String storedIdentifier(String name) {
        return this == DERBY ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT);
    }

    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        if (product.contains("Derby")) {
            return DERBY;
        }
        if (product.contains("PostgreSQL")) {
            return POSTGRESQL;
        }
        throw new IllegalStateException("The store runs on Apache Derby or PostgreSQL, not on " + product
                + ": change jdbcUrl of configuration io.cengjiyun.database");
    }
}
