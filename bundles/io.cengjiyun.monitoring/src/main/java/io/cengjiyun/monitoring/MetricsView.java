/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

import io.cengjiyun.api.doc.Doc;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The history of one server, appmap, service or node over a range, one value per step: {@code times[i]} is the start
 * of step i, and each series has the average and the maximum over it at index i, null where nothing was measured
 * (a gap: the node did not answer, the server had no pods, the platform was not running).
 *
 * @param target the path of names: {@code service/appmap/server}, {@code service/appmap}, {@code service},
 *        {@code cluster/node}
 * @param resolution where the values come from: {@code raw} samples, {@code minute} or {@code hour} roll-ups (the
 *        finest kept for the whole range)
 */
@Doc("The history of a server, appmap, service or node over a range, one value per step and series")
public record MetricsView(
        @Doc(value = "What it is of: `server`, `appmap`, `service` or `node`", example = "server")
        String scope,

        @Doc(
                value = "The path of names: `service/appmap/server`, `service/appmap`, `service` or"
                        + " `cluster/node`",
                example = "shop/dev/web")
        String target,

        @Doc("The start of the first step (the range's start, aligned to the step)")
        Instant from,

        @Doc("The end of the last step") Instant to,

        @Doc(value = "The width of a step, in seconds", example = "60")
        long stepSeconds,

        @Doc(
                value = "Where the values come from: `raw` samples, `minute` or `hour` roll-ups (the finest kept"
                        + " for the whole range)",
                example = "raw")
        String resolution,

        @Doc("The start of each step: `times[i]` is step i's")
        List<Instant> times,

        @Doc("Each series asked for, by name (`cpu`, `memory`...)")
        Map<String, Values> series) {

    /** One series: its unit, and the average and maximum of each step. */
    @Doc("One series: its unit, and the average and maximum of each step (null where nothing was measured)")
    public record Values(
            @Doc(value = "The unit: `cores`, `bytes`, `bytes/s` or `count`", example = "cores")
            String unit,

            @Doc("The average of each step, null for a gap") List<Double> avg,
            @Doc("The maximum of each step, null for a gap") List<Double> max) {}
}
