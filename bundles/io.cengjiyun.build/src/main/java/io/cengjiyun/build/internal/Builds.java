/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.build.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.database.Database;
import io.cengjiyun.database.UtcTimes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The builds of the services, in the platform's database (module {@code build}), with their output once ended. */
@Component(service = Builds.class)
public class Builds {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, service, appmap, registry, repository, tag, image, dockerfile, args,"
            + " state, digest, failed_step, message, created_at, started_at, ended_at, created_by, source";
    /** The most output kept per build: its end, where a failure is. */
    static final int MAX_OUTPUT = 256 * 1024;

    private final Database db;

    /** The store is referenced so that this table, whose rows reference services, is made after the hierarchy's. */
    @Activate
    public Builds(@Reference Database db, @Reference HierarchyStore store) {
        this(db);
    }

    Builds(Database db) {
        this.db = db;
        db.migrate(
                "build",
                "io.cengjiyun.build",
                Builds.class.getClassLoader(),
                List.of("V1__builds.sql", "V2__build_source.sql", "V3__build_runner.sql"));
    }

    /** Whether other runtimes share the database (replicas on PostgreSQL). */
    boolean shared() {
        return db.shared();
    }

    /**
     * Stores a new build.
     *
     * @param runner the runtime that runs it (its token), seen when the build was asked for
     */
    void insert(BuildView b, String runner) {
        db.write("store build " + b.id() + " of service '" + b.service() + "'", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO builds (" + COLUMNS
                            + ", runner, runner_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, b.id());
                s.setString(2, b.service());
                s.setString(3, b.appmap());
                s.setString(4, b.registry());
                s.setString(5, b.repository());
                s.setString(6, b.tag());
                s.setString(7, b.image());
                s.setString(8, b.dockerfile());
                s.setString(9, json(b.args()));
                s.setString(10, b.state());
                s.setString(11, b.digest());
                s.setString(12, b.failedStep());
                s.setString(13, b.message());
                UtcTimes.set(s, 14, b.createdAt());
                UtcTimes.set(s, 15, b.startedAt());
                UtcTimes.set(s, 16, b.endedAt());
                s.setString(17, b.createdBy());
                s.setString(18, cut(b.source(), 2400));
                s.setString(19, runner);
                UtcTimes.set(s, 20, b.createdAt());
                s.executeUpdate();
            } catch (SQLException e) {
                if ("23503".equals(e.getSQLState())) {
                    throw new NotFoundException("service '" + b.service() + "'");
                }
                throw e;
            }
            return null;
        });
    }

    /** Its state and outcome; its output too once it has ended (null: kept as it is). */
    void update(BuildView b, String output) {
        db.write("update build " + b.id(), c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE builds SET state = ?, digest = ?, failed_step = ?,"
                    + " message = ?, started_at = ?, ended_at = ?, source = ?"
                    + (output == null ? "" : ", build_output = ?") + " WHERE id = ?")) {
                s.setString(1, b.state());
                s.setString(2, b.digest());
                s.setString(3, cut(b.failedStep(), 1000));
                s.setString(4, cut(b.message(), 4000));
                UtcTimes.set(s, 5, b.startedAt());
                UtcTimes.set(s, 6, b.endedAt());
                s.setString(7, cut(b.source(), 2400));
                int i = 8;
                if (output != null) {
                    s.setString(
                            i++,
                            output.length() > MAX_OUTPUT ? output.substring(output.length() - MAX_OUTPUT) : output);
                }
                s.setString(i, b.id());
                s.executeUpdate();
            }
            return null;
        });
    }

    List<BuildView> list(String service, int limit) {
        return db.read("list the builds of service '" + service + "'", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM builds WHERE service = ? ORDER BY created_at DESC, id DESC")) {
                s.setString(1, service);
                s.setMaxRows(limit);
                List<BuildView> all = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        all.add(row(rs));
                    }
                }
                return all;
            }
        });
    }

    Optional<BuildView> find(String service, String id) {
        return db.read("read build " + id, c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM builds WHERE service = ? AND id = ?")) {
                s.setString(1, service);
                s.setString(2, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    String output(String id) {
        return db.read("read the output of build " + id, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT build_output FROM builds WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
                }
            }
        });
    }

    /** The runner still runs its queued and running builds: they are seen {@code now}. */
    int seen(String runner, Instant now) {
        return db.write("say that this runtime's builds still run", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE builds SET runner_seen_at = ?" + " WHERE runner = ? AND state IN ('QUEUED', 'RUNNING')")) {
                UtcTimes.set(s, 1, now);
                s.setString(2, runner);
                return s.executeUpdate();
            }
        });
    }

    /**
     * Builds left QUEUED or RUNNING by a runtime that stopped: they cannot go on. Those of {@code runner} (this
     * runtime) are not touched, nor those whose runner was seen at {@code silentSince} or later (another replica at
     * work).
     */
    int endInterrupted(Instant now, String runner, Instant silentSince) {
        return db.write("end the builds a stop interrupted", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE builds SET state = 'FAILED', ended_at = ?,"
                    + " message = 'The platform (or the replica of it that ran it) stopped while it was queued or"
                    + " running: start it again.'"
                    + " WHERE state IN ('QUEUED', 'RUNNING') AND (runner IS NULL OR runner <> ?)"
                    + " AND (runner_seen_at IS NULL OR runner_seen_at < ?)")) {
                UtcTimes.set(s, 1, now);
                s.setString(2, runner);
                UtcTimes.set(s, 3, silentSince);
                return s.executeUpdate();
            }
        });
    }

    private static BuildView row(ResultSet rs) throws SQLException {
        Instant started = UtcTimes.get(rs, "started_at");
        Instant ended = UtcTimes.get(rs, "ended_at");
        return new BuildView(
                rs.getString("id"),
                rs.getString("service"),
                rs.getString("appmap"),
                rs.getString("registry"),
                rs.getString("repository"),
                rs.getString("tag"),
                rs.getString("image"),
                rs.getString("dockerfile"),
                args(rs.getString("args")),
                rs.getString("state"),
                rs.getString("digest"),
                rs.getString("failed_step"),
                rs.getString("message"),
                UtcTimes.get(rs, "created_at"),
                started,
                ended,
                BuildView.duration(started, ended),
                rs.getString("created_by"),
                rs.getString("source"));
    }

    private static String json(Map<String, String> args) {
        try {
            return JSON.writeValueAsString(args == null ? Map.of() : new TreeMap<>(args));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> args(String json) {
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
