/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

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
public record MetricsView(
        String scope,
        String target,
        Instant from,
        Instant to,
        long stepSeconds,
        String resolution,
        List<Instant> times,
        Map<String, Values> series) {

    /** One series: its unit, and the average and maximum of each step. */
    public record Values(String unit, List<Double> avg, List<Double> max) {}
}
