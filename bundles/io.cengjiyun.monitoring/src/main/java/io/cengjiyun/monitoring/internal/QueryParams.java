/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.monitoring.Series;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of a history query, as REST and the shell give them: times as ISO-8601 instants, {@code now} or a
 * time before now ({@code -6h}, {@code -30m}, {@code -7d}); steps and spans as {@code 15s}, {@code 1m}, {@code 1h},
 * {@code 1d} or whole seconds; series as a comma-separated list.
 */
final class QueryParams {
    private static final Pattern SPAN = Pattern.compile(Monitoring.SPAN);
    static final List<Series> WORKLOAD =
            List.of(Series.CPU, Series.MEMORY, Series.RESTARTS, Series.RX, Series.TX, Series.EPHEMERAL, Series.PODS);
    static final List<Series> NODE = List.of(
            Series.CPU,
            Series.MEMORY,
            Series.RX,
            Series.TX,
            Series.EPHEMERAL,
            Series.PODS,
            Series.CPU_CAPACITY,
            Series.MEMORY_CAPACITY);

    private QueryParams() {}

    static Instant time(String field, String value, Instant now, Instant otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        String v = value.trim();
        if (v.equals("now")) {
            return now;
        }
        if (v.startsWith("-")) {
            return now.minus(span(field, v.substring(1)));
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new ValidationException(
                    field,
                    "'" + value + "' is not a time: give an ISO-8601 time such as 2026-12-05T10:00:00Z, 'now',"
                            + " or a time before now such as -6h, -30m or -7d");
        }
    }

    static Duration step(String value) {
        return value == null || value.isBlank() ? null : span("step", value.trim());
    }

    static Duration span(String field, String value) {
        Matcher m = SPAN.matcher(value);
        if (!m.matches()) {
            throw new ValidationException(
                    field, "'" + value + "' is not a duration: give e.g. 15s, 1m, 1h, 1d or a number of seconds");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw new ValidationException(field, "is zero: give a positive duration, e.g. 1m");
        }
        return d;
    }

    static List<Series> series(String value, List<Series> otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        Set<Series> out = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String part : value.split(",")) {
            String id = part.trim();
            if (id.isEmpty()) {
                continue;
            }
            try {
                out.add(Series.of(id));
            } catch (IllegalArgumentException e) {
                unknown.add("'" + id + "'");
            }
        }
        if (!unknown.isEmpty()) {
            throw new ValidationException(
                    "series", "there is no series " + String.join(", ", unknown) + ": use some of " + Series.names());
        }
        if (out.isEmpty()) {
            return otherwise;
        }
        return List.copyOf(out);
    }
}
