/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * One sampling round of a cluster: every node that answered and every pod on those nodes (the platform's and all
 * others, as the kubelets report them).
 *
 * @param time when the round started
 * @param missingNodes the nodes that did not answer, each with why: their pods are absent (a gap, not a zero)
 */
public record ClusterSample(
        String cluster, Instant time, List<NodeSample> nodes, List<PodSample> pods, List<String> missingNodes) {
    public ClusterSample {
        nodes = List.copyOf(nodes);
        pods = List.copyOf(pods);
        missingNodes = List.copyOf(missingNodes);
    }
}
