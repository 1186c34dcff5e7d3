/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.database.Database;
import io.cengjiyun.database.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One action at a time per server across replicas that share a PostgreSQL database (issue 23): a row of
 * {@code server_action_locks} while an action runs, taken with an insert that only one replica's can make, given back
 * by deleting it. A replica that dies in the middle leaves its row until it runs out ({@link #HOLD}); the next action
 * takes it over then, and a reconcile repairs what the dead one left half done. Within one runtime the lifecycle's
 * own monitor serialises the actions already, so with embedded Derby (one runtime only) nothing is written.
 */
final class ServerActionLocks {
    /** How long an action may hold a server: every request of it to the cluster is bounded well below this. */
    static final Duration HOLD = Duration.ofSeconds(60);

    /** How long an action waits for one under way on another replica before it says so. */
    static final Duration WAIT = Duration.ofSeconds(15);

    /** A lock held; closing gives it back. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private static final Held NOTHING = () -> {};

    private final Database db;
    private final Clock clock;
    private final Duration wait;

    /** Locks for no database: a runtime alone (unit tests). */
    static ServerActionLocks none() {
        return new ServerActionLocks(null, Clock.systemUTC(), WAIT);
    }

    ServerActionLocks(Database db, Clock clock, Duration wait) {
        this.db = db;
        this.clock = clock;
        this.wait = wait;
    }

    /** Whether other runtimes may share the database: PostgreSQL. */
    private boolean shared() {
        return db != null && db.shared();
    }

    /**
     * Takes the server for an action, waiting up to {@link #WAIT} for one under way on another replica.
     *
     * @throws ConflictException when another replica's action holds the server for longer, naming it and when its
     *     lock runs out
     */
    Held take(String service, String appMap, String server, String action) {
        if (!shared()) {
            return NOTHING;
        }
        String token = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 20;
        while (true) {
            Instant now = clock.instant();
            String[] other = new String[2];
            boolean taken = db.write("take server '" + server + "' for " + action, c -> {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO server_action_locks"
                        + " (service, appmap, server, holder, action, until) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")) {
                    insert.setString(1, service);
                    insert.setString(2, appMap);
                    insert.setString(3, server);
                    insert.setString(4, token);
                    insert.setString(5, action);
                    Sql.setInstant(insert, 6, now.plus(HOLD));
                    if (insert.executeUpdate() == 1) {
                        return true;
                    }
                }
                // Held: by a replica that died (run out), or by one at work.
                try (PreparedStatement takeOver = c.prepareStatement("UPDATE server_action_locks SET holder = ?,"
                        + " action = ?, until = ? WHERE service = ? AND appmap = ? AND server = ? AND until < ?")) {
                    takeOver.setString(1, token);
                    takeOver.setString(2, action);
                    Sql.setInstant(takeOver, 3, now.plus(HOLD));
                    takeOver.setString(4, service);
                    takeOver.setString(5, appMap);
                    takeOver.setString(6, server);
                    Sql.setInstant(takeOver, 7, now);
                    if (takeOver.executeUpdate() == 1) {
                        return true;
                    }
                }
                try (PreparedStatement holder = c.prepareStatement("SELECT action, until FROM server_action_locks"
                        + " WHERE service = ? AND appmap = ? AND server = ?")) {
                    holder.setString(1, service);
                    holder.setString(2, appMap);
                    holder.setString(3, server);
                    try (ResultSet rows = holder.executeQuery()) {
                        if (rows.next()) {
                            other[0] = rows.getString("action");
                            other[1] = Sql.getInstant(rows, "until").toString();
                        }
                    }
                }
                return false;
            });
            if (taken) {
                return () -> give(service, appMap, server, token);
            }
            if (System.nanoTime() > deadline) {
                throw new ConflictException("Another replica of the platform is running '" + other[0]
                        + "' on server '" + server + "' of appmap '" + appMap + "': try again when it is done (its"
                        + " hold runs out at " + other[1] + " at the latest)");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConflictException(
                        "Interrupted while waiting for another replica's action on server '" + server + "': try again");
            }
            pause = Math.min(pause * 2, 200);
        }
    }

    private void give(String service, String appMap, String server, String token) {
        db.write("give server '" + server + "' back", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM server_action_locks"
                    + " WHERE service = ? AND appmap = ? AND server = ? AND holder = ?")) {
                delete.setString(1, service);
                delete.setString(2, appMap);
                delete.setString(3, server);
                delete.setString(4, token);
                return delete.executeUpdate();
            }
        });
    }
}
