/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The registered clusters. Credentials are stored encrypted and never returned. */
@ProviderType
public interface ClusterRegistry {
    List<ClusterInfo> clusters();

    /** @throws io.cengjiyun.api.NotFoundException if no cluster has this name */
    ClusterInfo cluster(String name);

    /**
     * Registers a cluster from a kubeconfig (its current context), or replaces the credentials of one.
     *
     * @throws io.cengjiyun.api.ValidationException naming the field when the name or the kubeconfig is unusable
     */
    ClusterInfo register(String name, String kubeconfig);

    /** @throws io.cengjiyun.api.ConflictException while an appmap or an allotment uses the cluster */
    void remove(String name);

    /** Checks the cluster now: reachability, version, API versions. */
    ClusterInfo refresh(String name);

    /**
     * The connected cluster.
     *
     * @throws io.cengjiyun.api.NotFoundException if no cluster has this name
     */
    ClusterConnection connection(String name);

    /** The clusters allotted to a service, with their quota. */
    List<Allotment> allotments(String service);

    /**
     * Replaces the allotments of a service.
     *
     * @throws io.cengjiyun.api.ValidationException naming the entry of an unknown cluster or a bad quantity
     */
    List<Allotment> allot(String service, List<Allotment> allotments);
}
