/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The database on JDBC (embedded Derby or PostgreSQL): its connection pool (HikariCP), transactions and per-module
 * schema migrations, the sealing of values at rest, and backups of the embedded database with the key files. Not exported: other bundles use {@link io.cengjiyun.database.Database}
 * and {@link io.cengjiyun.database.Sealing}.
 */
package io.cengjiyun.database.internal;
