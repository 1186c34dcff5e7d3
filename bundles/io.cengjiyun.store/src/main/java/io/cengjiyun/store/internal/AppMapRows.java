/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Quota;
import io.cengjiyun.database.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The SQL of table {@code appmaps}. */
final class AppMapRows {
    /** Width of the quota columns; the validator checks the syntax of quantities, not their length. */
    static final int QUOTA_WIDTH = 64;

    private static final String SELECT =
            "SELECT service, name, cluster, namespace, environment, quota_cpu, quota_memory,"
                    + " quota_pods, quota_storage, version, created_at, updated_at FROM appmaps WHERE service = ?";

    private AppMapRows() {}

    static List<AppMap> list(Connection c, String service) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT)) {
            s.setString(1, service);
            try (ResultSet rows = s.executeQuery()) {
                List<AppMap> appMaps = new ArrayList<>();
                while (rows.next()) {
                    appMaps.add(map(rows));
                }
                return appMaps;
            }
        }
    }

    static Optional<AppMap> find(Connection c, String service, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " AND name = ?")) {
            s.setString(1, service);
            s.setString(2, name);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(map(rows)) : Optional.empty();
            }
        }
    }

    static OptionalLong version(Connection c, String service, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT version FROM appmaps WHERE service = ? AND name = ?")) {
            s.setString(1, service);
            s.setString(2, name);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    static boolean exists(Connection c, String service, String name) throws SQLException {
        return version(c, service, name).isPresent();
    }

    static List<String> names(Connection c, String service) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM appmaps WHERE service = ?")) {
            s.setString(1, service);
            return Sql.sortedFirstColumn(s);
        }
    }

    static AppMap insert(Connection c, AppMap appMap, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO appmaps (cluster, namespace, environment,"
                + " quota_cpu, quota_memory, quota_pods, quota_storage, service, name, version, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)")) {
            int next = bindContent(s, appMap);
            s.setString(next++, appMap.service());
            s.setString(next++, appMap.name());
            Sql.setInstant(s, next++, now);
            Sql.setInstant(s, next, now);
            s.executeUpdate();
        }
        return new AppMap(
                appMap.service(),
                appMap.name(),
                appMap.cluster(),
                appMap.effectiveNamespace(),
                appMap.environment(),
                appMap.quota(),
                1L,
                now,
                now);
    }

    /** Updates the row if it is at {@code expectedVersion} (or at any, given ANY_VERSION); false if none matched. */
    static boolean update(Connection c, AppMap appMap, long expectedVersion, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE appmaps SET cluster = ?, namespace = ?, environment = ?,"
                + " quota_cpu = ?, quota_memory = ?, quota_pods = ?, quota_storage = ?, version = version + 1,"
                + " updated_at = ? WHERE service = ? AND name = ?" + VersionCheck.condition(expectedVersion))) {
            int next = bindContent(s, appMap);
            Sql.setInstant(s, next++, now);
            s.setString(next++, appMap.service());
            s.setString(next++, appMap.name());
            VersionCheck.bind(s, next, expectedVersion);
            return s.executeUpdate() == 1;
        }
    }

    /** Deletes the appmap, and first the rows of other modules that reference it ({@link References}). */
    static void delete(Connection c, String service, String name) throws SQLException {
        References.deleteRowsReferencing(c, "appmaps", service, name);
        try (PreparedStatement s = c.prepareStatement("DELETE FROM appmaps WHERE service = ? AND name = ?")) {
            s.setString(1, service);
            s.setString(2, name);
            s.executeUpdate();
        }
    }

    /** Deletes every appmap of the service, and first the rows of other modules that reference them. */
    static void deleteAllOf(Connection c, String service) throws SQLException {
        References.deleteRowsReferencing(c, "appmaps", service);
        try (PreparedStatement s = c.prepareStatement("DELETE FROM appmaps WHERE service = ?")) {
            s.setString(1, service);
            s.executeUpdate();
        }
    }

    /** Binds cluster, namespace, environment and quota at 1 to 7; returns the next index. */
    private static int bindContent(PreparedStatement s, AppMap appMap) throws SQLException {
        Quota quota = appMap.quota() == null ? new Quota(null, null, null, null) : appMap.quota();
        s.setString(1, appMap.cluster());
        s.setString(2, appMap.effectiveNamespace());
        s.setString(3, appMap.environment());
        s.setString(4, quota.cpu());
        s.setString(5, quota.memory());
        if (quota.pods() == null) {
            s.setNull(6, Types.INTEGER);
        } else {
            s.setInt(6, quota.pods());
        }
        s.setString(7, quota.storage());
        return 8;
    }

    private static AppMap map(ResultSet rows) throws SQLException {
        Quota quota = new Quota(
                rows.getString("quota_cpu"),
                rows.getString("quota_memory"),
                Sql.getInteger(rows, "quota_pods"),
                rows.getString("quota_storage"));
        boolean noQuota =
                quota.cpu() == null && quota.memory() == null && quota.pods() == null && quota.storage() == null;
        String service = rows.getString("service");
        String name = rows.getString("name");
        String namespace = rows.getString("namespace");
        return new AppMap(
                service,
                name,
                rows.getString("cluster"),
                // rows stored before the namespace was always written: the default it had
                namespace == null ? AppMap.defaultNamespace(service, name) : namespace,
                rows.getString("environment"),
                noQuota ? null : quota,
                rows.getLong("version"),
                Sql.getInstant(rows, "created_at"),
                Sql.getInstant(rows, "updated_at"));
    }
}
