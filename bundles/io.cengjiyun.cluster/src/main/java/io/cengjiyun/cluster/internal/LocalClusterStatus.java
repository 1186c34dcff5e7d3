/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.cengjiyun.api.doc.Doc;
import java.time.Instant;
import java.util.List;

/** Where the first run's local cluster stands: {@code GET /setup/local-cluster}. */
@Doc("The first run's local cluster (tools/kube-local): brought up in the background and registered as `local`")
public record LocalClusterStatus(
        @Doc(
                value = "OFF: this runtime was not started by ./run.sh from a checkout, or with"
                        + " --no-local-cluster; NOT_NEEDED: a cluster was registered already; UNAVAILABLE: it"
                        + " cannot run here (`detail` says why and what to do instead); STARTING: coming up"
                        + " (`lines` shows the progress); READY: up and registered as `cluster`; FAILED:"
                        + " `detail` and `lines` say why, POST tries again",
                example = "STARTING",
                required = true)
        State state,

        @Doc(
                value = "What it means for the user, and what to do",
                example = "Bringing the local Kubernetes up: 10 to 20 minutes the first time")
        String detail,

        @Doc(value = "The cluster's name once registered", example = "local")
        String cluster,

        @Doc(value = "When `kube-local up` was started", example = "2026-12-06T20:10:00Z")
        Instant startedAt,

        @Doc(value = "When it ended", example = "2026-12-06T20:24:31Z")
        Instant endedAt,

        @Doc(value = "Its last lines of output, oldest first (at most 200)")
        List<String> lines) {

    /** The states of the local cluster's setup. */
    public enum State {
        OFF,
        NOT_NEEDED,
        UNAVAILABLE,
        STARTING,
        READY,
        FAILED
    }

    public LocalClusterStatus {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
