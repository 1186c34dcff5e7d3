/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
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
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterInfo(
        String name,
        String server,
        boolean reachable,
        String version,
        List<NodeInfo> nodes,
        List<String> apiVersions,
        String message,
        Instant registeredAt,
        Instant checkedAt,
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
