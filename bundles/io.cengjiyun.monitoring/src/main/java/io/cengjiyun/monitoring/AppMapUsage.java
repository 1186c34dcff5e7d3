/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * An appmap's use against what it is allowed: its quota with what the pods request and what is left (what the team
 * may still start), each server's use against its requests and limits, the top consumers, and the watches firing.
 *
 * @param sampledAt the round the use comes from (null before the first)
 * @param quota one line per resource the appmap's quota bounds (cpu in cores, memory and storage in bytes, pods)
 * @param servers every server with pods, the largest CPU user first
 * @param topCpu the servers using the most CPU, at most five, the largest first
 * @param topMemory the servers using the most memory, at most five
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppMapUsage(
        String service,
        String appmap,
        String cluster,
        String namespace,
        Instant sampledAt,
        List<QuotaLine> quota,
        List<ServerUsage> servers,
        List<String> topCpu,
        List<String> topMemory,
        List<WatchState> watches) {

    /**
     * One resource of the quota.
     *
     * @param hard the quota as given (a Kubernetes quantity)
     * @param limit the quota in the unit of the other fields (cores, bytes, pods)
     * @param requested what the appmap's pods request (the quota counts requests)
     * @param left what may still be requested: limit minus requested
     * @param used what the pods use now (cpu, memory), null where not measured
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QuotaLine(String resource, String hard, double limit, double requested, double left, Double used) {}
}
