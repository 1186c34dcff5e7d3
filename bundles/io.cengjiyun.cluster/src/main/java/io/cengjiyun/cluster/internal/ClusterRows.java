/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.cengjiyun.cluster.Allotment;
import io.cengjiyun.database.UtcTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The clusters and allotments tables. */
final class ClusterRows {
    /** A stored cluster: the kubeconfig still sealed. */
    record Stored(String name, String server, String sealedKubeconfig, Instant createdAt) {}

    private ClusterRows() {}

    static List<Stored> all(Connection c) throws SQLException {
        List<Stored> clusters = new ArrayList<>();
        try (PreparedStatement s =
                        c.prepareStatement("SELECT name, server, kubeconfig, created_at FROM clusters ORDER BY name");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                clusters.add(
                        new Stored(rows.getString(1), rows.getString(2), rows.getString(3), UtcTimes.get(rows, 4)));
            }
        }
        return clusters;
    }

    static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM clusters WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Inserts or replaces; returns the registration time. */
    static Instant upsert(Connection c, String name, String server, String sealed, Instant now) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("UPDATE clusters SET server = ?, kubeconfig = ?, updated_at = ? WHERE name = ?")) {
            s.setString(1, server);
            s.setString(2, sealed);
            UtcTimes.set(s, 3, now);
            s.setString(4, name);
            if (s.executeUpdate() == 1) {
                try (PreparedStatement q = c.prepareStatement("SELECT created_at FROM clusters WHERE name = ?")) {
                    q.setString(1, name);
                    try (ResultSet rows = q.executeQuery()) {
                        rows.next();
                        return UtcTimes.get(rows, 1);
                    }
                }
            }
        }
        try (PreparedStatement s =
                c.prepareStatement("INSERT INTO clusters (name, server, kubeconfig, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, name);
            s.setString(2, server);
            s.setString(3, sealed);
            UtcTimes.set(s, 4, now);
            UtcTimes.set(s, 5, now);
            s.executeUpdate();
        }
        return now;
    }

    static boolean delete(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM clusters WHERE name = ?")) {
            s.setString(1, name);
            return s.executeUpdate() == 1;
        }
    }

    static List<String> servicesAllotted(Connection c, String cluster) throws SQLException {
        List<String> services = new ArrayList<>();
        try (PreparedStatement s =
                c.prepareStatement("SELECT service FROM allotments WHERE cluster = ? ORDER BY service")) {
            s.setString(1, cluster);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    services.add(rows.getString(1));
                }
            }
        }
        return services;
    }

    static List<Allotment> allotments(Connection c, String service) throws SQLException {
        List<Allotment> allotments = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT cluster, cpu, memory, pods, storage FROM allotments" + " WHERE service = ? ORDER BY cluster")) {
            s.setString(1, service);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    int pods = rows.getInt(4);
                    allotments.add(new Allotment(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.wasNull() ? null : pods,
                            rows.getString(5)));
                }
            }
        }
        return allotments;
    }

    static void replaceAllotments(Connection c, String service, List<Allotment> allotments) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM allotments WHERE service = ?")) {
            s.setString(1, service);
            s.executeUpdate();
        }
        try (PreparedStatement s =
                c.prepareStatement("INSERT INTO allotments (service, cluster, cpu, memory, pods, storage)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Allotment a : allotments) {
                s.setString(1, service);
                s.setString(2, a.cluster());
                s.setString(3, a.cpu());
                s.setString(4, a.memory());
                if (a.pods() == null) {
                    s.setNull(5, Types.INTEGER);
                } else {
                    s.setInt(5, a.pods());
                }
                s.setString(6, a.storage());
                s.executeUpdate();
            }
        }
    }
}
