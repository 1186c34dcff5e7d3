/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster;

/** A node of a cluster, from the node informer: readiness, kubelet version and what it can hold. */
public record NodeInfo(String name, boolean ready, String kubeletVersion, String cpu, String memory, String pods) {}
