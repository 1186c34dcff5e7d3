/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import java.time.Instant;

/**
 * Where the metrics API stands on one cluster, as {@code cj:metricsapi} shows it.
 *
 * @param endpoint the address:port the cluster's Endpoints point at (null unless served)
 * @param detail why, for anything but served
 * @param since when the cluster came into this state
 */
record ClusterStatus(String cluster, State state, String endpoint, String detail, Instant since) {
    enum State {
        /** The APIService points at this runtime. */
        SERVED("served by us"),
        /** Another metrics API (metrics-server, say) is registered: the platform touches nothing there. */
        FOREIGN("left alone (foreign)"),
        /** Another runtime of the platform serves it and answers: left to it. */
        OTHER_RUNTIME("served by another runtime"),
        /** Could not be registered: {@code detail} says why; tried again at the next round. */
        ERROR("error");

        private final String words;

        State(String words) {
            this.words = words;
        }

        String words() {
            return words;
        }
    }

    boolean sameAs(ClusterStatus other) {
        return other != null
                && state == other.state
                && java.util.Objects.equals(endpoint, other.endpoint)
                && java.util.Objects.equals(detail, other.detail);
    }
}
