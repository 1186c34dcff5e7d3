/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.cengjiyun.monitoring.MetricsView;
import java.util.Map;

/** A history answer as CSV: a header {@code time,cpu,cpu_max,...}, one line per step, empty cells for gaps. */
final class MetricsCsv {
    private MetricsCsv() {}

    static String of(MetricsView view) {
        StringBuilder out = new StringBuilder("time");
        for (String series : view.series().keySet()) {
            out.append(',').append(series).append(',').append(series).append("_max");
        }
        out.append('\n');
        for (int i = 0; i < view.times().size(); i++) {
            out.append(view.times().get(i));
            for (Map.Entry<String, MetricsView.Values> e : view.series().entrySet()) {
                out.append(',').append(cell(e.getValue().avg().get(i)));
                out.append(',').append(cell(e.getValue().max().get(i)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String cell(Double v) {
        if (v == null) {
            return "";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString(v.longValue()) : Double.toString(v);
    }
}
