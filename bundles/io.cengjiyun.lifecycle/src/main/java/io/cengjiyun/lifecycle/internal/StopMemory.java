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
 * Reads come from memory (status is read often); every change is written through to the table first. The memory is a
 * cache of the table: a server's entry goes when the server goes (its delete; its appmap's or service's, whose rows
 * the store deletes with the appmap), and it never holds more than {@link #MAX_KNOWN} entries, so that it cannot grow
 * with every server ever looked up.
 */
final class StopMemory {
    record Stopped(Integer replicas, boolean autoscaler) {}

    /**
     * The most servers remembered at once. A bound besides the removal on delete: a status read that races a delete
     * (an appmap's overview listed the server just before) loads the deleted server's entry again. Past it the memory
     * starts afresh from the table, which costs one read per server.
     */
    static final int MAX_KNOWN = 20_000;

    /** SQL state of a foreign key violation (Derby and PostgreSQL): the row's appmap is not stored. */
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StopMemory.class);

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
            // PostgreSQL aborts the whole transaction on an error: a savepoint keeps the forget if the insert fails
            java.sql.Savepoint beforeInsert = c.setSavepoint();
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
            } catch (java.sql.SQLException e) {
                if (!FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback(beforeInsert);
                // the appmap is not stored (deleted meanwhile, or a runtime used without the store): memory only
                LOG.info(
                        "Server '{}' of appmap '{}' of service '{}' was stopped while its appmap is not stored: what"
                                + " stop remembered is kept in memory only",
                        server,
                        appmap,
                        service);
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
     * Drops from memory what a deletion took: a server ({@code server} given; its delete forgot its row already), an
     * appmap's servers ({@code server} null) or a whole service's ({@code appmap} null too), whose rows went with the
     * appmap in the store's transaction. Dropping more than went (a server made again since) costs a read, no more.
     */
    void dropGone(String service, String appmap, String server) {
        if (appmap != null && server != null) {
            known.remove(key(service, appmap, server));
        } else {
            String prefix = service + "/" + (appmap == null ? "" : appmap + "/");
            known.keySet().removeIf(k -> k.startsWith(prefix));
        }
    }

    /** How many servers are in memory now. */
    int remembered() {
        return known.size();
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
