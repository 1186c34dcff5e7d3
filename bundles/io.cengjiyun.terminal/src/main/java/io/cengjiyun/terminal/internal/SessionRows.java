/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import io.cengjiyun.database.UtcTimes;
import io.cengjiyun.terminal.TerminalSessionView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The tables terminal_sessions and terminal_settings. */
final class SessionRows {
    private static final String COLUMNS = "id, username, address, service, appmap, server, pod, container, shell,"
            + " started_at, ended_at, bytes_in, bytes_out, end_reason, CASE WHEN transcript IS NULL THEN 0 ELSE 1 END AS has_transcript";

    private SessionRows() {}

    static void insert(Connection c, TerminalSessionView s, Instant started) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO terminal_sessions (id, username, address, service,"
                + " appmap, server, pod, container, shell, started_at, bytes_in, bytes_out)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)")) {
            p.setString(1, s.id());
            p.setString(2, s.user());
            p.setString(3, s.address());
            p.setString(4, s.service());
            p.setString(5, s.appmap());
            p.setString(6, s.server());
            p.setString(7, s.pod());
            p.setString(8, s.container());
            p.setString(9, s.shell());
            UtcTimes.set(p, 10, started);
            p.executeUpdate();
        }
    }

    static void end(Connection c, String id, Instant ended, long in, long out, String reason, String transcript)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE terminal_sessions SET ended_at = ?, bytes_in = ?,"
                + " bytes_out = ?, end_reason = ?, transcript = ? WHERE id = ?")) {
            UtcTimes.set(p, 1, ended);
            p.setLong(2, in);
            p.setLong(3, out);
            p.setString(4, reason.length() <= 500 ? reason : reason.substring(0, 497) + "...");
            if (transcript == null) {
                p.setNull(5, Types.CLOB);
            } else {
                p.setString(5, transcript);
            }
            p.setString(6, id);
            p.executeUpdate();
        }
    }

    /** Sessions that were open when the platform stopped: their shells were ended with it. */
    static int endOrphans(Connection c, Instant now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE terminal_sessions SET ended_at = ?, end_reason = ?" + " WHERE ended_at IS NULL")) {
            UtcTimes.set(p, 1, now);
            p.setString(2, "the platform stopped while the session was open (its byte counts were not kept)");
            return p.executeUpdate();
        }
    }

    static List<TerminalSessionView> list(Connection c, String service, boolean openOnly, int limit)
            throws SQLException {
        List<TerminalSessionView> sessions = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM terminal_sessions WHERE service = ?"
                + (openOnly ? " AND ended_at IS NULL" : "") + " ORDER BY started_at DESC, id")) {
            p.setString(1, service);
            p.setMaxRows(limit);
            try (ResultSet rows = p.executeQuery()) {
                while (rows.next()) {
                    sessions.add(view(rows));
                }
            }
        }
        return sessions;
    }

    static Optional<TerminalSessionView> find(Connection c, String service, String id) throws SQLException {
        try (PreparedStatement p =
                c.prepareStatement("SELECT " + COLUMNS + " FROM terminal_sessions WHERE service = ? AND id = ?")) {
            p.setString(1, service);
            p.setString(2, id);
            try (ResultSet rows = p.executeQuery()) {
                return rows.next() ? Optional.of(view(rows)) : Optional.empty();
            }
        }
    }

    static Optional<String> transcript(Connection c, String service, String id) throws SQLException {
        try (PreparedStatement p =
                c.prepareStatement("SELECT transcript FROM terminal_sessions WHERE service = ? AND id = ?")) {
            p.setString(1, service);
            p.setString(2, id);
            try (ResultSet rows = p.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        }
    }

    static boolean recordsTranscripts(Connection c, String service) throws SQLException {
        try (PreparedStatement p =
                c.prepareStatement("SELECT record_transcripts FROM terminal_settings WHERE service = ?")) {
            p.setString(1, service);
            try (ResultSet rows = p.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    static void setRecordTranscripts(Connection c, String service, boolean record, String by, Instant now)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE terminal_settings SET record_transcripts = ?,"
                + " updated_at = ?, updated_by = ? WHERE service = ?")) {
            p.setBoolean(1, record);
            UtcTimes.set(p, 2, now);
            p.setString(3, by);
            p.setString(4, service);
            if (p.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO terminal_settings (service, record_transcripts,"
                + " updated_at, updated_by) VALUES (?, ?, ?, ?)")) {
            p.setString(1, service);
            p.setBoolean(2, record);
            UtcTimes.set(p, 3, now);
            p.setString(4, by);
            p.executeUpdate();
        }
    }

    private static TerminalSessionView view(ResultSet rows) throws SQLException {
        Instant started = UtcTimes.get(rows, "started_at");
        Instant ended = UtcTimes.get(rows, "ended_at");
        return new TerminalSessionView(
                rows.getString("id"),
                rows.getString("username"),
                rows.getString("address"),
                rows.getString("service"),
                rows.getString("appmap"),
                rows.getString("server"),
                rows.getString("pod"),
                rows.getString("container"),
                rows.getString("shell"),
                started == null ? null : started.toString(),
                ended == null ? null : ended.toString(),
                rows.getLong("bytes_in"),
                rows.getLong("bytes_out"),
                rows.getString("end_reason"),
                rows.getBoolean("has_transcript"));
    }
}
