/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.overview.AppMapOverviewSection;
import io.cengjiyun.monitoring.AppMapUsage;
import io.cengjiyun.monitoring.ServerUsage;
import io.cengjiyun.monitoring.WatchState;
import java.time.Instant;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The appmap overview's {@code usage} section: the top consumers of CPU and memory, the quota with what is left, and
 * the watches firing (the whole use is at {@code .../appmaps/{appmap}/usage}). From memory: the newest round and the
 * informers' pods.
 */
@Component(service = AppMapOverviewSection.class)
public final class UsageSection implements AppMapOverviewSection {
    private final Monitoring monitoring;

    /** The section: the five largest users of each resource, the quota, the watches firing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Section(
            Instant sampledAt,
            List<Consumer> topCpu,
            List<Consumer> topMemory,
            List<AppMapUsage.QuotaLine> quota,
            List<WatchState> watches) {}

    /** A server and its use: cores and bytes, and percent of its limits. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Consumer(String server, Double use, Double ofLimits) {}

    @Activate
    public UsageSection(@Reference Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    @Override
    public String name() {
        return "usage";
    }

    @Override
    public Object of(String service, String appmap) {
        AppMapUsage u = monitoring.appMapUsage(service, appmap);
        return new Section(
                u.sampledAt(),
                u.topCpu().stream().map(name -> consumer(u, name, true)).toList(),
                u.topMemory().stream().map(name -> consumer(u, name, false)).toList(),
                u.quota(),
                u.watches());
    }

    private static Consumer consumer(AppMapUsage u, String name, boolean cpu) {
        ServerUsage s = u.servers().stream()
                .filter(x -> x.name().equals(name))
                .findFirst()
                .orElseThrow();
        return new Consumer(
                name, cpu ? s.total().cpu() : s.total().memory(), cpu ? s.cpuOfLimits() : s.memoryOfLimits());
    }
}
