package io.cengjiyun.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Calendar;
import java.util.TimeZone;

/** What every table needs: UTC times and the meaning of SQL states both databases share. */
final class Sql {
    /**
     * One calendar per thread: creating a Calendar costs microseconds, and a list of 1,000 servers reads
     * 2,000 times. The drivers only use it during the call.
     */
    private static final ThreadLocal<Calendar> UTC = ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    private Sql() {
    }

    /**
     * TIMESTAMP columns hold UTC wall time. The calendar makes the drivers convert in UTC rather than in
     * the JVM's zone, which would shift stored times with the server's zone (and skip DST gaps).
     */
    /** The first column of every row of the query, sorted (in Java, so alike on every database's collation). */
    static List<String> sortedFirstColumn(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            values.sort(null);
            return values;
        }
    }

    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setTimestamp(index, Timestamp.from(instant), UTC.get());
    }

    static Instant getInstant(ResultSet rows, String column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column, UTC.get());
        return timestamp == null ? null : timestamp.toInstant();
    }

    static Integer getInteger(ResultSet rows, String column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }

    /** Derby and PostgreSQL both use the standard SQL states for constraint violations. */
    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    static boolean isForeignKeyViolation(SQLException e) {
        return "23503".equals(e.getSQLState());
    }

    /** Class 08 is "connection exception": the connection cannot be used again. */
    static boolean isConnectionFailure(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }
}
