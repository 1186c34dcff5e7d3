/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's one database (embedded Derby by default, PostgreSQL by configuration of
 * {@code io.cengjiyun.database}), offered to the bundles that keep tables of their own next to the hierarchy.
 * Units of work run on pooled connections: a read in auto-commit, a write in one transaction that commits
 * when the work returns and rolls back when it throws. A failure of the database becomes an
 * {@code UnavailableException} (503) that says what failed and names the database; domain errors pass through
 * unchanged. While the database does not answer, a unit of work fails at once (not after a timeout), and from the
 * moment it answers again every unit of work gets a working connection.
 */
@ProviderType
public interface Database {
    /** A unit of work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** @param action what the work does, for messages: "list the users" */
    <T> T read(String action, Work<T> work);

    /** @param action what the work does, for messages: "create user 'ana'" */
    <T> T write(String action, Work<T> work);

    /**
     * Brings a module's tables to their newest version. Scripts are resources {@code db/derby/<name>} and
     * {@code db/postgresql/<name>} of the given class loader, named {@code V<n>__<what>.sql}, oldest first; the
     * versions applied are recorded in the table {@code <module>_schema_version} (the hierarchy's, module
     * {@code hierarchy}, in {@code schema_version}). A module whose tables reference the hierarchy's (a foreign key to
     * services or appmaps) migrates after it: its component references {@code io.cengjiyun.api.HierarchyStore},
     * which the store registers only once its tables exist.
     * <p>
     * A module's row that references a service or an appmap by foreign key goes with it: the store deletes it, by key,
     * just before the service or appmap. Declare such a key without {@code ON DELETE CASCADE}: Derby runs a cascade
     * with an exclusive lock on the whole referencing table, which holds up every other writer of it and, under
     * concurrent deletes, ends in lock timeouts.
     *
     * @param module a short lower-case name, e.g. {@code security}
     * @param bundle the owner, for messages
     * @return how many scripts were applied
     */
    int migrate(String module, String bundle, ClassLoader loader, List<String> scripts);

    /** How the connections are used now: in use, idle, open, calls waiting, and the most there may be. */
    PoolUse poolUse();

    /**
     * Whether other runtimes may share this database: true for PostgreSQL (replicas), false for embedded Derby (one
     * runtime). Work that must not run twice coordinates through the database only when it is shared.
     */
    boolean shared();
}
