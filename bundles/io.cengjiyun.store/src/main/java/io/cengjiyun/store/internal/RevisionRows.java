/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import io.cengjiyun.api.Revision;
import io.cengjiyun.api.What;
import io.cengjiyun.database.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of table {@code revisions}: every definition a server ever had, numbered from 1. */
final class RevisionRows {
    static final int AUTHOR_WIDTH = 255;
    static final int MESSAGE_WIDTH = 2000;
    private static final String SELECT = "SELECT revision, author, created_at, message, definition FROM revisions"
            + " WHERE service = ? AND appmap = ? AND server = ?";

    private final DefinitionJson json;

    RevisionRows(DefinitionJson json) {
        this.json = json;
    }

    /** Newest first. */
    List<Revision> list(Connection c, String service, String appmap, String server) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " ORDER BY revision DESC")) {
            ServerRows.key(s, 1, service, appmap, server);
            try (ResultSet rows = s.executeQuery()) {
                List<Revision> revisions = new ArrayList<>();
                while (rows.next()) {
                    revisions.add(map(rows, What.server(service, appmap, server)));
                }
                return revisions;
            }
        }
    }

    Optional<Revision> find(Connection c, String service, String appmap, String server, long number)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " AND revision = ?")) {
            ServerRows.key(s, 1, service, appmap, server);
            s.setLong(4, number);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(map(rows, What.server(service, appmap, server))) : Optional.empty();
            }
        }
    }

    void insert(
            Connection c,
            String service,
            String appmap,
            String server,
            long number,
            String definitionJson,
            String author,
            String message,
            Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO revisions (service, appmap, server, revision,"
                + " author, created_at, message, definition) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ServerRows.key(s, 1, service, appmap, server);
            s.setLong(4, number);
            s.setString(5, author);
            Sql.setInstant(s, 6, now);
            s.setString(7, message);
            s.setString(8, definitionJson);
            s.executeUpdate();
        }
    }

    private Revision map(ResultSet rows, String what) throws SQLException {
        return new Revision(
                rows.getLong("revision"),
                rows.getString("author"),
                Sql.getInstant(rows, "created_at"),
                rows.getString("message"),
                json.read(rows.getString("definition"), what));
    }

    /**
     * Deletes the revisions of one server, of every server of an appmap ({@code server} null), or of every server of a
     * service ({@code appmap} null too): by the primary key's leading columns, so that only these rows are locked.
     * The caller deletes the servers after; their foreign key does not cascade (see V2__revisions_without_cascade.sql).
     */
    static void deleteAllOf(Connection c, String service, String appmap, String server) throws SQLException {
        String sql = "DELETE FROM revisions WHERE service = ?" + (appmap == null ? "" : " AND appmap = ?")
                + (appmap == null || server == null ? "" : " AND server = ?");
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, service);
            if (appmap != null) {
                s.setString(2, appmap);
                if (server != null) {
                    s.setString(3, server);
                }
            }
            s.executeUpdate();
        }
    }

    /** Deletes one revision; false if there was none. */
    boolean delete(Connection c, String service, String appmap, String server, long number) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM revisions WHERE service = ? AND appmap = ? AND server = ?" + " AND revision = ?")) {
            s.setString(1, service);
            s.setString(2, appmap);
            s.setString(3, server);
            s.setLong(4, number);
            return s.executeUpdate() == 1;
        }
    }
}
