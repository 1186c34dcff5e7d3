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
 * A server's use now against its requests and limits (CPU in cores, memory in bytes, the working set), summed over
 * its pods, each pod and container with its own. A figure is null when nothing measured or stated it (a container
 * without a limit has no percentage of it).
 *
 * @param cpuOfLimits CPU in use as a percentage of the CPU limits
 * @param memoryOfLimits the working set as a percentage of the memory limits
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Doc("A server's use now against its requests and limits (CPU in cores, memory in bytes), summed and per pod")
public record ServerUsage(
        @Doc(value = "The server's name", example = "web") String name,

        @Doc("The round the use comes from; absent before the first")
        Instant sampledAt,

        @Doc(value = "Its pods that have not ended", example = "2")
        int pods,

        @Doc("Use, requests and limits summed over its pods")
        Resources total,

        @Doc(value = "CPU in use as a percentage of the CPU limits; absent without limits", example = "37.5")
        Double cpuOfLimits,

        @Doc(value = "The working set as a percentage of the memory limits; absent without limits", example = "62.0")
        Double memoryOfLimits,

        @Doc(value = "Restarts of its containers, summed", example = "0")
        int restarts,

        @Doc("Each pod") List<PodUsage> podUsage) {

    /** Use, requests and limits of CPU and memory. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("Use, requests and limits of CPU (cores) and memory (bytes); a figure nothing measured or stated is absent")
    public record Resources(
            @Doc(value = "CPU in use, in cores", example = "0.3")
            Double cpu,

            @Doc(value = "CPU requested, in cores", example = "0.5")
            Double cpuRequests,

            @Doc(value = "CPU limit, in cores", example = "1.0")
            Double cpuLimits,

            @Doc(value = "The memory working set, in bytes", example = "268435456")
            Double memory,

            @Doc(value = "Memory requested, in bytes", example = "268435456")
            Double memoryRequests,

            @Doc(value = "Memory limit, in bytes", example = "536870912")
            Double memoryLimits) {}

    /** One pod: where it runs, whether it is ready, its restarts and containers. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("One pod of a server: where it runs, whether it is ready, its restarts and containers")
    public record PodUsage(
            @Doc(value = "The pod's name", example = "web-7d9c-x2x")
            String name,

            @Doc(value = "The node it runs on", example = "worker-1")
            String node,

            @Doc(value = "Whether it is ready", example = "true")
            boolean ready,

            @Doc(value = "Restarts of its containers, summed", example = "0")
            int restarts,

            @Doc("Use, requests and limits summed over its containers")
            Resources total,

            @Doc("Each container") List<ContainerUsage> containers) {}

    /** One container. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("One container of a pod")
    public record ContainerUsage(
            @Doc(value = "The container's name", example = "web")
            String name,

            @Doc(value = "Its restarts", example = "0") int restarts,
            @Doc("Its use, requests and limits") Resources resources) {}
}
