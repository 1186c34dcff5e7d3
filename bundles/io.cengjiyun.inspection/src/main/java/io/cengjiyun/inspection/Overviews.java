/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The service and cluster overviews, and the drift of an appmap summed up. */
public final class Overviews {
    private Overviews() {}

    /** A service's appmaps at a glance. */
    public record ServiceOverview(String service, List<AppMapLine> appmaps) {}

    /**
     * One appmap: its servers by state, how many fail (with a cause or failed), its pods.
     *
     * @param unavailable why the appmap's cluster could not be read, else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AppMapLine(
            String appmap,
            String cluster,
            String namespace,
            Map<String, Integer> states,
            int failing,
            int pods,
            int readyPods,
            String unavailable) {}

    /** An appmap's drift: each server's drift state and how many fields differ. */
    public record AppMapDrift(String service, String appmap, int drifted, List<ServerDriftLine> servers) {}

    /** One server's drift, summed up. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServerDriftLine(String server, String state, int fields, String unavailable) {}

    /** A cluster's nodes, for platform administrators. */
    public record ClusterNodes(String cluster, List<NodeLine> nodes) {}

    /**
     * One node: what it can give (allocatable), what its pods request (all pods on it, the platform's or not), its pods
     * (of them the platform's), and its conditions that are not as they should be (Ready not True, a pressure True).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NodeLine(
            String name,
            boolean ready,
            String kubeletVersion,
            Map<String, String> allocatable,
            Map<String, String> requested,
            int pods,
            int platformPods,
            List<String> problems) {}
}
