/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What every table needs: UTC times and the meaning of SQL states both databases share. */
public final class Sql {
    private Sql() {}

    /** The first column of every row of the query, sorted (in Java, so alike on every database's collation). */
    public static List<String> sortedFirstColumn(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            values.sort(null);
            return values;
        }
    }

    /** In UTC, as every TIMESTAMP column ({@link UtcTimes}). */
    public static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        UtcTimes.set(statement, index, instant);
    }

    public static Instant getInstant(ResultSet rows, String column) throws SQLException {
        return UtcTimes.get(rows, column);
    }

    public static Integer getInteger(ResultSet rows, String column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }

    /** Derby and PostgreSQL both use the standard SQL states for constraint violations. */
    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    public static boolean isForeignKeyViolation(SQLException e) {
        return "23503".equals(e.getSQLState());
    }

    /** Class 08 is "connection exception": the connection cannot be used again. */
    public static boolean isConnectionFailure(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }
}
