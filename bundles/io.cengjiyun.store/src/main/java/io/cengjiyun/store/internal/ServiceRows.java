/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import io.cengjiyun.api.Service;
import io.cengjiyun.database.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The SQL of table {@code services}. */
final class ServiceRows {
    private static final String SELECT =
            "SELECT name, display_name, description, version, created_at, updated_at FROM services";

    private ServiceRows() {}

    static List<Service> list(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT);
                ResultSet rows = s.executeQuery()) {
            List<Service> services = new ArrayList<>();
            while (rows.next()) {
                services.add(map(rows));
            }
            return services;
        }
    }

    static Optional<Service> find(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(map(rows)) : Optional.empty();
            }
        }
    }

    static OptionalLong version(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT version FROM services WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    static boolean exists(Connection c, String name) throws SQLException {
        return version(c, name).isPresent();
    }

    static Service insert(Connection c, Service service, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO services"
                + " (name, display_name, description, version, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)")) {
            s.setString(1, service.name());
            s.setString(2, service.displayName());
            s.setString(3, service.description());
            Sql.setInstant(s, 4, now);
            Sql.setInstant(s, 5, now);
            s.executeUpdate();
        }
        return new Service(service.name(), service.displayName(), service.description(), 1L, now, now);
    }

    /** Updates the row if it is at {@code expectedVersion} (or at any, given ANY_VERSION); false if none matched. */
    static boolean update(Connection c, Service service, long expectedVersion, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE services SET display_name = ?, description = ?,"
                + " version = version + 1, updated_at = ? WHERE name = ?" + VersionCheck.condition(expectedVersion))) {
            s.setString(1, service.displayName());
            s.setString(2, service.description());
            Sql.setInstant(s, 3, now);
            s.setString(4, service.name());
            VersionCheck.bind(s, 5, expectedVersion);
            return s.executeUpdate() == 1;
        }
    }

    /** Deletes the service, and first the rows of other modules that reference it ({@link References}). */
    static void delete(Connection c, String name) throws SQLException {
        References.deleteRowsReferencing(c, "services", name);
        try (PreparedStatement s = c.prepareStatement("DELETE FROM services WHERE name = ?")) {
            s.setString(1, name);
            s.executeUpdate();
        }
    }

    private static Service map(ResultSet rows) throws SQLException {
        return new Service(
                rows.getString("name"),
                rows.getString("display_name"),
                rows.getString("description"),
                rows.getLong("version"),
                Sql.getInstant(rows, "created_at"),
                Sql.getInstant(rows, "updated_at"));
    }
}
