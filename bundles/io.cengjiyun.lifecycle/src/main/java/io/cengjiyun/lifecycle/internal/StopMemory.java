/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.database.Database;
import io.cengjiyun.database.UtcTimes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/**
 * What stop remembered of each stopped server (table stopped_servers): its replicas and whether it had an autoscaler.
 * Reads come from memory (status is read often); every change is written through to the table first. The memory is
 * a cache of the table: a server's entry goes when the server goes (a delete, or its appmap's or service's), and
 * it never holds more than {@link #MAX_KNOWN} entries, so that it cannot grow with the servers ever looked up.
 */
final class StopMemory {
    record Stopped(Integer replicas, boolean autoscaler) {}

    /**
     * The most servers remembered at once. A bound besides the removal on delete: a status read that races a delete
     * (an appmap's overview listed the server just before) loads the deleted server's entry again. Past it the
     * memory starts afresh from the table, which costs one read per server.
     */
    static final int MAX_KNOWN = 20_000;

    private final Database db;
    private final java.util.Map<String, Optional<Stopped>> known = new java.util.concurrent.ConcurrentHashMap<>();

    StopMemory(Database db) {
        this.db = db;
    }

    Optional<Stopped> find(String service, String appmap, String server) {
        if (known.size() >= MAX_KNOWN) {
            known.clear();
        }
        return known.computeIfAbsent(key(service, appmap, server), k -> load(service, appmap, server));
    }

    /** How many servers are in memory now (for tests). */
    int remembered() {
        return known.size();
    }

    private static String key(String service, String appmap, String server) {
        return service + "/" + appmap + "/" + server;
    }

    private Optional<Stopped> load(String service, String appmap, String server) {
        return db.read("read whether server '" + server + "' is stopped", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT replicas, autoscaler FROM stopped_servers"
                    + " WHERE service = ? AND appmap = ? AND server = ?")) {
                s.setString(1, service);
                s.setString(2, appmap);
                s.setString(3, server);
                try (ResultSet rows = s.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    int replicas = rows.getInt(1);
                    return Optional.of(new Stopped(rows.wasNull() ? null : replicas, rows.getBoolean(2)));
                }
            }
        });
    }

    void remember(String service, String appmap, String server, Stopped stopped) {
        db.write("remember how server '" + server + "' was stopped", c -> {
            forget(c, service, appmap, server);
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO stopped_servers (service, appmap, server, replicas,"
                            + " autoscaler, stopped_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, service);
                s.setString(2, appmap);
                s.setString(3, server);
                if (stopped.replicas() == null) {
                    s.setNull(4, Types.INTEGER);
                } else {
                    s.setInt(4, stopped.replicas());
                }
                s.setBoolean(5, stopped.autoscaler());
                UtcTimes.set(s, 6, Instant.now());
                s.executeUpdate();
            }
            return null;
        });
        known.put(key(service, appmap, server), Optional.of(stopped));
    }

    void forget(String service, String appmap, String server) {
        db.write("forget the stop of server '" + server + "'", c -> {
            forget(c, service, appmap, server);
            return null;
        });
        known.remove(key(service, appmap, server)); // not put(empty): the server may be gone for good
    }

    /**
     * Forgets the servers that went, by a delete of their own or with their appmap or service (a cascade deletes them
     * without a delete of each: their rows would stay, and a new server of the same name would start stopped): the
     * server's, the appmap's ({@code server} null) or the whole service's ({@code appmap} null too). Only rows
     * written before {@code goneAt} go, so that a late event never forgets the stop of a server made again since.
     */
    void forgetGone(String service, String appmap, String server, Instant goneAt) {
        db.write("forget the stops of what was deleted in service '" + service + "'", c -> {
            String sql = "DELETE FROM stopped_servers WHERE service = ? AND stopped_at <= ?"
                    + (appmap == null ? "" : " AND appmap = ?")
                    + (appmap == null || server == null ? "" : " AND server = ?");
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, service);
                UtcTimes.set(s, 2, goneAt);
                if (appmap != null) {
                    s.setString(3, appmap);
                    if (server != null) {
                        s.setString(4, server);
                    }
                }
                s.executeUpdate();
            }
            return null;
        });
        // memory is a cache of the table: dropping more than went (a server made again since) costs a read, no more
        if (appmap != null && server != null) {
            known.remove(key(service, appmap, server));
        } else {
            String prefix = service + "/" + (appmap == null ? "" : appmap + "/");
            known.keySet().removeIf(k -> k.startsWith(prefix));
        }
    }

    private static void forget(java.sql.Connection c, String service, String appmap, String server)
            throws java.sql.SQLException {
        try (PreparedStatement s =
                c.prepareStatement("DELETE FROM stopped_servers WHERE service = ? AND appmap = ? AND server = ?")) {
            s.setString(1, service);
            s.setString(2, appmap);
            s.setString(3, server);
            s.executeUpdate();
        }
    }
}
