/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.time.Instant;
import java.util.List;

/**
 * A pod as its node's kubelet measured it. Every figure may be null: the kubelet did not report it.
 *
 * @param node the node it runs on
 * @param time the newest of its containers' CPU timestamps (the pod's in the metrics API)
 * @param rxBytesPerSecond received over the round, from the pod's counters (null on its first round)
 * @param txBytesPerSecond sent over the round (null on its first round)
 * @param ephemeralBytes ephemeral storage in use (writable layers, logs, emptyDir on disk)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Doc("A pod as its node's kubelet measured it; a figure it did not report is absent")
public record PodSample(
        @Doc(value = "The pod's namespace", example = "shop-dev")
        String namespace,

        @Doc(value = "The pod's name", example = "web-7d9c-x2x")
        String name,

        @Doc("The pod's uid") String uid,

        @Doc(value = "The node it runs on", example = "worker-1")
        String node,

        @Doc("The newest of its containers' CPU timestamps") Instant time,
        @Doc("Its containers") List<ContainerSample> containers,

        @Doc(value = "Bytes received per second over the round; absent on its first round", example = "1200.0")
        Double rxBytesPerSecond,

        @Doc(value = "Bytes sent per second over the round; absent on its first round", example = "900.0")
        Double txBytesPerSecond,

        @Doc(value = "Ephemeral storage in use, in bytes (writable layers, logs, emptyDir on disk)", example = "40960")
        Long ephemeralBytes) {
    public PodSample {
        containers = List.copyOf(containers);
    }

    /** The CPU of all containers, in cores; null if no container reported one. */
    public Double cpuCores() {
        Double sum = null;
        for (ContainerSample c : containers) {
            if (c.cpuCores() != null) {
                sum = (sum == null ? 0 : sum) + c.cpuCores();
            }
        }
        return sum;
    }

    /** The working set of all containers, in bytes; null if no container reported one. */
    public Long memoryBytes() {
        Long sum = null;
        for (ContainerSample c : containers) {
            if (c.memoryBytes() != null) {
                sum = (sum == null ? 0 : sum) + c.memoryBytes();
            }
        }
        return sum;
    }
}
