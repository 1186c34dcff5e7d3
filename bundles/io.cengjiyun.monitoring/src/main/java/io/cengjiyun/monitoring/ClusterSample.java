/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

import io.cengjiyun.api.doc.Doc;
import java.time.Instant;
import java.util.List;

/**
 * One sampling round of a cluster: every node that answered and every pod on those nodes (the platform's and all
 * others, as the kubelets report them).
 *
 * @param time when the round started
 * @param missingNodes the nodes that did not answer, each with why: their pods are absent (a gap, not a zero)
 */
@Doc("One sampling round of a cluster: its nodes and the pods on them as the kubelets measured them")
public record ClusterSample(
        @Doc(value = "The cluster's name", example = "local")
        String cluster,

        @Doc("When the round started; absent before the first round")
        Instant time,

        @Doc("Every node that answered") List<NodeSample> nodes,

        @Doc("Every pod on those nodes, the platform's and all others")
        List<PodSample> pods,

        @Doc("The nodes that did not answer, each as `node: why` (their pods are absent: a gap, not a zero)")
        List<String> missingNodes) {
    public ClusterSample {
        nodes = List.copyOf(nodes);
        pods = List.copyOf(pods);
        missingNodes = List.copyOf(missingNodes);
    }
}
