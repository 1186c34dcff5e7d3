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
import java.util.Optional;

/** The tickets table: the hash of each single-use ticket, its user, scope and expiry. */
final class TicketRows {
    record Found(String user, String scope, Instant expiresAt) {}

    private TicketRows() {}

    static void insert(Connection c, String hash, String user, String scope, Instant expiresAt) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("INSERT INTO tickets (hash, username, scope, expires_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, hash);
            s.setString(2, user);
            s.setString(3, scope);
            UtcTimes.set(s, 4, expiresAt);
            s.executeUpdate();
        }
    }

    /**
     * Reads and deletes a ticket in one transaction: of two replicas or requests redeeming the same ticket, only the
     * one whose delete removed the row gets it.
     */
    static Optional<Found> take(Connection c, String hash) throws SQLException {
        Found found = null;
        try (PreparedStatement s =
                c.prepareStatement("SELECT username, scope, expires_at FROM tickets WHERE hash = ?")) {
            s.setString(1, hash);
            try (ResultSet rows = s.executeQuery()) {
                if (rows.next()) {
                    found = new Found(
                            rows.getString("username"), rows.getString("scope"), UtcTimes.get(rows, "expires_at"));
                }
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM tickets WHERE hash = ?")) {
            s.setString(1, hash);
            return s.executeUpdate() == 1 ? Optional.of(found) : Optional.empty();
        }
    }

    static void removeExpired(Connection c, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM tickets WHERE expires_at <= ?")) {
            UtcTimes.set(s, 1, now);
            s.executeUpdate();
        }
    }
}
