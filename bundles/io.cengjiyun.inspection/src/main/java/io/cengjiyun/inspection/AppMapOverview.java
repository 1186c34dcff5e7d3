/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An appmap at a glance.
 *
 * @param states the number of servers in each state
 * @param servers every server, failing ones first (with their first cause), then by name
 * @param pods pods of the appmap's servers; {@code restartsLastHour}: container restarts whose last one was within the
 *     hour
 * @param sections what other running bundles add, by name ({@code io.cengjiyun.api.overview.AppMapOverviewSection}),
 *     e.g. {@code usage} from the monitoring bundle
 */
public record AppMapOverview(
        String service,
        String appmap,
        String namespace,
        Map<String, Integer> states,
        List<Entry> servers,
        int pods,
        int readyPods,
        int restartsLastHour,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> sections) {
    /** One server: its state, message, pods and the first cause that keeps it from running. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String name, String kind, String state, String message, int pods, int readyPods, Cause cause) {}
}
