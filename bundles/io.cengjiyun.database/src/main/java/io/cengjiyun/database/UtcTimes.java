/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Calendar;
import java.util.TimeZone;

/**
 * TIMESTAMP columns of the platform's database hold UTC wall time, in every bundle's tables. The calendar makes
 * the drivers convert in UTC rather than in the JVM's zone, which would shift stored times with the server's zone
 * (and skip DST gaps).
 */
public final class UtcTimes {
    /**
     * One calendar per thread: creating a Calendar costs microseconds, and a list of 1,000 servers reads
     * 2,000 times. The drivers only use it during the call.
     */
    private static final ThreadLocal<Calendar> UTC =
            ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    private UtcTimes() {}

    /** Sets a parameter to an instant, or to NULL. */
    public static void set(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP);
        } else {
            statement.setTimestamp(index, Timestamp.from(instant), UTC.get());
        }
    }

    /** The instant of a column, or null. */
    public static Instant get(ResultSet rows, String column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column, UTC.get());
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** The instant of a column by position, or null. */
    public static Instant get(ResultSet rows, int column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column, UTC.get());
        return timestamp == null ? null : timestamp.toInstant();
    }
}
