package io.cengjiyun.security.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Calendar;
import java.util.TimeZone;

/** TIMESTAMP columns hold UTC wall time, as in the store's tables, whatever the JVM's zone. */
final class Times {
    private static final ThreadLocal<Calendar> UTC = ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    private Times() {
    }

    static void set(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP);
        } else {
            statement.setTimestamp(index, Timestamp.from(instant), UTC.get());
        }
    }

    static Instant get(ResultSet rows, String column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column, UTC.get());
        return timestamp == null ? null : timestamp.toInstant();
    }
}
