/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.util.List;
import java.util.Map;

/** The service and cluster overviews, and the drift of an appmap summed up. */
public final class Overviews {
    private Overviews() {}

    /** A service's appmaps at a glance. */
    @Doc("A service's appmaps at a glance")
    public record ServiceOverview(
            @Doc(value = "The service's name", example = "shop")
            String service,

            @Doc("Each appmap of the service") List<AppMapLine> appmaps) {}

    /**
     * One appmap: its servers by state, how many fail (with a cause or failed), its pods.
     *
     * @param unavailable why the appmap's cluster could not be read, else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("One appmap of a service's overview")
    public record AppMapLine(
            @Doc(value = "The appmap's name", example = "dev")
            String appmap,

            @Doc(value = "The cluster it runs on", example = "local")
            String cluster,

            @Doc(value = "Its namespace on the cluster", example = "shop-dev")
            String namespace,

            @Doc("The number of its servers in each state") Map<String, Integer> states,

            @Doc(value = "Its servers that fail (a cause found, or FAILED or ERROR)", example = "0")
            int failing,

            @Doc(value = "Its pods", example = "4") int pods,

            @Doc(value = "Of them, the ready ones", example = "4")
            int readyPods,

            @Doc("Why its cluster could not be read (the counts are then zero); absent when it could")
            String unavailable) {}

    /** An appmap's drift: each server's drift state and how many fields differ. */
    @Doc("An appmap's drift: each server's drift state and how many fields differ")
    public record AppMapDrift(
            @Doc(value = "The service's name", example = "shop")
            String service,

            @Doc(value = "The appmap's name", example = "dev")
            String appmap,

            @Doc(value = "How many servers drifted", example = "1")
            int drifted,

            @Doc("Each server of the appmap") List<ServerDriftLine> servers) {}

    /** One server's drift, summed up. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("One server's drift, summed up")
    public record ServerDriftLine(
            @Doc(value = "The server's name", example = "web")
            String server,

            @Doc(
                    value = "`none`, `drifted`, `stopped`, or `unknown` when its cluster could not be read",
                    example = "none")
            String state,

            @Doc(value = "How many fields differ", example = "0")
            int fields,

            @Doc("Why the drift is unknown; absent when it is known")
            String unavailable) {}

    /** A cluster's nodes, for platform administrators. */
    @Doc("A cluster's nodes")
    public record ClusterNodes(
            @Doc(value = "The cluster's name", example = "local")
            String cluster,

            @Doc("Its nodes, by name") List<NodeLine> nodes) {}

    /**
     * One node: what it can give (allocatable), what its pods request (all pods on it, the platform's or not), its pods
     * (of them the platform's), and its conditions that are not as they should be (Ready not True, a pressure True).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("One node: what it can give, what its pods request, its conditions that need a look")
    public record NodeLine(
            @Doc(value = "The node's name", example = "worker-1")
            String name,

            @Doc(value = "Whether its Ready condition is True", example = "true")
            boolean ready,

            @Doc(value = "Its kubelet's version", example = "v1.31.2")
            String kubeletVersion,

            @Doc("What it can give to pods: `cpu`, `memory`, `pods`, as Kubernetes quantities (e.g. 4, 16Gi, 110)")
            Map<String, String> allocatable,

            @Doc("What the pods on it request: `cpu` in millicores (1250m), `memory` in Mi (2048Mi), and `pods`"
                    + " (how many)")
            Map<String, String> requested,

            @Doc(value = "The pods on it that have not ended, the platform's and others'", example = "12")
            int pods,

            @Doc(value = "Of them, the platform's", example = "5")
            int platformPods,

            @Doc("Its conditions that are not as they should be (not Ready, a pressure) and whether it is cordoned,"
                    + " in words; empty when none")
            List<String> problems) {}
}
