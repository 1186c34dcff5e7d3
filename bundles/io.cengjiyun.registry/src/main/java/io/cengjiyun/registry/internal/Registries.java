/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.StaleVersionException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.database.Database;
import io.cengjiyun.database.Sealer;
import io.cengjiyun.database.Sealing;
import io.cengjiyun.database.UtcTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The registries of the services, in the platform's database (module {@code registry}), each password sealed at rest
 * with the bundle's own key ({@code registry.key}). Reads open the password for the bundle only; nothing here answers
 * it to a client. Writes take the version they were read at ({@link HierarchyStore#ANY_VERSION} for any).
 */
@Component(service = Registries.class, configurationPid = Registries.PID)
@Designate(ocd = RegistryConfig.class)
public class Registries {
    static final String PID = "io.cengjiyun.registry";
    private static final String COLUMNS =
            "name, address, username, password, ca, version, created_at, updated_at, updated_by, shared_with";

    private final Database db;
    private final Sealer sealer;
    private final Clock clock;
    private final Predicate<String> serviceExists;

    /** The store is referenced so that this table, whose rows reference services, is made after the hierarchy's. */
    @Activate
    public Registries(
            @Reference Database db,
            @Reference HierarchyStore store,
            @Reference Sealing sealing,
            RegistryConfig config) {
        this(
                db,
                sealing.sealer(
                        config.keyFile().isBlank() ? "registry.key" : config.keyFile(),
                        "the registries' passwords",
                        "set each registry's password again (PUT /services/{service}/registries/{name})"),
                Clock.systemUTC(),
                name -> store.findService(name).isPresent());
    }

    Registries(Database db, Sealer sealer, Clock clock, Predicate<String> serviceExists) {
        this.db = db;
        this.sealer = sealer;
        this.clock = clock;
        this.serviceExists = serviceExists;
        db.migrate(
                "registry",
                "io.cengjiyun.registry",
                Registries.class.getClassLoader(),
                List.of("V1__registries.sql", "V2__shared_registries.sql"));
    }

    List<Registry> list(String service) {
        return db.read("list the registries of service '" + service + "'", c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM registries WHERE service = ? ORDER BY name")) {
                s.setString(1, service);
                List<Registry> all = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        all.add(row(rs, service));
                    }
                }
                return all;
            }
        });
    }

    Optional<Registry> registry(String service, String name) {
        return db.read("read registry '" + name + "' of service '" + service + "'", c -> find(c, service, name));
    }

    /**
     * A service has gone: no registry is shared with it any more (a new service of the same name must be shared with
     * again). Returns how many registries were changed.
     */
    int forget(String gone) {
        return db.write("stop sharing registries with service '" + gone + "'", c -> {
            List<String[]> rows = new ArrayList<>();
            try (PreparedStatement s =
                    c.prepareStatement("SELECT service, name, shared_with FROM registries WHERE shared_with LIKE ?")) {
                s.setString(1, "%," + gone + ",%");
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                    }
                }
            }
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE registries SET shared_with = ? WHERE service = ? AND name = ?")) {
                for (String[] row : rows) {
                    List<String> left = new ArrayList<>(split(row[2]));
                    left.remove(gone);
                    s.setString(1, joined(left));
                    s.setString(2, row[0]);
                    s.setString(3, row[1]);
                    s.executeUpdate();
                }
            }
            return rows.size();
        });
    }

    /** Every registry shared with another service. */
    List<Registry> sharedOnes() {
        return db.read("list the shared registries", c -> {
            List<Registry> all = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT service, " + COLUMNS + " FROM registries WHERE shared_with IS NOT NULL")) {
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        all.add(row(rs, rs.getString("service")));
                    }
                }
            }
            return all;
        });
    }

    /** The registries a service may use: its own and those other services share with it, by name. */
    List<Registry> usable(String service) {
        return db.read("list the registries service '" + service + "' may use", c -> {
            List<Registry> all = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT service, " + COLUMNS
                    + " FROM registries WHERE service = ? OR shared_with LIKE ? ORDER BY name, service")) {
                s.setString(1, service);
                s.setString(2, "%," + service + ",%");
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        all.add(row(rs, rs.getString("service")));
                    }
                }
            }
            return all;
        });
    }

    /** The registry of that name a service may use: its own, or one shared with it. */
    Optional<Registry> usable(String service, String name) {
        return usable(service).stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The usable registry of that name. @throws NotFoundException when the service may use none of that name */
    Registry getUsable(String service, String name) {
        return usable(service, name).orElseThrow(() -> notFound(service, name));
    }

    Registry get(String service, String name) {
        return registry(service, name).orElseThrow(() -> notFound(service, name));
    }

    /** @throws ConflictException when one of the name exists; NotFoundException when the service does not */
    Registry create(String service, RegistryInput input, String author) {
        ValidationException.throwIfAny(RegistryRules.check(input, null, true));
        ValidationException.throwIfAny(unknownServices(service, input.sharedWith()));
        Instant now = now();
        Registry made = new Registry(
                service,
                input.name(),
                input.address().strip(),
                input.username(),
                input.password(),
                blankToNull(input.ca()),
                1,
                now,
                now,
                author,
                input.sharedWith());
        return db.write("create registry '" + input.name() + "' of service '" + service + "'", c -> {
            if (find(c, service, input.name()).isPresent()) {
                throw new ConflictException("Registry '" + input.name() + "' of service '" + service
                        + "' exists already: change it with PUT .../registries/" + input.name()
                        + ", or give another name");
            }
            nameClashes(c, made);
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO registries (service, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, service);
                s.setString(2, made.name());
                s.setString(3, made.address());
                s.setString(4, made.username());
                s.setString(5, sealer.seal(made.password()));
                s.setString(6, made.ca());
                s.setLong(7, made.version());
                UtcTimes.set(s, 8, made.createdAt());
                UtcTimes.set(s, 9, made.updatedAt());
                s.setString(10, author);
                s.setString(11, joined(made.sharedWith()));
                s.executeUpdate();
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) { // a concurrent create won
                    throw new ConflictException(
                            "Registry '" + input.name() + "' of service '" + service + "' exists already");
                }
                if ("23503".equals(e.getSQLState())) { // the service went meanwhile (or never was)
                    throw new NotFoundException("service '" + service + "'");
                }
                throw e;
            }
            return made;
        });
    }

    /**
     * Replaces the registry's address, user, password (kept when the input leaves it out) and authority.
     *
     * @param expected the version it was read at, or {@link HierarchyStore#ANY_VERSION}
     * @return {now, before}
     */
    Registry[] replace(String service, String name, RegistryInput input, long expected, String author) {
        ValidationException.throwIfAny(RegistryRules.check(input, name, false));
        ValidationException.throwIfAny(unknownServices(service, input.sharedWith()));
        return db.write("change registry '" + name + "' of service '" + service + "'", c -> {
            Registry before = find(c, service, name).orElseThrow(() -> notFound(service, name));
            checkVersion(before, expected);
            String password =
                    input.password() == null || input.password().isEmpty() ? before.password() : input.password();
            Registry now = new Registry(
                    service,
                    name,
                    input.address().strip(),
                    input.username(),
                    password,
                    blankToNull(input.ca()),
                    before.version() + 1,
                    before.createdAt(),
                    now(),
                    author,
                    input.sharedWith() == null ? before.sharedWith() : input.sharedWith());
            nameClashes(c, now);
            try (PreparedStatement s = c.prepareStatement("UPDATE registries SET address = ?, username = ?,"
                    + " password = ?, ca = ?, version = ?, updated_at = ?, updated_by = ?, shared_with = ?"
                    + " WHERE service = ? AND name = ? AND version = ?")) {
                s.setString(1, now.address());
                s.setString(2, now.username());
                s.setString(3, sealer.seal(now.password()));
                s.setString(4, now.ca());
                s.setLong(5, now.version());
                UtcTimes.set(s, 6, now.updatedAt());
                s.setString(7, author);
                s.setString(8, joined(now.sharedWith()));
                s.setString(9, service);
                s.setString(10, name);
                s.setLong(11, before.version());
                if (s.executeUpdate() != 1) { // a concurrent write won
                    Registry current = find(c, service, name).orElseThrow(() -> notFound(service, name));
                    throw stale(current, before.version());
                }
            }
            return new Registry[] {now, before};
        });
    }

    /** @return what was deleted */
    Registry delete(String service, String name, long expected) {
        return db.write("delete registry '" + name + "' of service '" + service + "'", c -> {
            Registry before = find(c, service, name).orElseThrow(() -> notFound(service, name));
            checkVersion(before, expected);
            try (PreparedStatement s =
                    c.prepareStatement("DELETE FROM registries WHERE service = ? AND name = ? AND version = ?")) {
                s.setString(1, service);
                s.setString(2, name);
                s.setLong(3, before.version());
                if (s.executeUpdate() != 1) {
                    throw stale(find(c, service, name).orElseThrow(() -> notFound(service, name)), before.version());
                }
            }
            return before;
        });
    }

    private Optional<Registry> find(Connection c, String service, String name) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + COLUMNS + " FROM registries WHERE service = ? AND name = ?")) {
            s.setString(1, service);
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs, service)) : Optional.empty();
            }
        }
    }

    private Registry row(ResultSet rs, String service) throws SQLException {
        String name = rs.getString("name");
        return new Registry(
                service,
                name,
                rs.getString("address"),
                rs.getString("username"),
                sealer.open(
                        rs.getString("password"),
                        "the password of registry '" + name + "' of service '" + service + "'",
                        "set it again (PUT /services/" + service + "/registries/" + name + ")"),
                rs.getString("ca"),
                rs.getLong("version"),
                UtcTimes.get(rs, "created_at"),
                UtcTimes.get(rs, "updated_at"),
                rs.getString("updated_by"),
                split(rs.getString("shared_with")));
    }

    /** Each service a registry is to be shared with must exist (422 naming {@code sharedWith[i]}). */
    private List<FieldError> unknownServices(String service, List<String> sharedWith) {
        List<FieldError> errors = new ArrayList<>();
        if (sharedWith == null) {
            return errors;
        }
        for (int i = 0; i < sharedWith.size(); i++) {
            String other = sharedWith.get(i);
            if (other.equals(service)) {
                errors.add(new FieldError(
                        "sharedWith[" + i + "]",
                        "'" + other + "' is the registry's own service: list only other services"));
            } else if (!serviceExists.test(other)) {
                errors.add(new FieldError(
                        "sharedWith[" + i + "]", "'" + other + "' is not a service of the platform: check the name"));
            }
        }
        return errors;
    }

    /**
     * A registry's name must be one in every service that may use it: no other registry of that name of, or shared
     * with, its own service or a service it is shared with.
     */
    private void nameClashes(Connection c, Registry r) throws SQLException {
        List<String> users = new ArrayList<>(r.sharedWith());
        users.add(r.service());
        try (PreparedStatement s =
                c.prepareStatement("SELECT service, shared_with FROM registries WHERE name = ? AND service <> ?")) {
            s.setString(1, r.name());
            s.setString(2, r.service());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String owner = rs.getString("service");
                    List<String> theirs = new ArrayList<>(split(rs.getString("shared_with")));
                    theirs.add(owner);
                    for (String user : users) {
                        if (theirs.contains(user)) {
                            throw new ConflictException("Service '" + user + "' would have two registries named '"
                                    + r.name() + "': its own or shared by '" + owner + "', and this one of '"
                                    + r.service() + "'. Give this registry another name, or share it with other"
                                    + " services");
                        }
                    }
                }
            }
        }
    }

    private static String joined(List<String> services) {
        return services.isEmpty() ? null : "," + String.join(",", services) + ",";
    }

    private static List<String> split(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(stored.split(","))
                .filter(n -> !n.isEmpty())
                .toList();
    }

    private static void checkVersion(Registry current, long expected) {
        if (expected != HierarchyStore.ANY_VERSION && expected != current.version()) {
            throw stale(current, expected);
        }
    }

    private static StaleVersionException stale(Registry current, long expected) {
        return new StaleVersionException(
                "registry '" + current.name() + "' of service '" + current.service() + "'",
                expected,
                current.version());
    }

    private static NotFoundException notFound(String service, String name) {
        return new NotFoundException("registry '" + name + "' of service '" + service + "'");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
