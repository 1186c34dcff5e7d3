/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.rest;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.monitoring.MetricsView;
import io.cengjiyun.monitoring.internal.Monitoring;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A history answer as JSON, or as CSV when {@code format=csv} or the client accepts only {@code text/csv}. */
final class Answers {
    static final String CSV = "text/csv";

    /** The formats of a history answer ({@code format}). */
    enum Format {
        json,
        csv
    }

    // what the history queries' parameters mean, for the API's document (the resources' @Doc)
    static final String FROM = "The start of the range: an ISO-8601 time (`2026-12-05T10:00:00Z`), `now`, or a time"
            + " before now (`-6h`, `-30m`, `-7d`, or `-90` seconds); default: an hour before `to`";
    static final String TO = "The end of the range, written as `from`, after it; default: `now`";
    static final String STEP = "The width of one step: `15s`, `1m`, `1h`, `1d` or whole seconds (not zero); default:"
            + " about 300 steps over the range. A range of raw samples takes no step finer than the sampling interval"
            + " (15 s by default; 422), an older range's finer step becomes its finest roll-up (a minute or an"
            + " hour); a step giving too many points over the range is refused (422, naming the least step)";
    static final String SERIES = "The series to answer, comma separated: `cpu` (cores), `memory` (bytes, the working"
            + " set), `restarts`, `rx` and `tx` (bytes/s), `ephemeral` (bytes), `pods`; default: all of them";
    static final String NODE_SERIES = "The series to answer, comma separated: `cpu` (cores), `memory` (bytes, the"
            + " working set), `rx` and `tx` (bytes/s), `ephemeral` (bytes, the root file system), `pods`,"
            + " `cpuCapacity` (cores) and `memoryCapacity` (bytes, allocatable); default: all of them";
    static final String FORMAT = "`json` or `csv` (a header `time,cpu,cpu_max,...`, one line per step, empty cells"
            + " for gaps); left out, CSV only when `Accept` names `text/csv` and no JSON";
    static final String ANSWER = "The history over the range, one average and maximum per step and series (null or an"
            + " empty cell where nothing was measured); CSV with a Content-Disposition file name";

    private Answers() {}

    static Response metrics(MetricsView view, String format, HttpHeaders headers) {
        boolean csv;
        if (format == null || format.isBlank()) {
            csv = headers != null
                    && headers.getAcceptableMediaTypes().stream()
                            .noneMatch(t -> t.isCompatible(MediaType.APPLICATION_JSON_TYPE))
                    && headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.isCompatible(MediaType.valueOf(CSV)));
        } else if (format.equals(Format.csv.name())) {
            csv = true;
        } else if (format.equals(Format.json.name())) {
            csv = false;
        } else {
            throw new ValidationException("format", "'" + format + "' is not a format: give json or csv");
        }
        if (csv) {
            return Response.ok(Monitoring.csv(view), MediaType.valueOf(CSV).withCharset("UTF-8"))
                    .header(
                            "Content-Disposition",
                            "inline; filename=\"" + view.target().replace('/', '-') + "-" + view.scope()
                                    + "-metrics.csv\"")
                    .build();
        }
        return Response.ok(view, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
