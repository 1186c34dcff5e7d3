package io.cengjiyun.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The desired state of the platform: services, their application maps and the servers in them.
 * <p>
 * Every write validates its input ({@link ValidationException}), keeps the hierarchy whole (an appmap
 * cannot outlive its service: {@link ConflictException} unless {@code cascade}), and is guarded by
 * optimistic concurrency: a write naming an {@code expectedVersion} that is no longer current is refused
 * with {@link StaleVersionException}, never silently applied. Pass {@link #ANY_VERSION} to skip the check.
 * A server's every change is a numbered revision.
 */
@ProviderType
public interface HierarchyStore {

    /** Skips the optimistic-concurrency check of a write. */
    long ANY_VERSION = -1;

    List<Service> listServices();

    Optional<Service> findService(String name);

    Service createService(Service service);

    Service updateService(Service service, long expectedVersion);

    /** Deletes a service; one with appmaps is refused unless {@code cascade}, which deletes them all. */
    void deleteService(String name, boolean cascade);

    List<AppMap> listAppMaps(String service);

    Optional<AppMap> findAppMap(String service, String name);

    AppMap createAppMap(AppMap appMap);

    AppMap updateAppMap(AppMap appMap, long expectedVersion);

    /** Deletes an appmap; one with servers is refused unless {@code cascade}. */
    void deleteAppMap(String service, String name, boolean cascade);

    List<Server> listServers(String service, String appmap);

    Optional<Server> findServer(String service, String appmap, String name);

    /** Stores a new server at revision 1. */
    Server createServer(String service, String appmap, ServerDefinition definition, String author, String message);

    /** Stores {@code definition} as the next revision; the name cannot change. */
    Server updateServer(String service, String appmap, ServerDefinition definition, long expectedVersion,
            String author, String message);

    /** Deletes a server that is stopped (its volumes are kept): {@code deleteServer(..., false, false)}. */
    default void deleteServer(String service, String appmap, String name, long expectedVersion) {
        deleteServer(service, appmap, name, expectedVersion, false, false);
    }

    /**
     * Deletes a server: its objects on the cluster, then its row and revisions. A running server is refused
     * ({@link ConflictException}) unless {@code stop}; its persistent volume claims are kept unless {@code volumes}.
     */
    void deleteServer(String service, String appmap, String name, long expectedVersion, boolean stop, boolean volumes);

    /** Revisions of a server, newest first. */
    List<Revision> listRevisions(String service, String appmap, String server);

    Optional<Revision> findRevision(String service, String appmap, String server, long number);
}
