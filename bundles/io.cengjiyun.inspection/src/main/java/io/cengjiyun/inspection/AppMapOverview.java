/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
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
@Doc("An appmap at a glance")
public record AppMapOverview(
        @Doc(value = "The service's name", example = "shop") String service,
        @Doc(value = "The appmap's name", example = "dev") String appmap,

        @Doc(value = "The appmap's namespace on its cluster", example = "shop-dev")
        String namespace,

        @Doc("The number of servers in each state (RUNNING, FAILED...)")
        Map<String, Integer> states,

        @Doc("Every server, failing ones first (with their first cause), then by name")
        List<Entry> servers,

        @Doc(value = "The pods of the appmap's servers (not being deleted)", example = "4")
        int pods,

        @Doc(value = "Of them, the ready ones", example = "4")
        int readyPods,

        @Doc(value = "Container restarts whose last one was within the hour", example = "0")
        int restartsLastHour,

        @Doc("What other running bundles add, by name (e.g. `usage` from monitoring); absent when none")
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, Object> sections) {
    /** One server: its state, message, pods and the first cause that keeps it from running. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("One server of the overview")
    public record Entry(
            @Doc(value = "The server's name", example = "web")
            String name,

            @Doc(
                    value = "Its controller's kind: Deployment, StatefulSet, DaemonSet, Job or CronJob",
                    example = "Deployment")
            String kind,

            @Doc(value = "Its state", example = "RUNNING") String state,
            @Doc("Its status message") String message,
            @Doc(value = "Its pods", example = "2") int pods,

            @Doc(value = "Of them, the ready ones", example = "2")
            int readyPods,

            @Doc("The first cause that keeps it from running; absent when none")
            Cause cause) {}
}
