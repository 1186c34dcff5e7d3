/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster;

import io.cengjiyun.api.doc.Doc;

/** A node of a cluster, from the node informer: readiness, kubelet version and what it can hold. */
@Doc("A node of a cluster: readiness, kubelet version and capacity")
public record NodeInfo(
        @Doc(value = "The node's name", example = "worker-1")
        String name,

        @Doc(value = "Whether the node's Ready condition is True", example = "true")
        boolean ready,

        @Doc(value = "The kubelet's version", example = "v1.31.2")
        String kubeletVersion,

        @Doc(value = "The node's CPU capacity (a Kubernetes quantity)", example = "4")
        String cpu,

        @Doc(value = "The node's memory capacity (a Kubernetes quantity)", example = "16302064Ki")
        String memory,

        @Doc(value = "How many pods the node can hold", example = "110")
        String pods) {}
