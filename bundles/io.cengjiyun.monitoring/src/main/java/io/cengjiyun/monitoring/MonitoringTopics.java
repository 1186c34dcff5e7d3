/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

/**
 * The domain events of the monitoring bundle, on the Event Admin like the platform's others (read them with
 * {@code DomainEvent.from}): service, appmap and server name the server, {@code kind} the rule's metric, {@code state}
 * {@code FIRING} or {@code CLEARED}, {@code cause} the rule and the value measured (no actor: a watch is not an action, so it is not in the audit log).
 */
public final class MonitoringTopics {
    /** Every monitoring event. */
    public static final String ALL = "io/cengjiyun/monitoring/*";
    /** A watch's condition held for its minutes. */
    public static final String WATCH_FIRED = "io/cengjiyun/monitoring/WATCH_FIRED";
    /** A fired watch's condition no longer holds. */
    public static final String WATCH_CLEARED = "io/cengjiyun/monitoring/WATCH_CLEARED";

    private MonitoringTopics() {}
}
