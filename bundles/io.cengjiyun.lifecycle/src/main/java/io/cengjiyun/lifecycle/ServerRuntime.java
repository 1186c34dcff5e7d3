/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Server;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs stored servers on their appmap's cluster, as one unit each: the controller and every contributed object,
 * applied by server-side apply with the field manager {@value #FIELD_MANAGER}. Each action follows ARCHITECTURE's
 * lifecycle table and answers the state right after it; a cluster that cannot be reached gives an
 * {@code UnavailableException} (503) saying what was and was not done. Actions on one server run one at a time.
 */
@ProviderType
public interface ServerRuntime {
    String FIELD_MANAGER = "cengjiyun";
    /** Annotation of a server's controller: the number of the stored revision it was applied from. */
    String REVISION_ANNOTATION = "cengjiyun.io/revision";
    /** Annotation of a server's controller: when it was last applied (ISO-8601), where a rollout's deadline starts. */
    String APPLIED_AT_ANNOTATION = "cengjiyun.io/applied-at";

    /** Creates or updates the server's objects from its current definition (a rolling update where the kind has one). */
    ServerStatus apply(AppMap appMap, Server server);

    /**
     * Stops the server: Deployment and StatefulSet remember their replicas (and autoscaler), lose the autoscaler and
     * scale to 0; DaemonSet and Job are deleted (the definition stays); CronJob is suspended.
     */
    ServerStatus stop(AppMap appMap, Server server);

    /** Starts a stopped server again exactly as stop left it: the same replicas, the autoscaler back. */
    ServerStatus start(AppMap appMap, Server server);

    /** Replaces the server's pods: a rollout restart; a Job runs again; a CronJob runs once now. */
    ServerStatus restart(AppMap appMap, Server server);

    /** Sets the replicas of a Deployment or StatefulSet now, without a new revision. */
    ServerStatus scale(AppMap appMap, Server server, int replicas);

    /**
     * Deletes every object of the server; its persistent volume claims only with {@code volumes}.
     *
     * @throws io.cengjiyun.api.ConflictException if the server runs and {@code stop} is false
     */
    void delete(AppMap appMap, Server server, boolean stop, boolean volumes);

    /** True if the server was stopped (and not started since): what stop remembered is kept for start. */
    boolean stopped(AppMap appMap, Server server);

    /** The observed state, from the cluster's informer caches (no request to the cluster). */
    ServerStatus status(AppMap appMap, Server server);

    /**
     * The objects {@code server}'s definition renders on its appmap's cluster, as apply would send them (the controller
     * first, then what the contributors add), without the time of applying; nothing is sent. For diffs of revisions.
     *
     * @throws io.cengjiyun.api.UnavailableException naming a section no running bundle makes
     */
    default List<io.fabric8.kubernetes.api.model.HasMetadata> render(AppMap appMap, Server server) {
        throw new UnsupportedOperationException("this runtime does not render objects");
    }

    /** Applies the stored definition again if the cluster drifted from it (see {@link ServerStatus#drift()}). */
    ServerStatus reconcile(AppMap appMap, Server server);
}
