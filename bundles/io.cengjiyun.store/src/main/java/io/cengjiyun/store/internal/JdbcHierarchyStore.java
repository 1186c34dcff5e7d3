/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Quota;
import io.cengjiyun.api.Revision;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.What;
import io.cengjiyun.api.validation.HierarchyValidator;
import io.cengjiyun.database.Database;
import io.cengjiyun.database.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hierarchy store on the platform's database (embedded Derby by default, PostgreSQL by configuration): rows and
 * revisions, and nothing else. Each write is one transaction; referential rules are checked in it and backed by the
 * schema's foreign keys, so a concurrent writer cannot slip a child under a parent being deleted. No transaction
 * waits for anything but the database: cluster work is the lifecycle's managers', before or after the store's.
 */
@Component(service = HierarchyStore.class)
public final class JdbcHierarchyStore implements HierarchyStore, AutoCloseable {
    /** Services deleted since start ({@link #serviceDeletions()}). */
    private final java.util.concurrent.atomic.AtomicLong serviceDeletions =
            new java.util.concurrent.atomic.AtomicLong();

    /** The hierarchy's schema scripts, oldest first. Add the new one's file name here and its file under each dialect's folder. */
    static final List<String> SCRIPTS = List.of("V1__hierarchy.sql", "V2__revisions_without_cascade.sql");

    private static final Logger LOG = LoggerFactory.getLogger(JdbcHierarchyStore.class);

    private final Database db;
    private final Clock clock;
    private final DefinitionJson json = new DefinitionJson();
    private final ServerRows servers = new ServerRows(json);
    private final RevisionRows revisions = new RevisionRows(json);
    private final Object schemaLock = new Object();
    private volatile boolean schemaReady;

    @Activate
    public JdbcHierarchyStore(@Reference Database db) {
        this(db, Clock.systemUTC());
    }

    /**
     * Prepares the schema now, so that a database this bundle cannot use (a newer schema) stops the component at once.
     * An unreachable database does not: the store retries on first use and answers 503 meanwhile, rather than
     * vanishing from the service registry.
     */
    public JdbcHierarchyStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        try {
            prepareSchema();
        } catch (UnavailableException e) {
            LOG.warn("{} The store tries again on its first use.", e.getMessage());
        }
    }

    /** The database is the database bundle's to close; nothing of the store's own stays open. */
    @Deactivate
    @Override
    public void close() {
        // nothing to release
    }

    // --- services

    @Override
    public List<Service> listServices() {
        return sortedBy(read("list the services", ServiceRows::list), Service::name);
    }

    @Override
    public Optional<Service> findService(String name) {
        return read("read " + What.service(name), c -> ServiceRows.find(c, name));
    }

    @Override
    public Service createService(Service service) {
        ValidationException.throwIfAny(HierarchyValidator.validate(service));
        String what = What.service(service.name());
        return write("create " + what, c -> {
            try {
                return ServiceRows.insert(c, service, now());
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    throw nameTaken(what);
                }
                throw e;
            }
        });
    }

    @Override
    public Service updateService(Service service, long expectedVersion) {
        ValidationException.throwIfAny(HierarchyValidator.validate(service));
        String what = What.service(service.name());
        return write("update " + what, c -> {
            if (!ServiceRows.update(c, service, expectedVersion, now())) {
                throw VersionCheck.mismatch(what, expectedVersion, ServiceRows.version(c, service.name()));
            }
            return ServiceRows.find(c, service.name()).orElseThrow();
        });
    }

    @Override
    public void deleteService(String name, boolean cascade) {
        String what = What.service(name);
        write("delete " + what, c -> {
            if (!ServiceRows.exists(c, name)) {
                throw new NotFoundException(what);
            }
            if (cascade) {
                servers.deleteAllOf(c, name, null);
                AppMapRows.deleteAllOf(c, name);
            } else {
                List<String> appMaps = AppMapRows.names(c, name);
                if (!appMaps.isEmpty()) {
                    throw new ConflictException(what + " still has the appmaps " + appMaps
                            + ": delete them first, or delete the service with cascade");
                }
            }
            deleteParent(what, () -> ServiceRows.delete(c, name));
            return null;
        });
        serviceDeletions.incrementAndGet(); // committed
    }

    @Override
    public long serviceDeletions() {
        return serviceDeletions.get();
    }

    // --- appmaps

    @Override
    public List<AppMap> listAppMaps(String service) {
        return sortedBy(
                read("list the appmaps of " + What.service(service), c -> {
                    List<AppMap> appMaps = AppMapRows.list(c, service);
                    if (appMaps.isEmpty()) {
                        requireService(c, service);
                    }
                    return appMaps;
                }),
                AppMap::name);
    }

    @Override
    public Optional<AppMap> findAppMap(String service, String name) {
        return read("read " + What.appMap(service, name), c -> AppMapRows.find(c, service, name));
    }

    @Override
    public AppMap createAppMap(AppMap appMap) {
        validate(appMap);
        String what = What.appMap(appMap.service(), appMap.name());
        return write("create " + what, c -> {
            requireService(c, appMap.service());
            try {
                return AppMapRows.insert(c, appMap, now());
            } catch (SQLException e) {
                if (Sql.isForeignKeyViolation(e)) {
                    throw new NotFoundException(What.service(appMap.service()));
                }
                if (Sql.isUniqueViolation(e)) {
                    throw nameTaken(what);
                }
                throw e;
            }
        });
    }

    @Override
    public AppMap updateAppMap(AppMap appMap, long expectedVersion) {
        validate(appMap);
        String what = What.appMap(appMap.service(), appMap.name());
        return write("update " + what, c -> {
            AppMap current = AppMapRows.find(c, appMap.service(), appMap.name()).orElse(null);
            if (current != null && (expectedVersion == ANY_VERSION || current.version() == expectedVersion)) {
                ValidationException.throwIfAny(HierarchyValidator.validateChange(current, appMap));
            }
            if (!AppMapRows.update(c, appMap, expectedVersion, now())) {
                throw VersionCheck.mismatch(
                        what, expectedVersion, AppMapRows.version(c, appMap.service(), appMap.name()));
            }
            return AppMapRows.find(c, appMap.service(), appMap.name()).orElseThrow();
        });
    }

    @Override
    public void deleteAppMap(String service, String name, boolean cascade) {
        String what = What.appMap(service, name);
        write("delete " + what, c -> {
            if (!AppMapRows.exists(c, service, name)) {
                throw new NotFoundException(what);
            }
            if (cascade) {
                servers.deleteAllOf(c, service, name);
            } else {
                List<String> names = servers.names(c, service, name);
                if (!names.isEmpty()) {
                    throw new ConflictException(what + " still has the servers " + names
                            + ": delete them first, or delete the appmap with cascade");
                }
            }
            deleteParent(what, () -> AppMapRows.delete(c, service, name));
            return null;
        });
    }

    // --- servers

    @Override
    public List<Server> listServers(String service, String appmap) {
        return sortedBy(
                read("list the servers of " + What.appMap(service, appmap), c -> {
                    List<Server> list = servers.list(c, service, appmap);
                    if (list.isEmpty()) {
                        requireAppMap(c, service, appmap);
                    }
                    return list;
                }),
                Server::name);
    }

    @Override
    public byte[] serversJson(String service, String appmap) {
        return read("list the servers of " + What.appMap(service, appmap), c -> {
            requireAppMap(c, service, appmap);
            return servers.json(c, service, appmap);
        });
    }

    @Override
    public Optional<Server> findServer(String service, String appmap, String name) {
        return read("read " + What.server(service, appmap, name), c -> servers.find(c, service, appmap, name));
    }

    @Override
    public Server createServer(
            String service, String appmap, ServerDefinition definition, String author, String message) {
        validate(definition, author, message);
        String name = definition.name();
        String what = What.server(service, appmap, name);
        String stored = json.write(definition);
        return write("create " + what, c -> {
            requireAppMap(c, service, appmap);
            Instant now = now();
            try {
                servers.insert(c, service, appmap, name, definition.kind().name(), stored, author, now);
            } catch (SQLException e) {
                if (Sql.isForeignKeyViolation(e)) {
                    throw new NotFoundException(What.appMap(service, appmap));
                }
                if (Sql.isUniqueViolation(e)) {
                    throw nameTaken(what);
                }
                throw e;
            }
            revisions.insert(c, service, appmap, name, 1, stored, author, message, now);
            return servers.find(c, service, appmap, name).orElseThrow();
        });
    }

    @Override
    public Server updateServer(
            String service,
            String appmap,
            ServerDefinition definition,
            long expectedVersion,
            String author,
            String message) {
        validate(definition, author, message);
        String name = definition.name();
        String what = What.server(service, appmap, name);
        String stored = json.write(definition);
        return write("update " + what, c -> {
            Instant now = now();
            if (!servers.update(
                    c, service, appmap, name, definition.kind().name(), stored, expectedVersion, author, now)) {
                throw VersionCheck.mismatch(what, expectedVersion, servers.version(c, service, appmap, name));
            }
            // The UPDATE holds the row lock: the version read here is ours, and so is the revision number.
            Server current = servers.find(c, service, appmap, name).orElseThrow();
            revisions.insert(c, service, appmap, name, current.version(), stored, author, message, now);
            return current;
        });
    }

    @Override
    public void deleteServer(String service, String appmap, String name, long expectedVersion) {
        String what = What.server(service, appmap, name);
        write("delete " + what, c -> {
            if (!servers.delete(c, service, appmap, name, expectedVersion)) {
                throw VersionCheck.mismatch(what, expectedVersion, servers.version(c, service, appmap, name));
            }
            return null;
        });
    }

    @Override
    public boolean discardRevision(Server before, long revision) {
        return write(
                "discard revision " + revision + " of " + What.server(before.service(), before.appmap(), before.name()),
                c -> servers.restore(c, before, revision)
                        && revisions.delete(c, before.service(), before.appmap(), before.name(), revision));
    }

    @Override
    public List<Revision> listRevisions(String service, String appmap, String server) {
        String what = What.server(service, appmap, server);
        return read("list the revisions of " + what, c -> {
            List<Revision> list = revisions.list(c, service, appmap, server);
            if (list.isEmpty()) {
                throw new NotFoundException(what); // every server has at least its first revision
            }
            return list;
        });
    }

    @Override
    public Optional<Revision> findRevision(String service, String appmap, String server, long number) {
        return read(
                "read revision " + number + " of " + What.server(service, appmap, server),
                c -> revisions.find(c, service, appmap, server, number));
    }

    // --- helpers

    private <T> T read(String action, Database.Work<T> work) {
        prepareSchema();
        return db.read(action, work);
    }

    private <T> T write(String action, Database.Work<T> work) {
        prepareSchema();
        return db.write(action, work);
    }

    private void prepareSchema() {
        if (schemaReady) {
            return;
        }
        synchronized (schemaLock) {
            if (!schemaReady) {
                db.migrate("hierarchy", "io.cengjiyun.store", JdbcHierarchyStore.class.getClassLoader(), SCRIPTS);
                schemaReady = true;
            }
        }
    }

    private Instant now() {
        // Both databases keep at least microseconds; milliseconds read back equal everywhere and suffice.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void requireService(Connection c, String service) throws SQLException {
        if (!ServiceRows.exists(c, service)) {
            throw new NotFoundException(What.service(service));
        }
    }

    private static void requireAppMap(Connection c, String service, String appmap) throws SQLException {
        if (!AppMapRows.exists(c, service, appmap)) {
            requireService(c, service);
            throw new NotFoundException(What.appMap(service, appmap));
        }
    }

    private static ConflictException nameTaken(String what) {
        return new ConflictException(what + " already exists: choose another name, or update the existing one");
    }

    /** A delete that a concurrent insert of a child can make fail on the foreign key: that is a conflict. */
    private static void deleteParent(String what, SqlAction delete) throws SQLException {
        try {
            delete.run();
        } catch (SQLException e) {
            if (Sql.isForeignKeyViolation(e)) {
                References.forget(); // or a module migrated since its references were read: read them again
                throw new ConflictException(what + " gained children while it was being deleted: try again");
            }
            throw e;
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    /** Names sort the same on every database, whatever the collation a PostgreSQL database was created with. */
    private static <T> List<T> sortedBy(List<T> list, Function<T, String> name) {
        list.sort(Comparator.comparing(name));
        return list;
    }

    private static void validate(AppMap appMap) {
        List<FieldError> errors = new ArrayList<>(HierarchyValidator.validate(appMap));
        if (appMap.service() == null || appMap.service().isEmpty()) {
            errors.add(new FieldError("service", "is required: the service the appmap belongs to"));
        }
        Quota quota = appMap.quota();
        if (quota != null) {
            fits(errors, "quota.cpu", quota.cpu(), AppMapRows.QUOTA_WIDTH);
            fits(errors, "quota.memory", quota.memory(), AppMapRows.QUOTA_WIDTH);
            fits(errors, "quota.storage", quota.storage(), AppMapRows.QUOTA_WIDTH);
        }
        ValidationException.throwIfAny(errors);
    }

    private static void validate(ServerDefinition definition, String author, String message) {
        if (definition == null) {
            throw new ValidationException("definition", "is required: give the server's definition");
        }
        List<FieldError> errors = new ArrayList<>(HierarchyValidator.validate(definition));
        fits(errors, "author", author, RevisionRows.AUTHOR_WIDTH);
        fits(errors, "message", message, RevisionRows.MESSAGE_WIDTH);
        ValidationException.throwIfAny(errors);
    }

    private static void fits(List<FieldError> errors, String field, String value, int width) {
        if (value != null && value.length() > width) {
            errors.add(new FieldError(
                    field, "is " + value.length() + " characters long; the store keeps at most " + width));
        }
    }
}
