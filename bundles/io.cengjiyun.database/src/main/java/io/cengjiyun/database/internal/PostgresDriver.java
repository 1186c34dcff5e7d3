/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import java.sql.Driver;

/**
 * The only reference to the PostgreSQL driver. Kept in its own class so that the optional import of
 * {@code org.postgresql} is needed only when a jdbcUrl asks for PostgreSQL; callers catch
 * {@link NoClassDefFoundError} when the driver bundle is not installed.
 */
final class PostgresDriver {
    private PostgresDriver() {}

    static Driver create() {
        return new org.postgresql.Driver();
    }
}
