/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.event;

import java.util.List;

/**
 * The topics of the platform's domain events, one per write, action and outcome. Every topic is
 * {@code io/cengjiyun/<subject>/<WHAT>}: subscribe to {@link #ALL}, to one subject ({@link #SERVICE_ALL},
 * {@link #APPMAP_ALL}, {@link #SERVER_ALL}, {@link #CLUSTER_ALL}) or to single topics. The properties each topic
 * carries are named in {@link EventProperties}; a property that does not apply is absent, never empty.
 * <p>
 * Every event carries {@link EventProperties#TIMESTAMP}. Unless said otherwise, events of a service carry
 * {@code service}; of an appmap {@code service, appmap} (and {@code cluster} where it is placed); of a server
 * {@code service, appmap, server, kind} and, where one exists, {@code revision} (the stored revision the server is at).
 * {@code actor} is the user name of who asked (a REST caller, {@code console} for the shell), or {@link #SYSTEM} for
 * what the platform does by itself.
 */
public final class Topics {
    /** The actor of what the platform does on its own, such as the start-up reconcile. */
    public static final String SYSTEM = "system";

    /** The root of every topic: {@value}. */
    public static final String PREFIX = "io/cengjiyun/";
    /** Every domain event (an Event Admin wildcard). */
    public static final String ALL = "io/cengjiyun/*";

    /** Every service event. */
    public static final String SERVICE_ALL = "io/cengjiyun/service/*";
    /** A service was created: {@code service, actor}. */
    public static final String SERVICE_CREATED = "io/cengjiyun/service/CREATED";
    /** A service's settings were changed: {@code service, actor}. */
    public static final String SERVICE_UPDATED = "io/cengjiyun/service/UPDATED";
    /** A service was deleted (with its appmaps and servers when cascading; each also gets its own event): {@code service, actor}. */
    public static final String SERVICE_DELETED = "io/cengjiyun/service/DELETED";

    /** Every appmap event. */
    public static final String APPMAP_ALL = "io/cengjiyun/appmap/*";
    /** An appmap was created and placed: {@code service, appmap, cluster, actor}. */
    public static final String APPMAP_CREATED = "io/cengjiyun/appmap/CREATED";
    /** An appmap's settings (quota, environment) were changed: {@code service, appmap, cluster, actor}. */
    public static final String APPMAP_UPDATED = "io/cengjiyun/appmap/UPDATED";
    /** An appmap was deleted and its namespace removed: {@code service, appmap, cluster, actor}. */
    public static final String APPMAP_DELETED = "io/cengjiyun/appmap/DELETED";

    /** Every server event. */
    public static final String SERVER_ALL = "io/cengjiyun/server/*";
    /** A server was created (revision 1) and applied: {@code revision, actor}. */
    public static final String SERVER_CREATED = "io/cengjiyun/server/CREATED";
    /** A server's definition was changed as a new revision and applied: {@code revision, actor, cause} (the revision's message, if any). */
    public static final String SERVER_UPDATED = "io/cengjiyun/server/UPDATED";
    /** A server was deleted from the store and its cluster: {@code revision} (the last), {@code actor}. */
    public static final String SERVER_DELETED = "io/cengjiyun/server/DELETED";
    /** A server was stopped: {@code revision, actor, state} (its state right after). */
    public static final String SERVER_STOPPED = "io/cengjiyun/server/STOPPED";
    /** A stopped server was started as stop left it: {@code revision, actor, state}. */
    public static final String SERVER_STARTED = "io/cengjiyun/server/STARTED";
    /** A server's pods were restarted (a Job ran again, a CronJob ran once): {@code revision, actor, state}. */
    public static final String SERVER_RESTARTED = "io/cengjiyun/server/RESTARTED";
    /** A server's replicas were set, as a new revision: {@code revision} (the new one), {@code actor, cause} ("scaled to 3"). */
    public static final String SERVER_SCALED = "io/cengjiyun/server/SCALED";
    /** A server was rolled back, as a new revision: {@code revision} (the new one), {@code actor, cause} ("rollback to revision 1"). */
    public static final String SERVER_ROLLED_BACK = "io/cengjiyun/server/ROLLED_BACK";
    /** A server's stored definition was applied again: {@code revision, actor, state, cause} (the drift it repaired, if any). */
    public static final String SERVER_RECONCILED = "io/cengjiyun/server/RECONCILED";
    /** A server's cluster was found to differ from its stored definition: {@code revision, actor} (who looked), {@code state, cause} (the drift). */
    public static final String SERVER_DRIFT_FOUND = "io/cengjiyun/server/DRIFT_FOUND";
    /** A rollout settled in sync with the stored revision: {@code revision, actor} (who started it), {@code state}. */
    public static final String SERVER_ROLLOUT_DONE = "io/cengjiyun/server/ROLLOUT_DONE";
    /** A rollout failed or did not settle in time: {@code revision, actor, state, cause} (why). */
    public static final String SERVER_ROLLOUT_FAILED = "io/cengjiyun/server/ROLLOUT_FAILED";

    /** Every cluster event. */
    public static final String CLUSTER_ALL = "io/cengjiyun/cluster/*";
    /** A cluster's API server answered, for the first time or again: {@code cluster}. */
    public static final String CLUSTER_REACHABLE = "io/cengjiyun/cluster/REACHABLE";
    /** A cluster's API server stopped answering (or never did): {@code cluster, cause}. */
    public static final String CLUSTER_UNREACHABLE = "io/cengjiyun/cluster/UNREACHABLE";

    /** Every topic above but the wildcards, in the order of this class. */
    public static final List<String> TOPICS = List.of(
            SERVICE_CREATED,
            SERVICE_UPDATED,
            SERVICE_DELETED,
            APPMAP_CREATED,
            APPMAP_UPDATED,
            APPMAP_DELETED,
            SERVER_CREATED,
            SERVER_UPDATED,
            SERVER_DELETED,
            SERVER_STOPPED,
            SERVER_STARTED,
            SERVER_RESTARTED,
            SERVER_SCALED,
            SERVER_ROLLED_BACK,
            SERVER_RECONCILED,
            SERVER_DRIFT_FOUND,
            SERVER_ROLLOUT_DONE,
            SERVER_ROLLOUT_FAILED,
            CLUSTER_REACHABLE,
            CLUSTER_UNREACHABLE);

    private Topics() {}
}
