/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Places appmaps on their clusters: one namespace each, with a ResourceQuota from the appmap's quota and a
 * LimitRange whose container defaults let containers without requests run under that quota. The cluster
 * bundle provides it; the store calls it around its writes so that a stored appmap is a placed one.
 * <p>
 * Every resource the service's allotment of the cluster bounds (cpu, memory, pods, storage) must be bounded by
 * the appmap's quota too, and the quotas of the service's appmaps on a cluster together stay within the
 * allotment.
 */
@ProviderType
public interface AppMapPlacement {

    /**
     * Checks, without touching the cluster, that the appmap may be placed as it is: its cluster is registered and
     * allotted to its service, and its quota fits in what the allotment leaves beside the service's other appmaps
     * on that cluster (the appmap itself, when it exists, is not counted twice).
     *
     * @throws ValidationException naming {@code cluster} or {@code quota.<resource>} with the numbers
     */
    void check(AppMap appMap);

    /**
     * Creates or updates the appmap's namespace, ResourceQuota and LimitRange on its cluster.
     *
     * @throws ConflictException when the namespace exists and is not this appmap's (made by someone else, or for
     *         another appmap), or is being deleted
     * @throws UnavailableException when the cluster cannot be reached or refuses, saying what was and was not done
     */
    void place(AppMap appMap);

    /**
     * Deletes the namespace the platform made for the appmap (with everything in it); nothing if there is none.
     * A namespace that is not the platform's is left alone.
     *
     * @throws UnavailableException when the cluster cannot be reached or refuses
     */
    void remove(AppMap appMap);
}
