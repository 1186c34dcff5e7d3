/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.What;
import io.cengjiyun.database.Sql;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The SQL of table {@code servers}: the current definition of each server, as JSON, and its version. */
final class ServerRows {
    private static final String SELECT = "SELECT service, appmap, name, version, definition, created_at, updated_at,"
            + " updated_by FROM servers WHERE service = ? AND appmap = ?";
    private static final String WHERE_KEY = " WHERE service = ? AND appmap = ? AND name = ?";

    private static final JsonFactory JSON = new JsonFactory();
    private final DefinitionJson json;

    ServerRows(DefinitionJson json) {
        this.json = json;
    }

    List<Server> list(Connection c, String service, String appmap) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT)) {
            s.setString(1, service);
            s.setString(2, appmap);
            try (ResultSet rows = s.executeQuery()) {
                List<Server> servers = new ArrayList<>();
                while (rows.next()) {
                    servers.add(map(rows));
                }
                return servers;
            }
        }
    }

    /**
     * The rows of an appmap as the API's JSON array, each stored definition copied in as it is, sorted by name
     * in Java like every list of the store (a PostgreSQL collation could order names differently).
     */
    byte[] json(Connection c, String service, String appmap) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SELECT)) {
            s.setString(1, service);
            s.setString(2, appmap);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(Row.of(r));
                }
            }
        }
        rows.sort(Comparator.comparing(Row::name));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192 + rows.size() * 600);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartArray();
            for (Row row : rows) {
                row.write(out);
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** One row of {@code servers}, its definition still the stored JSON text: read once, here, for both lists. */
    private record Row(
            String service,
            String appmap,
            String name,
            long version,
            String definition,
            Instant createdAt,
            Instant updatedAt,
            String updatedBy) {

        static Row of(ResultSet rows) throws SQLException {
            return new Row(
                    rows.getString("service"),
                    rows.getString("appmap"),
                    rows.getString("name"),
                    rows.getLong("version"),
                    rows.getString("definition"),
                    Sql.getInstant(rows, "created_at"),
                    Sql.getInstant(rows, "updated_at"),
                    rows.getString("updated_by"));
        }

        /** The fields of {@link Server}, in its order; Instant.toString is ISO-8601 as the API's mapper writes it. */
        void write(JsonGenerator out) throws IOException {
            out.writeStartObject();
            out.writeStringField("service", service);
            out.writeStringField("appmap", appmap);
            out.writeStringField("name", name);
            out.writeNumberField("version", version);
            out.writeFieldName("definition");
            out.writeRawValue(definition);
            out.writeStringField("createdAt", createdAt.toString());
            out.writeStringField("updatedAt", updatedAt.toString());
            out.writeStringField("updatedBy", updatedBy);
            out.writeEndObject();
        }
    }

    Optional<Server> find(Connection c, String service, String appmap, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " AND name = ?")) {
            s.setString(1, service);
            s.setString(2, appmap);
            s.setString(3, name);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(map(rows)) : Optional.empty();
            }
        }
    }

    OptionalLong version(Connection c, String service, String appmap, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT version FROM servers" + WHERE_KEY)) {
            key(s, 1, service, appmap, name);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    List<String> names(Connection c, String service, String appmap) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM servers WHERE service = ? AND appmap = ?")) {
            s.setString(1, service);
            s.setString(2, appmap);
            return Sql.sortedFirstColumn(s);
        }
    }

    /** Inserts a server at version 1; its first revision is the caller's to add. */
    void insert(
            Connection c,
            String service,
            String appmap,
            String name,
            String kind,
            String definitionJson,
            String author,
            Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO servers (kind, definition, updated_at, updated_by,"
                + " service, appmap, name, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)")) {
            s.setString(1, kind);
            s.setString(2, definitionJson);
            Sql.setInstant(s, 3, now);
            s.setString(4, author);
            key(s, 5, service, appmap, name);
            Sql.setInstant(s, 8, now);
            s.executeUpdate();
        }
    }

    /**
     * Stores a new current definition and raises the version by one if the row is at {@code expectedVersion}
     * (or at any, given ANY_VERSION). The row stays locked until the transaction ends.
     *
     * @return false if no row matched
     */
    boolean update(
            Connection c,
            String service,
            String appmap,
            String name,
            String kind,
            String definitionJson,
            long expectedVersion,
            String author,
            Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE servers SET kind = ?, definition = ?, updated_at = ?,"
                + " updated_by = ?, version = version + 1" + WHERE_KEY + VersionCheck.condition(expectedVersion))) {
            s.setString(1, kind);
            s.setString(2, definitionJson);
            Sql.setInstant(s, 3, now);
            s.setString(4, author);
            key(s, 5, service, appmap, name);
            VersionCheck.bind(s, 8, expectedVersion);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Sets a server back to {@code before} if it is still at {@code version} (a refused revision being discarded).
     *
     * @return false if the server is no longer at {@code version}
     */
    boolean restore(Connection c, Server before, long version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE servers SET kind = ?, definition = ?, updated_at = ?,"
                + " updated_by = ?, version = ?" + WHERE_KEY + " AND version = ?")) {
            s.setString(1, before.definition().kind().name());
            s.setString(2, json.write(before.definition()));
            Sql.setInstant(s, 3, before.updatedAt());
            s.setString(4, before.updatedBy());
            s.setLong(5, before.version());
            key(s, 6, before.service(), before.appmap(), before.name());
            s.setLong(9, version);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Deletes the server and its revisions; false if no row matched. The server's row is locked first, then its
     * revisions go, then the row: the order in which an update takes them (row, then a new revision), so that a delete
     * and an update of one server wait for each other instead of deadlocking, and a revision an update adds meanwhile
     * goes too.
     */
    boolean delete(Connection c, String service, String appmap, String name, long expectedVersion) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE servers SET version = version" + WHERE_KEY + VersionCheck.condition(expectedVersion))) {
            key(s, 1, service, appmap, name);
            VersionCheck.bind(s, 4, expectedVersion);
            if (s.executeUpdate() != 1) {
                return false;
            }
        }
        RevisionRows.deleteAllOf(c, service, appmap, name);
        try (PreparedStatement s = c.prepareStatement("DELETE FROM servers" + WHERE_KEY)) {
            key(s, 1, service, appmap, name);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Deletes every server of an appmap, or of a whole service when {@code appmap} is null, with their revisions: rows
     * locked first, then revisions, then rows, as {@link #delete} does for one.
     */
    void deleteAllOf(Connection c, String service, String appmap) throws SQLException {
        String where = " WHERE service = ?" + (appmap == null ? "" : " AND appmap = ?");
        updateAllOf(c, "UPDATE servers SET version = version" + where, service, appmap);
        RevisionRows.deleteAllOf(c, service, appmap, null);
        updateAllOf(c, "DELETE FROM servers" + where, service, appmap);
    }

    private static void updateAllOf(Connection c, String sql, String service, String appmap) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, service);
            if (appmap != null) {
                s.setString(2, appmap);
            }
            s.executeUpdate();
        }
    }

    static void key(PreparedStatement s, int index, String service, String appmap, String name) throws SQLException {
        s.setString(index, service);
        s.setString(index + 1, appmap);
        s.setString(index + 2, name);
    }

    private Server map(ResultSet rows) throws SQLException {
        Row row = Row.of(rows);
        return new Server(
                row.service(),
                row.appmap(),
                row.name(),
                row.version(),
                json.read(row.definition(), What.server(row.service(), row.appmap(), row.name())),
                row.createdAt(),
                row.updatedAt(),
                row.updatedBy());
    }
}
