/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.time.Instant;
import java.util.List;

/**
 * What the platform knows of a cluster: never its credentials.
 *
 * @param server the API server's URL
 * @param reachable whether the last check reached the API server
 * @param version the Kubernetes version (gitVersion), null until first reached
 * @param apiVersions the group/versions the cluster serves (core as {@code v1}), as discovered
 * @param message what is wrong, when something is
 * @param checkedAt when the cluster was last checked
 * @param answeredAt when the API server last answered (a check or the heartbeat): with {@code reachable} false, the
 *     time of the last state the platform knows
 */
@Doc("A registered cluster as the platform last found it (never its credentials)")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterInfo(
        @Doc(value = "The cluster's name in the platform", example = "prod")
        String name,

        @Doc(value = "The API server's URL", example = "https://10.0.0.1:6443")
        String server,

        @Doc(value = "Whether the last check or heartbeat reached the API server", example = "true")
        boolean reachable,

        @Doc(value = "The Kubernetes version (gitVersion); absent until first reached", example = "v1.31.2")
        String version,

        @Doc("The cluster's nodes, as last seen") List<NodeInfo> nodes,

        @Doc("The group/versions the cluster serves, as discovered: `v1` (the core group), `apps/v1`...")
        List<String> apiVersions,

        @Doc(
                value = "What is wrong, when something is (why it is unreachable)",
                example = "cluster 'prod' (https://10.0.0.1:6443) does not answer (connection refused): check"
                        + " that its API server runs and that this machine reaches it")
        String message,

        @Doc(value = "When the cluster was registered (UTC)", example = "2026-11-25T10:00:00Z")
        Instant registeredAt,

        @Doc(value = "When the cluster was last checked (UTC)", example = "2026-11-25T10:05:00Z")
        Instant checkedAt,

        @Doc(
                value = "When the API server last answered (a check or the heartbeat); with `reachable`"
                        + " false, the time of the last state the platform knows",
                example = "2026-11-25T10:05:00Z")
        Instant answeredAt) {

    /** A cluster's state without the time it last answered (never, or not known). */
    public ClusterInfo(
            String name,
            String server,
            boolean reachable,
            String version,
            List<NodeInfo> nodes,
            List<String> apiVersions,
            String message,
            Instant registeredAt,
            Instant checkedAt) {
        this(name, server, reachable, version, nodes, apiVersions, message, registeredAt, checkedAt, null);
    }
}
