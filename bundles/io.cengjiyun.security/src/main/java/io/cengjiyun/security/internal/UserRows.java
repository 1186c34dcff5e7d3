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
import java.util.Optional;

/** The users table. */
final class UserRows {
    private static final String COLUMNS = "name, display_name, platform_admin, created_at, updated_at";

    /** A user with the hash, for sign-in. */
    record Stored(User user, String passwordHash) {}

    private UserRows() {}

    static long count(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM users");
                ResultSet rows = s.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static long countAdmins(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM users WHERE platform_admin = ?")) {
            s.setBoolean(1, true);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static List<User> list(Connection c) throws SQLException {
        List<User> users = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM users ORDER BY name");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                users.add(user(rows));
            }
        }
        return users;
    }

    static Optional<Stored> find(Connection c, String name) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + COLUMNS + ", password_hash FROM users WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next()
                        ? Optional.of(new Stored(user(rows), rows.getString("password_hash")))
                        : Optional.empty();
            }
        }
    }

    static void insert(Connection c, String name, String displayName, String hash, boolean admin, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO users (name, display_name, password_hash,"
                + " platform_admin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, name);
            s.setString(2, displayName);
            s.setString(3, hash);
            s.setBoolean(4, admin);
            UtcTimes.set(s, 5, now);
            UtcTimes.set(s, 6, now);
            s.executeUpdate();
        }
    }

    static void update(Connection c, String name, String displayName, String hash, boolean admin, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE users SET display_name = ?, password_hash = ?,"
                + " platform_admin = ?, updated_at = ? WHERE name = ?")) {
            s.setString(1, displayName);
            s.setString(2, hash);
            s.setBoolean(3, admin);
            UtcTimes.set(s, 4, now);
            s.setString(5, name);
            s.executeUpdate();
        }
    }

    static boolean delete(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM users WHERE name = ?")) {
            s.setString(1, name);
            return s.executeUpdate() == 1;
        }
    }

    private static User user(ResultSet rows) throws SQLException {
        return new User(
                rows.getString("name"),
                rows.getString("display_name"),
                rows.getBoolean("platform_admin"),
                UtcTimes.get(rows, "created_at"),
                UtcTimes.get(rows, "updated_at"),
                null);
    }
}
