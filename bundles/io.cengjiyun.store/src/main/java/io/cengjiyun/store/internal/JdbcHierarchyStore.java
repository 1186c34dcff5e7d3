package io.cengjiyun.store.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.AppMapPlacement;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Quota;
import io.cengjiyun.api.Revision;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerDeployment;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.validation.HierarchyValidator;
import io.cengjiyun.store.DataFolder;
import io.cengjiyun.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hierarchy store on JDBC: embedded Derby by default, PostgreSQL by configuration. Each write is one
 * transaction; referential rules are checked in it and backed by the schema's foreign keys, so a
 * concurrent writer cannot slip a child under a parent being deleted.
 */
@Component(service = {HierarchyStore.class, ServerListing.class, Database.class}, configurationPid = JdbcHierarchyStore.PID)
@Designate(ocd = StoreConfig.class)
public final class JdbcHierarchyStore implements HierarchyStore, ServerListing, Database, AutoCloseable {
    static final String PID = "io.cengjiyun.store";
    /** Framework property naming the data folder; embedded Derby lives in its {@code db} folder. */
    static final String DATA_PROPERTY = DataFolder.PROPERTY;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcHierarchyStore.class);

    private final ConnectionFactory database;
    private final Clock clock;
    private final ConnectionPool pool;
    private final Transactions transactions;
    private final DefinitionJson json = new DefinitionJson();
    private final ServerRows servers = new ServerRows(json);
    private final RevisionRows revisions = new RevisionRows(json);
    private final Object schemaLock = new Object();
    private volatile boolean schemaReady;
    /** Check and write of a service's appmaps, one at a time: two appmaps must not both take the last of a quota. */
    private final Object[] appMapLocks = new Object[64];
    /**
     * Whether appmaps must be placed on their clusters. In OSGi they must: without a placement service, appmaps
     * are refused rather than stored unplaced. Without OSGi (tests, tools) a store places only if given a placement.
     */
    private final boolean placementRequired;

    /*
     * The placement (cluster bundle) and the deployment (lifecycle bundle) are looked up when used ({@link LazyService}),
     * not bound as DS references: both need this component's Database, so binding them while this component
     * activates would be a cycle (SCR fails the component that closes it).
     */
    private volatile AppMapPlacement placement;
    /** Runs the stored servers on their clusters; required in OSGi, like the placement. */
    private volatile ServerDeployment deployment;
    private LazyService<AppMapPlacement> placements;
    private LazyService<ServerDeployment> deployments;
    /** Tests of the placement alone store servers without running them. */
    private boolean deploymentOptional;

    @Activate
    public JdbcHierarchyStore(BundleContext context, StoreConfig config) {
        this(JdbcDatabase.fromConfig(config, dataDirectory(context)), Clock.systemUTC(), config.maxConnections(), true);
        placements = new LazyService<>(context, AppMapPlacement.class);
        deployments = new LazyService<>(context, ServerDeployment.class);
    }

    /** A store on any database of a supported kind, without OSGi (tests, tools); it places no appmaps. */
    public JdbcHierarchyStore(ConnectionFactory database, Clock clock) {
        this(database, clock, ConnectionPool.DEFAULT_SIZE);
    }

    /** A store without OSGi that places appmaps with {@code placement}. */
    JdbcHierarchyStore(ConnectionFactory database, Clock clock, AppMapPlacement placement) {
        this(database, clock, ConnectionPool.DEFAULT_SIZE, true);
        this.placement = placement;
        this.deploymentOptional = true;
    }

    /**
     * A store without OSGi that places appmaps with {@code placement} and runs servers with {@code deployment}, both
     * required as in OSGi (null: as if the bundle providing it were stopped).
     */
    JdbcHierarchyStore(ConnectionFactory database, Clock clock, AppMapPlacement placement, ServerDeployment deployment) {
        this(database, clock, ConnectionPool.DEFAULT_SIZE, true);
        this.placement = placement;
        this.deployment = deployment;
    }

    JdbcHierarchyStore(ConnectionFactory database, Clock clock, int maxConnections) {
        this(database, clock, maxConnections, false);
    }

    /**
     * Prepares the schema now, so that a database this bundle cannot use (a newer schema) stops the
     * component at once. An unreachable database does not: the store retries on first use and answers
     * 503 meanwhile, rather than vanishing from the service registry.
     */
    private JdbcHierarchyStore(ConnectionFactory database, Clock clock, int maxConnections, boolean placementRequired) {
        for (int i = 0; i < appMapLocks.length; i++) {
            appMapLocks[i] = new Object();
        }
        this.placementRequired = placementRequired;
        this.database = database;
        this.clock = clock;
        this.pool = new ConnectionPool(database, maxConnections, ConnectionPool.DEFAULT_WAIT);
        this.transactions = new Transactions(pool, database.description());
        try {
            prepareSchema();
        } catch (UnavailableException e) {
            LOG.warn("{} The store tries again on its first use.", e.getMessage());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static Path dataDirectory(BundleContext context) {
        return DataFolder.of(context);
    }

    /** Closes the connections and, for embedded Derby, shuts the database down so the next activation reopens it. */
    @Deactivate
    @Override
    public void close() {
        if (placements != null) {
            placements.close();
            deployments.close();
        }
        pool.close();
        database.shutdown();
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
        if (cascade) {
            removeFromClusters(what, read("list the appmaps of " + what, c -> {
                requireService(c, name);
                return AppMapRows.list(c, name);
            }));
        }
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
    }

    // --- appmaps

    @Override
    public List<AppMap> listAppMaps(String service) {
        return sortedBy(read("list the appmaps of " + What.service(service), c -> {
            List<AppMap> appMaps = AppMapRows.list(c, service);
            if (appMaps.isEmpty()) {
                requireService(c, service);
            }
            return appMaps;
        }), AppMap::name);
    }

    @Override
    public Optional<AppMap> findAppMap(String service, String name) {
        return read("read " + What.appMap(service, name), c -> AppMapRows.find(c, service, name));
    }

    /**
     * Checks the appmap against the service's allotment, stores it, then places it on its cluster; if placing
     * fails, the stored row goes again, so that an appmap is stored only when placed.
     */
    @Override
    public AppMap createAppMap(AppMap appMap) {
        validate(appMap);
        String what = What.appMap(appMap.service(), appMap.name());
        AppMapPlacement placing = placing("be placed");
        AppMap created;
        synchronized (appMapLock(appMap.service())) {
            if (placing != null) {
                read("read " + What.service(appMap.service()), c -> {
                    requireService(c, appMap.service());
                    if (AppMapRows.exists(c, appMap.service(), appMap.name())) {
                        throw nameTaken(what);
                    }
                    return null;
                });
                placing.check(appMap);
            }
            created = insertAppMap(appMap, what);
        }
        if (placing != null) {
            try {
                placing.place(created);
            } catch (RuntimeException e) {
                try {
                    write("remove the unplaced " + what, c -> {
                        AppMapRows.delete(c, appMap.service(), appMap.name());
                        return null;
                    });
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                    throw withNote(e, " The appmap could not be removed from the store again (" + again.getMessage()
                            + "): delete it, then create it again.");
                }
                throw withNote(e, " The appmap was not stored.");
            }
        }
        return created;
    }

    private AppMap insertAppMap(AppMap appMap, String what) {
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

    /**
     * Updates an appmap in place: it cannot move to another cluster or namespace. A new quota is checked against
     * the allotment and applied to the cluster; if applying fails, the appmap is set back as it was.
     */
    @Override
    public AppMap updateAppMap(AppMap appMap, long expectedVersion) {
        validate(appMap);
        String what = What.appMap(appMap.service(), appMap.name());
        AppMap current;
        AppMap updated;
        AppMapPlacement placing = null;
        synchronized (appMapLock(appMap.service())) {
            current = findAppMap(appMap.service(), appMap.name()).orElse(null);
            if (current != null) {
                if (expectedVersion != ANY_VERSION && current.version() != expectedVersion) {
                    throw VersionCheck.mismatch(what, expectedVersion, OptionalLong.of(current.version()));
                }
                refuseMove(current, appMap);
                if (!Objects.equals(quota(current.quota()), quota(appMap.quota()))) {
                    placing = placing("change their quota");
                    if (placing != null) {
                        placing.check(appMap);
                    }
                }
            }
            updated = updateAppMapRow(appMap, expectedVersion, what);
        }
        if (placing != null) {
            try {
                placing.place(updated);
            } catch (RuntimeException e) {
                AppMap back;
                try {
                    back = updateAppMapRow(current, updated.version(), "set back " + what);
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                    throw withNote(e, " The change could not be undone in the store (" + again.getMessage()
                            + "): the stored quota is not the one on the cluster; update the appmap again.");
                }
                throw withNote(e, " The change was undone: the appmap is as it was (now at version " + back.version() + ").");
            }
        }
        return updated;
    }

    private AppMap updateAppMapRow(AppMap appMap, long expectedVersion, String what) {
        return write("update " + what, c -> {
            if (!AppMapRows.update(c, appMap, expectedVersion, now())) {
                throw VersionCheck.mismatch(what, expectedVersion, AppMapRows.version(c, appMap.service(), appMap.name()));
            }
            return AppMapRows.find(c, appMap.service(), appMap.name()).orElseThrow();
        });
    }

    /** An appmap is one namespace on one cluster for its life: moving it would leave its namespace behind. */
    private static void refuseMove(AppMap current, AppMap changed) {
        List<FieldError> errors = new ArrayList<>();
        String hint = ": an appmap cannot move; create another appmap there (and delete this one)";
        if (!Objects.equals(current.cluster(), changed.cluster())) {
            errors.add(new FieldError("cluster", "'" + changed.cluster() + "' differs from the appmap's cluster '"
                    + current.cluster() + "'" + hint));
        }
        if (!current.effectiveNamespace().equals(changed.effectiveNamespace())) {
            errors.add(new FieldError("namespace", "'" + changed.effectiveNamespace() + "' differs from the appmap's namespace '"
                    + current.effectiveNamespace() + "'" + hint));
        }
        ValidationException.throwIfAny(errors);
    }

    /**
     * Removes the appmap from its cluster (its namespace goes), then from the store; an unreachable cluster keeps
     * both. The checks come first, so that a namespace goes only with an appmap that may go.
     */
    @Override
    public void deleteAppMap(String service, String name, boolean cascade) {
        String what = What.appMap(service, name);
        AppMap current = read("read " + what, c -> {
            AppMap found = AppMapRows.find(c, service, name).orElseThrow(() -> new NotFoundException(what));
            List<String> names = servers.names(c, service, name);
            if (!cascade && !names.isEmpty()) {
                throw new ConflictException(what + " still has the servers " + names
                        + ": delete them first, or delete the appmap with cascade");
            }
            return found;
        });
        boolean removed = removeFromClusters(what, List.of(current));
        try {
            deleteAppMapRow(service, name, cascade, what);
        } catch (RuntimeException e) {
            throw removed ? withNote(e, " Its namespace " + current.effectiveNamespace() + " was already deleted from"
                    + " cluster '" + current.cluster() + "': delete the appmap again.") : e;
        }
    }

    private void deleteAppMapRow(String service, String name, boolean cascade, String what) {
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

    /**
     * Removes appmaps from their clusters, all or as many as can be, saying which; true if any placement was
     * asked to remove one.
     */
    private boolean removeFromClusters(String what, List<AppMap> appMaps) {
        if (appMaps.isEmpty()) {
            return false;
        }
        AppMapPlacement placing = placing("be removed from their clusters");
        if (placing == null) {
            return false;
        }
        List<String> removed = new ArrayList<>();
        for (AppMap appMap : appMaps) {
            try {
                placing.remove(appMap);
            } catch (RuntimeException e) {
                throw withNote(e, (removed.isEmpty() ? "" : " The namespaces of the appmaps " + removed
                        + " were deleted before.") + " " + capitalized(what) + " is kept: delete it again once the"
                        + " cluster answers.");
            }
            removed.add(appMap.name());
        }
        return true;
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The placement service, or null where none is required (without OSGi); absent in OSGi: 503. */
    private AppMapPlacement placing(String action) {
        AppMapPlacement current = placements != null ? placements.get() : placement;
        if (current == null && placementRequired) {
            throw new UnavailableException("appmaps cannot " + action + ": the bundle io.cengjiyun.cluster is not running;"
                    + " nothing was changed. Start it (at the console: start io.cengjiyun.cluster) and try again.", null);
        }
        return current;
    }

    private Object appMapLock(String service) {
        return appMapLocks[Math.floorMod(service.hashCode(), appMapLocks.length)];
    }

    /** A quota that bounds nothing is no quota (the store reads it back as none). */
    private static Quota quota(Quota quota) {
        return quota == null || (quota.cpu() == null && quota.memory() == null && quota.pods() == null
                && quota.storage() == null) ? null : quota;
    }

    /** The same error, with what the store did about it appended. */
    private static RuntimeException withNote(RuntimeException e, String note) {
        if (e instanceof UnavailableException) {
            return new UnavailableException(e.getMessage() + note, e);
        }
        if (e instanceof ConflictException) {
            ConflictException noted = new ConflictException(e.getMessage() + note);
            noted.initCause(e);
            return noted;
        }
        if (e instanceof ValidationException v && !v.errors().isEmpty()) {
            List<FieldError> errors = new ArrayList<>(v.errors());
            FieldError last = errors.get(errors.size() - 1);
            errors.set(errors.size() - 1, new FieldError(last.field(), last.message() + "." + note));
            ValidationException noted = new ValidationException(errors);
            noted.initCause(e);
            return noted;
        }
        return e;
    }

    // --- servers

    @Override
    public List<Server> listServers(String service, String appmap) {
        return sortedBy(read("list the servers of " + What.appMap(service, appmap), c -> {
            List<Server> list = servers.list(c, service, appmap);
            if (list.isEmpty()) {
                requireAppMap(c, service, appmap);
            }
            return list;
        }), Server::name);
    }

    @Override
    public Optional<Server> findServer(String service, String appmap, String name) {
        return read("read " + What.server(service, appmap, name), c -> servers.find(c, service, appmap, name));
    }

    /**
     * Stores the server at revision 1, then applies it. A cluster that refuses it takes the row away again (nothing
     * stays half-done); an unreachable cluster keeps it, stored but not applied, and says so.
     */
    @Override
    public Server createServer(String service, String appmap, ServerDefinition definition, String author, String message) {
        validate(definition, author, message);
        ServerDeployment deploying = deploying("be created");
        if (deploying != null) {
            deploying.check(findAppMap(service, appmap).orElseThrow(() -> new NotFoundException(What.appMap(service, appmap))),
                    definition);
        }
        String name = definition.name();
        String what = What.server(service, appmap, name);
        String stored = json.write(definition);
        Server created = write("create " + what, c -> {
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
        if (deploying != null) {
            AppMap appMap = findAppMap(service, appmap).orElseThrow(() -> new NotFoundException(What.appMap(service, appmap)));
            try {
                deploying.deploy(appMap, created);
            } catch (UnavailableException e) {
                throw withNote(e, " Revision 1 is stored and not applied: its state says so until it is; run reconcile"
                        + " (or any action) once the cluster answers.");
            } catch (RuntimeException e) {
                try {
                    deploying.undeploy(appMap, created, true, false);
                    write("remove the refused " + what, c -> servers.delete(c, service, appmap, name, ANY_VERSION));
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                    throw withNote(e, " The server could not be taken away again (" + again.getMessage()
                            + "): delete it with stop, then create it again.");
                }
                throw withNote(e, " Nothing was stored.");
            }
        }
        return created;
    }

    /**
     * Stores the definition as the next revision, then applies it. A cluster that refuses it sets the server back
     * to the revision before (the new one is discarded and the old one applied again); an unreachable cluster keeps
     * the new revision, stored but not applied, and says so.
     */
    @Override
    public Server updateServer(String service, String appmap, ServerDefinition definition, long expectedVersion,
            String author, String message) {
        validate(definition, author, message);
        ServerDeployment deploying = deploying("be updated");
        if (deploying != null) {
            deploying.check(findAppMap(service, appmap).orElseThrow(() -> new NotFoundException(What.appMap(service, appmap))),
                    definition);
        }
        String name = definition.name();
        String what = What.server(service, appmap, name);
        String stored = json.write(definition);
        Server[] before = new Server[1];
        Server updated = write("update " + what, c -> {
            Instant now = now();
            before[0] = servers.find(c, service, appmap, name).orElse(null);
            if (!servers.update(c, service, appmap, name, definition.kind().name(), stored, expectedVersion, author, now)) {
                throw VersionCheck.mismatch(what, expectedVersion, servers.version(c, service, appmap, name));
            }
            // The UPDATE holds the row lock: the version read here is ours, and so is the revision number.
            Server current = servers.find(c, service, appmap, name).orElseThrow();
            revisions.insert(c, service, appmap, name, current.version(), stored, author, message, now);
            return current;
        });
        if (deploying != null) {
            AppMap appMap = findAppMap(service, appmap).orElseThrow(() -> new NotFoundException(What.appMap(service, appmap)));
            try {
                deploying.deploy(appMap, updated);
            } catch (UnavailableException e) {
                throw withNote(e, " Revision " + updated.version() + " is stored and not applied: its state says so"
                        + " until it is; run reconcile (or any action) once the cluster answers.");
            } catch (RuntimeException e) {
                throw withNote(e, setBack(deploying, appMap, before[0], updated, what));
            }
        }
        return updated;
    }

    /** Discards a refused revision and applies the one before again; says what came of it. */
    private String setBack(ServerDeployment deploying, AppMap appMap, Server before, Server refused, String what) {
        try {
            boolean discarded = write("discard revision " + refused.version() + " of " + what,
                    c -> servers.restore(c, before, refused.version()) && revisions.delete(c, before.service(),
                            before.appmap(), before.name(), refused.version()));
            if (!discarded) {
                return " Revision " + refused.version() + " was kept: the server changed again meanwhile.";
            }
            deploying.deploy(appMap, before);
            return " Revision " + refused.version() + " was discarded: the server is at revision " + before.version()
                    + " again.";
        } catch (RuntimeException again) {
            return " Setting the server back to revision " + before.version() + " failed too (" + again.getMessage()
                    + "): update it again.";
        }
    }

    /**
     * Removes the server from its cluster (refused while it runs, unless {@code stop}), then deletes its row; an
     * unreachable cluster keeps both.
     */
    @Override
    public void deleteServer(String service, String appmap, String name, long expectedVersion, boolean stop,
            boolean volumes) {
        String what = What.server(service, appmap, name);
        ServerDeployment deploying = deploying("be deleted");
        if (deploying != null) {
            Server current = findServer(service, appmap, name).orElseThrow(() -> new NotFoundException(what));
            if (expectedVersion != ANY_VERSION && current.version() != expectedVersion) {
                throw VersionCheck.mismatch(what, expectedVersion, OptionalLong.of(current.version()));
            }
            AppMap appMap = findAppMap(service, appmap).orElseThrow(() -> new NotFoundException(What.appMap(service, appmap)));
            try {
                deploying.undeploy(appMap, current, stop, volumes);
            } catch (UnavailableException e) {
                throw withNote(e, " The server is kept in the store: delete it again once the cluster answers.");
            }
        }
        write("delete " + what, c -> {
            if (!servers.delete(c, service, appmap, name, expectedVersion)) {
                throw VersionCheck.mismatch(what, expectedVersion, servers.version(c, service, appmap, name));
            }
            return null;
        });
    }

    /** The deployment service, or null where none is required (without OSGi); absent in OSGi: 503. */
    private ServerDeployment deploying(String action) {
        ServerDeployment current = deployments != null ? deployments.get() : deployment;
        if (current == null && placementRequired && !deploymentOptional) {
            throw new UnavailableException("servers cannot " + action + ": the bundle io.cengjiyun.lifecycle is not"
                    + " running; nothing was changed. Start it (at the console: start io.cengjiyun.lifecycle) and try again.",
                    null);
        }
        return current;
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
        return read("read revision " + number + " of " + What.server(service, appmap, server),
                c -> revisions.find(c, service, appmap, server, number));
    }

    @Override
    public byte[] serversJson(String service, String appmap) {
        return read("list the servers of " + What.appMap(service, appmap), c -> {
            requireAppMap(c, service, appmap);
            return servers.json(c, service, appmap);
        });
    }

    // --- the database, for other bundles' tables

    @Override
    public <T> T read(String action, Work<T> work) {
        prepareSchema();
        return transactions.read(action, work);
    }

    @Override
    public <T> T write(String action, Work<T> work) {
        prepareSchema();
        return transactions.write(action, work);
    }

    @Override
    public int migrate(String module, String bundle, ClassLoader loader, List<String> scripts) {
        if (!module.matches("[a-z][a-z0-9]{0,30}")) {
            throw new IllegalArgumentException("module '" + module + "' must be a short lower-case name, e.g. security");
        }
        prepareSchema();
        int applied = transactions.read("prepare the schema of " + bundle + " in " + database.description(), c -> {
            Dialect dialect = Dialect.of(c);
            return Migrations.load(loader, "db/" + dialect.folder(), scripts).forModule(module, bundle).migrate(c, dialect);
        });
        if (applied > 0) {
            LOG.info("Applied {} schema migration(s) of {} to {}", applied, bundle, database.description());
        }
        return applied;
    }

    // --- helpers

    private void prepareSchema() {
        if (schemaReady) {
            return;
        }
        synchronized (schemaLock) {
            if (!schemaReady) {
                int applied = transactions.read("prepare the schema of " + database.description(), c -> {
                    Dialect dialect = Dialect.of(c);
                    return Migrations.forDialect(dialect).migrate(c, dialect);
                });
                if (applied > 0) {
                    LOG.info("Applied {} schema migration(s) to {}", applied, database.description());
                }
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
            errors.add(new FieldError(field, "is " + value.length() + " characters long; the store keeps at most " + width));
        }
    }
}
