/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.database.UtcTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The audit table: appended to, read newest first; nothing updates or deletes a record. */
final class AuditRows {
    /** What to read: every field optional. {@code before} is an id, for paging back. */
    record Query(String service, String user, Instant since, Instant until, Long before, int limit) {}

    private AuditRows() {}

    static void append(Connection c, AuditRecord r) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit (happened_at, actor, address, verb, target,"
                + " service, status, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            UtcTimes.set(s, 1, r.at());
            s.setString(2, cut(r.actor(), 64));
            s.setString(3, cut(r.address(), 64));
            s.setString(4, cut(r.action(), 10));
            s.setString(5, cut(r.target(), 1000));
            s.setString(6, cut(r.service(), 63));
            s.setInt(7, r.status());
            s.setString(8, cut(r.outcome(), 10));
            s.setString(9, cut(r.detail(), 1000));
            s.executeUpdate();
        }
    }

    static List<AuditRecord> read(Connection c, Query q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, happened_at, actor, address, verb, target, service, status,"
                + " outcome, detail FROM audit WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.service() != null) {
            sql.append(" AND service = ?");
            args.add(q.service());
        }
        if (q.user() != null) {
            sql.append(" AND actor = ?");
            args.add(q.user());
        }
        if (q.since() != null) {
            sql.append(" AND happened_at >= ?");
            args.add(q.since());
        }
        if (q.until() != null) {
            sql.append(" AND happened_at < ?");
            args.add(q.until());
        }
        if (q.before() != null) {
            sql.append(" AND id < ?");
            args.add(q.before());
        }
        sql.append(" ORDER BY id DESC");
        List<AuditRecord> records = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            s.setMaxRows(q.limit());
            for (int i = 0; i < args.size(); i++) {
                Object arg = args.get(i);
                if (arg instanceof Instant instant) {
                    UtcTimes.set(s, i + 1, instant);
                } else if (arg instanceof Long id) {
                    s.setLong(i + 1, id);
                } else {
                    s.setString(i + 1, (String) arg);
                }
            }
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    records.add(new AuditRecord(
                            rows.getLong("id"),
                            UtcTimes.get(rows, "happened_at"),
                            rows.getString("actor"),
                            rows.getString("address"),
                            rows.getString("verb"),
                            rows.getString("target"),
                            rows.getString("service"),
                            rows.getInt("status"),
                            rows.getString("outcome"),
                            rows.getString("detail")));
                }
            }
        }
        return records;
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
