/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ValidationException;
import io.fabric8.kubernetes.client.dsl.BytesLimitTerminateTimeTailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.fabric8.kubernetes.client.dsl.TailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.TimestampBytesLimitTerminateTimeTailPrettyLoggable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What part of a container's log is asked for: the last {@code tail} lines (null: all), since a time or a duration
 * ago, the previous instance of the container, with the runtime's timestamps.
 */
public record LogQuery(Integer tail, Instant sinceTime, Integer sinceSeconds, boolean previous, boolean timestamps) {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,7})([smhd])");

    /**
     * Reads the query parameters, naming each bad one.
     *
     * @param defaultTail the tail when none is given (null: the whole log)
     * @param maxTail the largest tail allowed
     */
    public static LogQuery parse(
            String tail, String since, boolean previous, boolean timestamps, Integer defaultTail, int maxTail) {
        List<FieldError> errors = new ArrayList<>();
        Integer lines = defaultTail;
        if (tail != null && !tail.isEmpty()) {
            if (tail.equals("all") || tail.equals("-1")) {
                lines = null;
            } else {
                try {
                    lines = Integer.parseInt(tail);
                    if (lines < 0 || lines > maxTail) {
                        errors.add(new FieldError("tail", "is " + tail + ": give 0 to " + maxTail + " lines, or all"));
                    }
                } catch (NumberFormatException e) {
                    errors.add(
                            new FieldError("tail", "'" + tail + "' is not a number of lines (0 to " + maxTail + ")"));
                }
            }
        }
        Instant sinceTime = null;
        Integer sinceSeconds = null;
        if (since != null && !since.isEmpty()) {
            Matcher m = DURATION.matcher(since);
            if (m.matches()) {
                long seconds = Long.parseLong(m.group(1))
                        * switch (m.group(2)) {
                            case "s" -> 1;
                            case "m" -> 60;
                            case "h" -> 3600;
                            default -> 86400;
                        };
                if (seconds < 1 || seconds > Integer.MAX_VALUE) {
                    errors.add(new FieldError("since", "'" + since + "' is out of range: give e.g. 30s, 10m, 2h, 7d"));
                } else {
                    sinceSeconds = (int) seconds;
                }
            } else {
                try {
                    sinceTime = Instant.parse(since);
                } catch (DateTimeParseException e) {
                    errors.add(new FieldError(
                            "since",
                            "'" + since
                                    + "' is neither a duration (30s, 10m, 2h, 7d) nor a time (2026-12-05T10:00:00Z)"));
                }
            }
        }
        ValidationException.throwIfAny(errors);
        return new LogQuery(lines, sinceTime, sinceSeconds, previous, timestamps);
    }

    LogQuery withTimestamps() {
        return new LogQuery(tail, sinceTime, sinceSeconds, previous, true);
    }

    LogQuery withPrevious(boolean previous) {
        return new LogQuery(tail, sinceTime, sinceSeconds, previous, timestamps);
    }

    /** The query applied to a container's log resource, in the order fabric8's types allow. */
    Loggable apply(TimestampBytesLimitTerminateTimeTailPrettyLoggable log) {
        BytesLimitTerminateTimeTailPrettyLoggable stamped = timestamps ? log.usingTimestamps() : log;
        TimeTailPrettyLoggable instance = previous ? stamped.terminated() : stamped;
        TailPrettyLoggable since = sinceTime != null
                ? instance.sinceTime(sinceTime.toString())
                : sinceSeconds != null ? instance.sinceSeconds(sinceSeconds) : instance;
        return tail != null ? since.tailingLines(tail) : since;
    }
}
