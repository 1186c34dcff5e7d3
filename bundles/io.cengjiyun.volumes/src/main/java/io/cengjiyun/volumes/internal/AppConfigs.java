/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.database.Database;
import io.cengjiyun.database.Sealer;
import io.cengjiyun.database.Sealing;
import io.cengjiyun.database.UtcTimes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The config maps and secrets of the appmaps, in the platform's database (module {@code volumes}). A secret's data
 * is sealed at rest ({@link Sealer}); a config map's is plain JSON. Each write runs a caller's step (applying the
 * object to the cluster) after its transaction, never inside one: a transaction held open across a network call would
 * keep the appmap's row locked (by the foreign key) while the cluster answers, and a concurrent delete of the appmap or
 * its service would wait for it until the database gives up. A step that fails undoes the write, so that the database
 * and the cluster change together or not at all; writes of one config map or secret run one at a time, so that the
 * cluster gets them in the order the database stored them.
 *
 * <p>The digest of the data is a SHA-256 over a random salt of the object and its data: it changes with the data, and
 * since it ends up in pod annotations that anyone who can read the pods sees, it must not let them guess a secret.
 */
@Component(service = AppConfigs.class, configurationPid = AppConfigs.PID)
@Designate(ocd = VolumesConfig.class)
public class AppConfigs implements ConfigIndex {
    static final String PID = "io.cengjiyun.volumes";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS =
            "kind, name, data, restart_servers, digest, version, created_at, updated_at," + " updated_by";
    private static final String WHERE_KEY = " WHERE service = ? AND appmap = ? AND kind = ? AND name = ?";

    /** Whether a write may make a new one, replace one, or both. */
    enum Mode {
        CREATE,
        REPLACE,
        CREATE_OR_REPLACE
    }

    /** A write's outcome: what is stored now, and what was before (null if nothing). */
    record Written(AppConfig now, AppConfig before) {
        boolean dataChanged() {
            return before == null || !before.digest().equals(now.digest());
        }
    }

    /** A row with its data as stored (sealed, for a secret) and its salt. */
    private record Stored(AppConfig config, String data, String salt) {}

    private final Database db;
    private final Sealer sealer;
    private final Clock clock;
    private final Object[] locks = new Object[64];

    @Activate
    /**
     * The store is referenced only so that this bundle's table, whose rows reference appmaps, is made after the
     * hierarchy's (see {@link Database#migrate}).
     */
    public AppConfigs(
            @Reference Database db, @Reference HierarchyStore store, @Reference Sealing sealing, VolumesConfig config) {
        this(
                db,
                sealing.sealer(
                        config.keyFile().isBlank() ? "volumes.key" : config.keyFile(),
                        "the appmaps' secrets",
                        "set the secrets again"),
                Clock.systemUTC());
    }

    AppConfigs(Database db, Sealer sealer, Clock clock) {
        this.db = db;
        this.sealer = sealer;
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        db.migrate(
                "volumes",
                "io.cengjiyun.volumes",
                AppConfigs.class.getClassLoader(),
                List.of("V1__volumes.sql", "V2__volume_configs_without_cascade.sql"));
    }

    @Override
    public List<ConfigRef> refs(String service, String appmap) {
        return db.read("list the config maps and secrets of " + appMap(service, appmap), c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT kind, name, restart_servers, digest FROM volume_configs"
                            + " WHERE service = ? AND appmap = ? ORDER BY kind, name")) {
                s.setString(1, service);
                s.setString(2, appmap);
                List<ConfigRef> refs = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        refs.add(new ConfigRef(
                                ConfigKind.ofId(rs.getString(1)), rs.getString(2), rs.getBoolean(3), rs.getString(4)));
                    }
                }
                return refs;
            }
        });
    }

    List<AppConfig> list(String service, String appmap, ConfigKind kind) {
        return db.read("list the " + kind.noun() + "s of " + appMap(service, appmap), c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM volume_configs"
                    + " WHERE service = ? AND appmap = ? AND kind = ? ORDER BY name")) {
                s.setString(1, service);
                s.setString(2, appmap);
                s.setString(3, kind.id());
                List<AppConfig> all = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        all.add(row(rs, service, appmap));
                    }
                }
                return all;
            }
        });
    }

    Optional<AppConfig> find(String service, String appmap, ConfigKind kind, String name) {
        return db.read("read " + what(service, appmap, kind, name), c -> find(c, service, appmap, kind, name));
    }

    /**
     * Stores a config map or secret, then runs {@code apply} with it: if that throws, the write is undone (nothing is
     * stored, or what was before is stored again) and the exception passes on.
     *
     * @throws ConflictException on a CREATE of one that exists
     * @throws NotFoundException on a REPLACE of one that does not
     */
    Written write(
            String service,
            String appmap,
            ConfigKind kind,
            String name,
            Map<String, String> data,
            boolean restartServers,
            String author,
            Mode mode,
            Consumer<AppConfig> apply) {
        String what = what(service, appmap, kind, name);
        synchronized (lock(service, appmap, kind, name)) {
            Stored[] before = new Stored[1];
            Written written = db.write("store " + what, c -> {
                before[0] = stored(c, service, appmap, kind, name);
                AppConfig previous = before[0] == null ? null : before[0].config();
                if (previous != null && mode == Mode.CREATE) {
                    throw new ConflictException(capitalized(what) + " exists already: change it with PUT .../"
                            + kind.id() + "s/" + name + ", or pick another name");
                }
                if (previous == null && mode == Mode.REPLACE) {
                    throw new NotFoundException(what);
                }
                Instant now = clock.instant();
                Map<String, String> sorted = new TreeMap<>(data);
                String stored = stored(kind, sorted, what);
                AppConfig saved;
                if (previous == null) {
                    String salt = HexFormat.of().formatHex(randomBytes());
                    saved = new AppConfig(
                            kind, name, sorted, restartServers, digest(salt, sorted), 1, now, now, author);
                    insert(c, service, appmap, saved, stored, salt, what);
                } else {
                    String salt = before[0].salt();
                    saved = new AppConfig(
                            kind,
                            name,
                            sorted,
                            restartServers,
                            digest(salt, sorted),
                            previous.version() + 1,
                            previous.createdAt(),
                            now,
                            author);
                    update(c, service, appmap, saved, stored);
                }
                return new Written(saved, previous);
            });
            try {
                apply.accept(written.now());
            } catch (RuntimeException | Error e) {
                undo(service, appmap, written.now(), before[0], what, e);
                throw e;
            }
            return written;
        }
    }

    /** Sets a write back to what was stored before it, if nothing changed it since; a failure is added to {@code e}. */
    private void undo(String service, String appmap, AppConfig saved, Stored before, String what, Throwable e) {
        try {
            db.write("undo the write of " + what, c -> {
                if (before == null) {
                    try (PreparedStatement s =
                            c.prepareStatement("DELETE FROM volume_configs" + WHERE_KEY + " AND version = ?")) {
                        bindKey(s, service, appmap, saved.kind(), saved.name());
                        s.setLong(5, saved.version());
                        s.executeUpdate();
                    }
                } else {
                    restore(c, service, appmap, before, saved.version());
                }
                return null;
            });
        } catch (RuntimeException again) {
            e.addSuppressed(again);
        }
    }

    /**
     * Deletes a config map or secret: first runs {@code apply} with it (deleting it from the cluster), then, if that
     * did not throw, deletes it from the database.
     *
     * @throws NotFoundException if there is none of the name
     */
    AppConfig delete(String service, String appmap, ConfigKind kind, String name, Consumer<AppConfig> apply) {
        String what = what(service, appmap, kind, name);
        synchronized (lock(service, appmap, kind, name)) {
            AppConfig before = find(service, appmap, kind, name).orElseThrow(() -> new NotFoundException(what));
            apply.accept(before);
            db.write("delete " + what, c -> {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM volume_configs" + WHERE_KEY)) {
                    bindKey(s, service, appmap, kind, name);
                    s.executeUpdate();
                }
                return null;
            });
            return before;
        }
    }

    /** Writes of one config map or secret, one at a time (64 stripes: a rare shared stripe only waits a little). */
    private Object lock(String service, String appmap, ConfigKind kind, String name) {
        return locks[Math.floorMod((service + '/' + appmap + '/' + kind.id() + '/' + name).hashCode(), locks.length)];
    }

    static String what(String service, String appmap, ConfigKind kind, String name) {
        return kind.noun() + " '" + name + "' of " + appMap(service, appmap);
    }

    private static String appMap(String service, String appmap) {
        return "appmap '" + appmap + "' of service '" + service + "'";
    }

    private Optional<AppConfig> find(Connection c, String service, String appmap, ConfigKind kind, String name)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM volume_configs"
                + " WHERE service = ? AND appmap = ? AND kind = ? AND name = ?")) {
            s.setString(1, service);
            s.setString(2, appmap);
            s.setString(3, kind.id());
            s.setString(4, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs, service, appmap)) : Optional.empty();
            }
        }
    }

    /** A row as it is stored (the data still sealed), to undo a write with; null if there is none. */
    private Stored stored(Connection c, String service, String appmap, ConfigKind kind, String name)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + ", salt FROM volume_configs" + WHERE_KEY)) {
            bindKey(s, service, appmap, kind, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? new Stored(row(rs, service, appmap), rs.getString("data"), rs.getString("salt"))
                        : null;
            }
        }
    }

    /** Sets the row back to {@code before} if it is still at {@code version}. */
    private static void restore(Connection c, String service, String appmap, Stored before, long version)
            throws SQLException {
        AppConfig a = before.config();
        try (PreparedStatement s = c.prepareStatement("UPDATE volume_configs SET data = ?, restart_servers = ?,"
                + " digest = ?, version = ?, updated_at = ?, updated_by = ?" + WHERE_KEY + " AND version = ?")) {
            s.setString(1, before.data());
            s.setBoolean(2, a.restartServers());
            s.setString(3, a.digest());
            s.setLong(4, a.version());
            UtcTimes.set(s, 5, a.updatedAt());
            s.setString(6, a.updatedBy());
            s.setString(7, service);
            s.setString(8, appmap);
            s.setString(9, a.kind().id());
            s.setString(10, a.name());
            s.setLong(11, version);
            s.executeUpdate();
        }
    }

    private static void bindKey(PreparedStatement s, String service, String appmap, ConfigKind kind, String name)
            throws SQLException {
        s.setString(1, service);
        s.setString(2, appmap);
        s.setString(3, kind.id());
        s.setString(4, name);
    }

    private static void insert(
            Connection c, String service, String appmap, AppConfig a, String data, String salt, String what)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO volume_configs (service, appmap, kind, name, data,"
                + " restart_servers, salt, digest, version, created_at, updated_at, updated_by)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, service);
            s.setString(2, appmap);
            s.setString(3, a.kind().id());
            s.setString(4, a.name());
            s.setString(5, data);
            s.setBoolean(6, a.restartServers());
            s.setString(7, salt);
            s.setString(8, a.digest());
            s.setLong(9, a.version());
            UtcTimes.set(s, 10, a.createdAt());
            UtcTimes.set(s, 11, a.updatedAt());
            s.setString(12, a.updatedBy());
            s.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // a concurrent create won
                throw new ConflictException(
                        capitalized(what) + " was just created by someone else: read it, then" + " change it with PUT");
            }
            throw e;
        }
    }

    private static void update(Connection c, String service, String appmap, AppConfig a, String data)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE volume_configs SET data = ?, restart_servers = ?,"
                + " digest = ?, version = ?, updated_at = ?, updated_by = ?"
                + " WHERE service = ? AND appmap = ? AND kind = ? AND name = ?")) {
            s.setString(1, data);
            s.setBoolean(2, a.restartServers());
            s.setString(3, a.digest());
            s.setLong(4, a.version());
            UtcTimes.set(s, 5, a.updatedAt());
            s.setString(6, a.updatedBy());
            s.setString(7, service);
            s.setString(8, appmap);
            s.setString(9, a.kind().id());
            s.setString(10, a.name());
            s.executeUpdate();
        }
    }

    private AppConfig row(ResultSet rs, String service, String appmap) throws SQLException {
        ConfigKind kind = ConfigKind.ofId(rs.getString("kind"));
        String name = rs.getString("name");
        String data = rs.getString("data");
        String json = kind == ConfigKind.SECRET
                ? sealer.open(data, "data of " + what(service, appmap, kind, name), "set it again")
                : data;
        return new AppConfig(
                kind,
                name,
                parse(json),
                rs.getBoolean("restart_servers"),
                rs.getString("digest"),
                rs.getLong("version"),
                UtcTimes.get(rs, "created_at"),
                UtcTimes.get(rs, "updated_at"),
                rs.getString("updated_by"));
    }

    private String stored(ConfigKind kind, Map<String, String> data, String what) {
        try {
            String json = JSON.writeValueAsString(data);
            return kind == ConfigKind.SECRET ? sealer.seal(json) : json;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the data of " + what + " as JSON", e);
        }
    }

    private static Map<String, String> parse(String json) {
        try {
            return new TreeMap<>(JSON.readValue(json, new TypeReference<Map<String, String>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored data is not a JSON object of strings", e);
        }
    }

    static String digest(String salt, Map<String, String> sorted) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(StandardCharsets.US_ASCII));
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
                sha.update(lengthOf(key));
                sha.update(key);
                sha.update(lengthOf(value));
                sha.update(value);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static byte[] lengthOf(byte[] bytes) {
        int n = bytes.length;
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
