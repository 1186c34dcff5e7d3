/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs stored servers on their appmap's cluster. The lifecycle bundle provides it; the store calls it around its
 * writes, so that what is stored is what runs: a create or update is stored as a revision and then applied, a
 * delete removes the server's objects before its row.
 * <p>
 * A cluster that refuses an object throws {@link ValidationException} (the store then undoes its write); a cluster
 * that cannot be reached throws {@link UnavailableException} (the store keeps the revision, and the server's state
 * says that it is not applied until a reconcile or the next action applies it).
 */
@ProviderType
public interface ServerDeployment {

    /**
     * Checks, before the store keeps a definition, that it can be applied: every part of it (ports, volumes,
     * autoscaling) has a running bundle that makes it, and each of them accepts it (a free nodePort, a claim that may
     * grow). Changes nothing.
     *
     * @throws UnavailableException naming the bundle that is missing
     * @throws ValidationException or {@link ConflictException} naming the field
     */
    void check(AppMap appMap, ServerDefinition definition);

    /**
     * The problems of the definition's sections (ports, volumes, autoscaling, an extension's), as the running
     * contributors that own them find them, without calling a cluster; to be reported with the core fields' problems
     * before anything is stored.
     *
     * @throws UnavailableException naming a section no running contributor owns, and the bundle that would own it
     */
    default List<FieldError> validateSections(AppMap appMap, ServerDefinition definition) {
        return List.of();
    }

    /** Applies the server's current definition (a rolling update where the kind has one); a stopped server stays stopped. */
    void deploy(AppMap appMap, Server server);

    /**
     * Deletes the server's objects from the cluster.
     *
     * @param stop    stop it first if it runs; without it a running server is refused
     * @param volumes delete its persistent volume claims too; without it they are kept
     * @throws ConflictException when the server runs and {@code stop} is false
     */
    void undeploy(AppMap appMap, Server server, boolean stop, boolean volumes);
}
