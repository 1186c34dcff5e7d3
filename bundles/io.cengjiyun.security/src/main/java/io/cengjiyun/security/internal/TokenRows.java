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

/** The tokens table: the hash of each token, never the token. */
final class TokenRows {
    private static final String COLUMNS = "id, username, name, kind, created_at, expires_at, last_used_at";

    /** A token found by its hash, with its user's platform right. */
    record Found(TokenInfo token, boolean platformAdmin) {}

    private TokenRows() {}

    static void insert(Connection c, TokenInfo token, String hash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO tokens (id, username, name, kind, hash, created_at,"
                + " expires_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, token.id());
            s.setString(2, token.user());
            s.setString(3, token.name());
            s.setString(4, token.kind());
            s.setString(5, hash);
            UtcTimes.set(s, 6, token.createdAt());
            UtcTimes.set(s, 7, token.expiresAt());
            UtcTimes.set(s, 8, token.lastUsedAt());
            s.executeUpdate();
        }
    }

    static Optional<Found> findByHash(Connection c, String hash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT t.id, t.username, t.name, t.kind, t.created_at,"
                + " t.expires_at, t.last_used_at, u.platform_admin FROM tokens t JOIN users u ON u.name = t.username"
                + " WHERE t.hash = ?")) {
            s.setString(1, hash);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next()
                        ? Optional.of(new Found(token(rows), rows.getBoolean("platform_admin")))
                        : Optional.empty();
            }
        }
    }

    static List<TokenInfo> list(Connection c, String user) throws SQLException {
        List<TokenInfo> tokens = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM tokens WHERE username = ?" + " ORDER BY created_at, id")) {
            s.setString(1, user);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    tokens.add(token(rows));
                }
            }
        }
        return tokens;
    }

    static void touch(Connection c, String id, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE tokens SET last_used_at = ? WHERE id = ?")) {
            UtcTimes.set(s, 1, now);
            s.setString(2, id);
            s.executeUpdate();
        }
    }

    static boolean delete(Connection c, String user, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM tokens WHERE username = ? AND id = ?")) {
            s.setString(1, user);
            s.setString(2, id);
            return s.executeUpdate() == 1;
        }
    }

    /** Revokes the user's sign-in and console tokens, all but the one with the given hash (null: all). */
    static int deleteSignIns(Connection c, String user, String keepHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM tokens WHERE username = ? AND kind IN ('login', 'session')" + " AND hash <> ?")) {
            s.setString(1, user);
            s.setString(2, keepHash == null ? "" : keepHash);
            return s.executeUpdate();
        }
    }

    static int deleteExpired(Connection c, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM tokens WHERE expires_at < ?")) {
            UtcTimes.set(s, 1, now);
            return s.executeUpdate();
        }
    }

    private static TokenInfo token(ResultSet rows) throws SQLException {
        return new TokenInfo(
                rows.getString("id"),
                rows.getString("username"),
                rows.getString("name"),
                rows.getString("kind"),
                UtcTimes.get(rows, "created_at"),
                UtcTimes.get(rows, "expires_at"),
                UtcTimes.get(rows, "last_used_at"),
                null);
    }
}
