/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Deletes the rows of other modules' tables that reference a service or an appmap by foreign key (members,
 * allotments, config maps...), by key and just before the service or appmap itself: they go with it, as
 * {@link io.cengjiyun.store.Database#migrate} promises. The store does it rather than an {@code ON DELETE CASCADE}
 * because Derby runs a cascade with an exclusive lock on the whole referencing table, whatever rows it deletes: every
 * delete of a service would hold up every writer of those tables, and could wait forever on a recompilation (lock
 * timeouts, SQL state 40XL1). The references are read from the database's metadata, so a module migrated later is
 * included, and the store names no table of another module: once per database and table, then from memory, because
 * Derby answers {@code getExportedKeys} with a query on its system tables that timed out on their locks when many
 * services were deleted at once (AccessMatrixIT's fixtures, 40XL1). A parent delete that a reference not read yet
 * refuses (a module migrated since) makes the next delete read them again ({@link #forget}).
 */
final class References {
    /** The hierarchy's own tables: the store deletes their rows itself, children first. */
    private static final Set<String> HIERARCHY = Set.of("services", "appmaps", "servers", "revisions");

    private References() {}

    /**
     * Deletes what references the rows of {@code table} whose key starts with {@code key} (a service's name; an
     * appmap's service, and name unless all appmaps of the service go).
     */
    static void deleteRowsReferencing(Connection c, String table, String... key) throws SQLException {
        for (Reference reference : referencing(c, table)) {
            StringBuilder sql =
                    new StringBuilder("DELETE FROM ").append(reference.table()).append(" WHERE ");
            for (int i = 0; i < key.length; i++) {
                sql.append(i == 0 ? "" : " AND ")
                        .append(reference.columns().get(i))
                        .append(" = ?");
            }
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < key.length; i++) {
                    s.setString(i + 1, key[i]);
                }
                s.executeUpdate();
            }
        }
    }

    /** A table of another module and its columns that reference the key of the parent, in the key's order. */
    record Reference(String table, List<String> columns) {}

    /** What was read, by database URL and table. */
    private static final Map<String, List<Reference>> KNOWN = new java.util.concurrent.ConcurrentHashMap<>();

    /** Reads the references again at the next delete: a parent's delete was refused by one not known. */
    static void forget() {
        KNOWN.clear();
    }

    static List<Reference> referencing(Connection c, String table) throws SQLException {
        String key = c.getMetaData().getURL() + "|" + c.getSchema() + "|" + table;
        List<Reference> known = KNOWN.get(key);
        if (known != null) {
            return known;
        }
        List<Reference> read = read(c, table);
        KNOWN.put(key, read);
        return read;
    }

    private static List<Reference> read(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        // Unquoted names are kept upper-case by Derby and lower-case by PostgreSQL; the metadata wants them as kept.
        String stored = meta.storesUpperCaseIdentifiers()
                ? table.toUpperCase(Locale.ROOT)
                : meta.storesLowerCaseIdentifiers() ? table.toLowerCase(Locale.ROOT) : table;
        Map<String, TreeMap<Short, String[]>> byKey = new TreeMap<>();
        try (ResultSet keys = meta.getExportedKeys(null, c.getSchema(), stored)) {
            while (keys.next()) {
                String referencing = keys.getString("FKTABLE_NAME").toLowerCase(Locale.ROOT);
                if (HIERARCHY.contains(referencing)) {
                    continue;
                }
                byKey.computeIfAbsent(referencing + "/" + keys.getString("FK_NAME"), k -> new TreeMap<>())
                        .put(keys.getShort("KEY_SEQ"), new String[] {referencing, keys.getString("FKCOLUMN_NAME")});
            }
        }
        List<Reference> references = new ArrayList<>();
        for (TreeMap<Short, String[]> columns : byKey.values()) {
            String referencing = columns.firstEntry().getValue()[0];
            references.add(new Reference(
                    referencing,
                    columns.values().stream()
                            .map(column -> column[1].toLowerCase(Locale.ROOT))
                            .toList()));
        }
        return references;
    }
}
