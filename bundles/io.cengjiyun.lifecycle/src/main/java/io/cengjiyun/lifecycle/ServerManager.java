/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle;

import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Writes servers the way users ask for them, so that what is stored is what runs: a definition is validated and
 * checked by every bundle that makes a part of it, stored as the next revision, then applied on the appmap's cluster.
 * A cluster that refuses the apply undoes the write (a new server goes again; an update's revision is discarded and the
 * one before applied again); a cluster that cannot be reached keeps the revision and says so (503), and the server's
 * status shows the drift until a reconcile or the next action applies it. Every REST call, shell command and bundle
 * that changes a server's definition goes through this service, never straight to the store.
 */
@ProviderType
public interface ServerManager {

    /** Stores a new server at revision 1 and applies it. */
    Server create(String service, String appmap, ServerDefinition definition, String author, String message);

    /**
     * Stores {@code definition} as the next revision and applies it (a rolling update where the kind has one).
     *
     * @param expectedVersion the revision the caller read, or {@link io.cengjiyun.api.HierarchyStore#ANY_VERSION}
     */
    Server update(
            String service,
            String appmap,
            ServerDefinition definition,
            long expectedVersion,
            String author,
            String message);

    /**
     * Deletes a server: its objects on the cluster first, then its row and revisions. A running server is refused
     * unless {@code stop}; its persistent volume claims are kept unless {@code volumes}; an unreachable cluster keeps
     * both.
     */
    void delete(
            String service,
            String appmap,
            String name,
            long expectedVersion,
            boolean stop,
            boolean volumes,
            String actor);
}
