/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.Topics;
import io.cengjiyun.database.Database;
import io.cengjiyun.inspection.ServerHistory.Rollout;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each rollout of a server from the lifecycle's domain events (table rollouts): an action that applies starts
 * one, {@code ROLLOUT_DONE} or {@code ROLLOUT_FAILED} ends it, a newer one supersedes it. A deleted server, appmap or
 * service takes its rows along. Records only while this bundle runs: rollouts before its start are not known.
 */
@Component(
        service = {RolloutHistory.class, EventHandler.class},
        property = {
            EventConstants.EVENT_TOPIC + "=" + Topics.SERVER_ALL,
            EventConstants.EVENT_TOPIC + "=" + Topics.APPMAP_DELETED,
            EventConstants.EVENT_TOPIC + "=" + Topics.SERVICE_DELETED
        })
public class RolloutHistory implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutHistory.class);
    /** The topics of actions that apply a server and so start a rollout, with the action's name. */
    static final Map<String, String> STARTS = Map.of(
            Topics.SERVER_CREATED, "CREATED",
            Topics.SERVER_UPDATED, "UPDATED",
            Topics.SERVER_SCALED, "SCALED",
            Topics.SERVER_ROLLED_BACK, "ROLLED_BACK",
            Topics.SERVER_RESTARTED, "RESTARTED",
            Topics.SERVER_STARTED, "STARTED",
            Topics.SERVER_STOPPED, "STOPPED",
            Topics.SERVER_RECONCILED, "RECONCILED");

    private static final Set<String> ENDS = Set.of(Topics.SERVER_ROLLOUT_DONE, Topics.SERVER_ROLLOUT_FAILED);
    /** Two start events of one revision this close are one rollout (a scale publishes UPDATED and SCALED). */
    private static final Duration SAME_ROLLOUT = Duration.ofSeconds(2);

    private static final int MAX_CAUSE = 1000;

    private final Database db;

    @Activate
    public RolloutHistory(@Reference Database db) {
        this.db = db;
        db.migrate(
                "inspection",
                "io.cengjiyun.inspection",
                RolloutHistory.class.getClassLoader(),
                List.of("V1__inspection.sql"));
    }

    @Override
    public void handleEvent(Event event) {
        DomainEvent e;
        try {
            e = DomainEvent.from(event);
        } catch (IllegalArgumentException bad) {
            return;
        }
        try {
            record(e);
        } catch (RuntimeException failed) {
            LOG.warn("The rollout history missed {} of server {}: {}", e.topic(), e.server(), failed.toString());
        }
    }

    void record(DomainEvent e) {
        if (Topics.SERVICE_DELETED.equals(e.topic())) {
            delete("DELETE FROM rollouts WHERE service = ?", e.service());
        } else if (Topics.APPMAP_DELETED.equals(e.topic())) {
            delete("DELETE FROM rollouts WHERE service = ? AND appmap = ?", e.service(), e.appmap());
        } else if (Topics.SERVER_DELETED.equals(e.topic())) {
            delete(
                    "DELETE FROM rollouts WHERE service = ? AND appmap = ? AND server = ?",
                    e.service(),
                    e.appmap(),
                    e.server());
        } else if (STARTS.containsKey(e.topic()) && e.server() != null && e.revision() != null) {
            if (Topics.SERVER_RECONCILED.equals(e.topic()) && e.cause() == null) {
                return; // nothing drifted: nothing was applied
            }
            start(e, STARTS.get(e.topic()));
        } else if (ENDS.contains(e.topic()) && e.server() != null) {
            end(e, Topics.SERVER_ROLLOUT_DONE.equals(e.topic()) ? "done" : "failed");
        }
    }

    private void start(DomainEvent e, String action) {
        db.write("record a rollout of server '" + e.server() + "'", c -> {
            Long open = null;
            long openRevision = -1;
            Instant openStarted = null;
            try (PreparedStatement s =
                    c.prepareStatement("SELECT id, revision, started_at FROM rollouts WHERE service = ?"
                            + " AND appmap = ? AND server = ? AND ended_at IS NULL ORDER BY id DESC")) {
                s.setString(1, e.service());
                s.setString(2, e.appmap());
                s.setString(3, e.server());
                try (ResultSet rows = s.executeQuery()) {
                    if (rows.next()) {
                        open = rows.getLong(1);
                        openRevision = rows.getLong(2);
                        openStarted = rows.getTimestamp(3).toInstant();
                    }
                }
            }
            if (open != null
                    && openRevision == e.revision()
                    && Duration.between(openStarted, e.timestamp()).abs().compareTo(SAME_ROLLOUT) <= 0) {
                return null;
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE rollouts SET ended_at = ?, result = 'superseded'"
                    + " WHERE service = ? AND appmap = ? AND server = ? AND ended_at IS NULL")) {
                s.setTimestamp(1, Timestamp.from(e.timestamp()));
                s.setString(2, e.service());
                s.setString(3, e.appmap());
                s.setString(4, e.server());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO rollouts (service, appmap, server, revision,"
                    + " action, actor, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, e.service());
                s.setString(2, e.appmap());
                s.setString(3, e.server());
                s.setLong(4, e.revision());
                s.setString(5, action);
                s.setString(6, e.actor() == null ? Topics.SYSTEM : e.actor());
                s.setTimestamp(7, Timestamp.from(e.timestamp()));
                s.executeUpdate();
            }
            return null;
        });
    }

    private void end(DomainEvent e, String result) {
        db.write("record the end of a rollout of server '" + e.server() + "'", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE rollouts SET ended_at = ?, result = ?, cause = ?"
                    + " WHERE service = ? AND appmap = ? AND server = ? AND ended_at IS NULL")) {
                s.setTimestamp(1, Timestamp.from(e.timestamp()));
                s.setString(2, result);
                String cause = e.cause();
                s.setString(3, cause == null || cause.length() <= MAX_CAUSE ? cause : cause.substring(0, MAX_CAUSE));
                s.setString(4, e.service());
                s.setString(5, e.appmap());
                s.setString(6, e.server());
                s.executeUpdate();
            }
            return null;
        });
    }

    private void delete(String sql, String... keys) {
        db.write("forget rollouts", c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < keys.length; i++) {
                    s.setString(i + 1, keys[i]);
                }
                s.executeUpdate();
            }
            return null;
        });
    }

    /** The rollouts of a server by revision, newest first. */
    Map<Long, List<Rollout>> of(String service, String appmap, String server) {
        return db.read("read the rollouts of server '" + server + "'", c -> {
            Map<Long, List<Rollout>> byRevision = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT revision, action, actor, started_at, ended_at, result,"
                            + " cause FROM rollouts WHERE service = ? AND appmap = ? AND server = ? ORDER BY id DESC")) {
                s.setString(1, service);
                s.setString(2, appmap);
                s.setString(3, server);
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        Instant started = rows.getTimestamp(4).toInstant();
                        Timestamp ended = rows.getTimestamp(5);
                        byRevision
                                .computeIfAbsent(rows.getLong(1), r -> new ArrayList<>())
                                .add(new Rollout(
                                        rows.getString(2),
                                        rows.getString(3),
                                        started.toString(),
                                        ended == null ? null : ended.toInstant().toString(),
                                        ended == null
                                                ? null
                                                : Duration.between(started, ended.toInstant())
                                                                .toMillis()
                                                        / 1000.0,
                                        rows.getString(6),
                                        rows.getString(7)));
                    }
                }
            }
            return byRevision;
        });
    }
}
