/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A server's use now against its requests and limits (CPU in cores, memory in bytes, the working set), summed over
 * its pods, each pod and container with its own. A figure is null when nothing measured or stated it (a container
 * without a limit has no percentage of it).
 *
 * @param cpuOfLimits CPU in use as a percentage of the CPU limits
 * @param memoryOfLimits the working set as a percentage of the memory limits
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerUsage(
        String name,
        Instant sampledAt,
        int pods,
        Resources total,
        Double cpuOfLimits,
        Double memoryOfLimits,
        int restarts,
        List<PodUsage> podUsage) {

    /** Use, requests and limits of CPU and memory. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resources(
            Double cpu,
            Double cpuRequests,
            Double cpuLimits,
            Double memory,
            Double memoryRequests,
            Double memoryLimits) {}

    /** One pod: where it runs, whether it is ready, its restarts and containers. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PodUsage(
            String name, String node, boolean ready, int restarts, Resources total, List<ContainerUsage> containers) {}

    /** One container. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContainerUsage(String name, int restarts, Resources resources) {}
}
