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
@Doc("An appmap's use against its quota, each server's use, the top consumers and the watches firing")
public record AppMapUsage(
        @Doc(value = "The service's name", example = "shop") String service,
        @Doc(value = "The appmap's name", example = "dev") String appmap,

        @Doc(value = "The cluster it runs on", example = "local")
        String cluster,

        @Doc(value = "Its namespace", example = "shop-dev") String namespace,

        @Doc("The round the use comes from; absent before the first")
        Instant sampledAt,

        @Doc("One line per resource its quota bounds (`cpu` in cores, `memory` in bytes, `pods`); empty without a"
                + " quota")
        List<QuotaLine> quota,

        @Doc("Every server with pods, the largest CPU user first")
        List<ServerUsage> servers,

        @Doc("The servers using the most CPU, at most five, the largest first")
        List<String> topCpu,

        @Doc("The servers using the most memory, at most five, the largest first")
        List<String> topMemory,

        @Doc("The watches of its servers that are firing") List<WatchState> watches) {

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
    @Doc("One resource of an appmap's quota")
    public record QuotaLine(
            @Doc(value = "`cpu`, `memory` or `pods`", example = "cpu")
            String resource,

            @Doc(value = "The quota as given (a Kubernetes quantity)", example = "4")
            String hard,

            @Doc(value = "The quota in the unit of the other fields (cores, bytes, pods)", example = "4.0")
            double limit,

            @Doc(value = "What the appmap's pods request (the quota counts requests)", example = "1.5")
            double requested,

            @Doc(value = "What may still be requested: limit minus requested", example = "2.5")
            double left,

            @Doc(value = "What the pods use now (cpu, memory); absent where not measured", example = "0.4")
            Double used) {}
}
