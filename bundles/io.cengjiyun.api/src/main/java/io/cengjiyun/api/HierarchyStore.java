/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The desired state of the platform: services, their application maps and the servers in them, as rows and
 * revisions, and nothing else: it never calls a cluster. The lifecycle bundle's managers run the writes that users
 * ask for (validate, check, store, place or apply, undo on refusal) and use this store for the rows.
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

    /** Deletes a service's rows; one with appmaps is refused unless {@code cascade}, which deletes their rows too. */
    void deleteService(String name, boolean cascade);

    /**
     * How many services this store has deleted since it started, counted once each delete is committed: what another
     * bundle derives from services and keeps in memory (the security bundle's known callers, with their memberships,
     * which go with the service) is read again when it has changed.
     */
    long serviceDeletions();

    List<AppMap> listAppMaps(String service);

    Optional<AppMap> findAppMap(String service, String name);

    AppMap createAppMap(AppMap appMap);

    AppMap updateAppMap(AppMap appMap, long expectedVersion);

    /** Deletes an appmap's row; one with servers is refused unless {@code cascade}, which deletes their rows too. */
    void deleteAppMap(String service, String name, boolean cascade);

    List<Server> listServers(String service, String appmap);

    /**
     * The servers of an appmap as UTF-8 JSON, the same as {@code List<Server>} written by the API's mapper, sorted by
     * name, built from the stored definitions without parsing them: a list of 1,000 servers would otherwise spend most
     * of its time reading each definition only to write it out again.
     *
     * @throws NotFoundException if the appmap does not exist
     */
    byte[] serversJson(String service, String appmap);

    Optional<Server> findServer(String service, String appmap, String name);

    /** Stores a new server at revision 1. */
    Server createServer(String service, String appmap, ServerDefinition definition, String author, String message);

    /** Stores {@code definition} as the next revision; the name cannot change. */
    Server updateServer(
            String service,
            String appmap,
            ServerDefinition definition,
            long expectedVersion,
            String author,
            String message);

    /** Deletes a server's row and its revisions. */
    void deleteServer(String service, String appmap, String name, long expectedVersion);

    /**
     * Discards a revision that its cluster refused: sets the server back to {@code before} (the revision before it)
     * and deletes revision {@code revision}, if the server is still at that revision.
     *
     * @return false if the server changed again meanwhile (nothing was discarded)
     */
    boolean discardRevision(Server before, long revision);

    /** Revisions of a server, newest first. */
    List<Revision> listRevisions(String service, String appmap, String server);

    Optional<Revision> findRevision(String service, String appmap, String server, long number);
}
