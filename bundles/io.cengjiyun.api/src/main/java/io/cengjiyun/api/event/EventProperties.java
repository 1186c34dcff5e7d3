/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.event;

/**
 * The property names of domain events, as they appear in an {@code org.osgi.service.event.Event} and in an
 * Event Admin filter such as {@code (actor=system)}. Values are Strings but for {@link #REVISION} and
 * {@link #TIMESTAMP} (Longs). Read them through {@link DomainEvent#from} rather than by name.
 */
public final class EventProperties {
    /** The service's name. */
    public static final String SERVICE = "service";
    /** The appmap's name (within its service). */
    public static final String APPMAP = "appmap";
    /** The server's name (within its appmap). */
    public static final String SERVER = "server";
    /** A Long: the server's stored revision the event concerns (after a change: the new one). */
    public static final String REVISION = "revision";
    /** Who asked: a user name, {@code console} for the shell, or {@link Topics#SYSTEM} for the platform itself. */
    public static final String ACTOR = "actor";
    /** The observed state after the event, a name of {@code io.cengjiyun.lifecycle.ServerState} for servers (RUNNING, STOPPED, ...). */
    public static final String STATE = "state";
    /** Why, in words a person can act on: a drift, a failure, an unreachable cluster's error, a revision's message. */
    public static final String CAUSE = "cause";
    /** The cluster's name: of a cluster event, or where an appmap is placed. */
    public static final String CLUSTER = "cluster";
    /** The server's kind: Deployment, StatefulSet, DaemonSet, Job or CronJob. */
    public static final String KIND = "kind";
    /** A Long: when it happened, in milliseconds since the epoch (the Event Admin's own {@code timestamp}). */
    public static final String TIMESTAMP = "timestamp";

    private EventProperties() {}
}
