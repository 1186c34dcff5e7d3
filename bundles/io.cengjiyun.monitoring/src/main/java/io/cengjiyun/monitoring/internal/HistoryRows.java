/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.cengjiyun.monitoring.Scope;
import io.cengjiyun.monitoring.Series;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The tables metric_points and metric_rollups: plain JDBC, the same SQL on Derby and PostgreSQL. */
final class HistoryRows {
    static final int RAW = 0;
    static final int MINUTE = 1;
    static final int HOUR = 2;
    /** The width of a bucket of each resolution, in milliseconds (raw: one sampling round, nominally). */
    static final long[] BUCKET_MS = {0, 60_000, 3_600_000};

    private static final String VALUE_COLUMNS = Arrays.stream(Series.values())
            .map(s -> s.column() + ", " + s.column() + "_max")
            .collect(Collectors.joining(", "));
    private static final String COLUMNS = "scope, target, sampled_at, samples, " + VALUE_COLUMNS;
    private static final String INSERT = "INSERT INTO metric_points (resolution, " + COLUMNS + ") VALUES (?"
            + ", ?".repeat(4 + 2 * Point.SERIES) + ")";

    private HistoryRows() {}

    static void insert(Connection c, int resolution, List<Point> points) throws SQLException {
        if (points.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement(INSERT)) {
            for (Point point : points) {
                int i = 1;
                p.setInt(i++, resolution);
                p.setString(i++, point.scope().id());
                p.setString(i++, point.target());
                p.setLong(i++, point.at());
                p.setInt(i++, point.samples());
                for (int s = 0; s < Point.SERIES; s++) {
                    setDouble(p, i++, point.avg()[s]);
                    setDouble(p, i++, point.max()[s]);
                }
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** Every point of a resolution in [from, to), by target and time. */
    static List<Point> all(Connection c, int resolution, long from, long to) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM metric_points"
                + " WHERE resolution = ? AND sampled_at >= ? AND sampled_at < ? ORDER BY scope, target, sampled_at")) {
            p.setInt(1, resolution);
            p.setLong(2, from);
            p.setLong(3, to);
            return points(p);
        }
    }

    /** One target's points of a resolution in [from, to), oldest first. */
    static List<Point> of(Connection c, Scope scope, String target, int resolution, long from, long to)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM metric_points"
                        + " WHERE scope = ? AND target = ? AND resolution = ? AND sampled_at >= ? AND sampled_at < ? ORDER BY sampled_at")) {
            p.setString(1, scope.id());
            p.setString(2, target);
            p.setInt(3, resolution);
            p.setLong(4, from);
            p.setLong(5, to);
            return points(p);
        }
    }

    /** The oldest time of a resolution, or null when it has no rows. */
    static Long oldest(Connection c, int resolution) throws SQLException {
        try (PreparedStatement p =
                c.prepareStatement("SELECT MIN(sampled_at) FROM metric_points WHERE resolution = ?")) {
            p.setInt(1, resolution);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                long v = r.getLong(1);
                return r.wasNull() ? null : v;
            }
        }
    }

    /** Removes the rows of a resolution older than the time; returns how many. */
    static int prune(Connection c, int resolution, long before) throws SQLException {
        try (PreparedStatement p =
                c.prepareStatement("DELETE FROM metric_points WHERE resolution = ? AND sampled_at < ?")) {
            p.setInt(1, resolution);
            p.setLong(2, before);
            return p.executeUpdate();
        }
    }

    /** How many rows each resolution holds. */
    static Map<Integer, Long> counts(Connection c) throws SQLException {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement(
                        "SELECT resolution, COUNT(*) FROM metric_points GROUP BY resolution ORDER BY resolution");
                ResultSet r = p.executeQuery()) {
            while (r.next()) {
                counts.put(r.getInt(1), r.getLong(2));
            }
        }
        return counts;
    }

    /** The end of the last bucket rolled up into the resolution, or null before the first roll-up. */
    static Long doneUntil(Connection c, int resolution) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT done_until FROM metric_rollups WHERE resolution = ?")) {
            p.setInt(1, resolution);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : null;
            }
        }
    }

    static void setDoneUntil(Connection c, int resolution, long until) throws SQLException {
        try (PreparedStatement u =
                c.prepareStatement("UPDATE metric_rollups SET done_until = ? WHERE resolution = ?")) {
            u.setLong(1, until);
            u.setInt(2, resolution);
            if (u.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement i =
                c.prepareStatement("INSERT INTO metric_rollups (resolution, done_until) VALUES (?, ?)")) {
            i.setInt(1, resolution);
            i.setLong(2, until);
            i.executeUpdate();
        }
    }

    private static List<Point> points(PreparedStatement p) throws SQLException {
        List<Point> points = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                Double[] avg = new Double[Point.SERIES];
                Double[] max = new Double[Point.SERIES];
                for (int s = 0; s < Point.SERIES; s++) {
                    avg[s] = getDouble(r, 5 + 2 * s);
                    max[s] = getDouble(r, 6 + 2 * s);
                }
                points.add(new Point(
                        Scope.valueOf(r.getString(1).toUpperCase(Locale.ROOT)),
                        r.getString(2),
                        r.getLong(3),
                        r.getInt(4),
                        avg,
                        max));
            }
        }
        return points;
    }

    private static void setDouble(PreparedStatement p, int i, Double v) throws SQLException {
        if (v == null || v.isNaN() || v.isInfinite()) {
            p.setNull(i, Types.DOUBLE);
        } else {
            p.setDouble(i, v);
        }
    }

    private static Double getDouble(ResultSet r, int i) throws SQLException {
        double v = r.getDouble(i);
        return r.wasNull() ? null : v;
    }
}
