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

    private Answers() {}

    static Response metrics(MetricsView view, String format, HttpHeaders headers) {
        boolean csv;
        if (format == null || format.isBlank()) {
            csv = headers != null
                    && headers.getAcceptableMediaTypes().stream()
                            .noneMatch(t -> t.isCompatible(MediaType.APPLICATION_JSON_TYPE))
                    && headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.isCompatible(MediaType.valueOf(CSV)));
        } else if (format.equals("csv")) {
            csv = true;
        } else if (format.equals("json")) {
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
