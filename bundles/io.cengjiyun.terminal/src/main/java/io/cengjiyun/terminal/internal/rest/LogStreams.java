/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal.rest;

import io.cengjiyun.rest.OpenStreams;
import io.cengjiyun.terminal.LogLine;
import io.cengjiyun.terminal.internal.LogFollow;
import io.cengjiyun.terminal.internal.Params;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/** What the terminal bundle's resources share: following logs as Server-Sent Events, and the numbers they take. */
final class LogStreams {
    static final long KEEPALIVE_MILLIS = 15_000;
    /** Seconds a follow of logs lasts when {@code timeout} is left out. */
    static final int DEFAULT_FOLLOW_SECONDS = 3600;
    /** The longest follow of logs, in seconds. */
    static final int MAX_FOLLOW_SECONDS = 86_400;

    // what the log calls' parameters mean, for the API's document (the resources' @Doc)
    static final String SINCE = "Only lines since then: a duration before now (`30s`, `10m`, `2h`, `7d`) or an ISO-8601"
            + " time (`2026-12-05T10:00:00Z`)";
    static final String TIMEOUT =
            "How long to follow, in seconds: 1 to " + MAX_FOLLOW_SECONDS + " (default " + DEFAULT_FOLLOW_SECONDS + ")";
    static final String MAX_TAIL = "the runtime's `maxLogLines` (50,000 unless configured)";

    private LogStreams() {}

    /**
     * Sends each line as an event {@code line} (a notice as {@code notice}) with the line as JSON, a comment every 15 s,
     * until the client leaves or {@code seconds} pass; then the follow is closed.
     */
    static void follow(
            OpenStreams streams,
            SseEventSink sink,
            Sse sse,
            long seconds,
            Function<Consumer<LogLine>, LogFollow> start) {
        CountDownLatch gone = new CountDownLatch(1);
        try (SseEventSink events = sink;
                OpenStreams.Tracked tracked = streams.track(sink, sse);
                LogFollow follow = start.apply(line -> {
                    if (events.isClosed()) {
                        gone.countDown();
                        throw new IllegalStateException("the client left");
                    }
                    events.send(sse.newEventBuilder()
                                    .name(line.notice() ? "notice" : "line")
                                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                                    .data(LogLine.class, line)
                                    .build())
                            .whenComplete((ok, failed) -> {
                                if (failed != null) {
                                    gone.countDown();
                                }
                            });
                })) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end && !follow.closed()) {
                if (gone.await(
                        Math.min(KEEPALIVE_MILLIS, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 1),
                        TimeUnit.MILLISECONDS)) {
                    break;
                }
                if (events.isClosed()) {
                    break;
                }
                events.send(sse.newEventBuilder().comment("following").build()).whenComplete((ok, failed) -> {
                    if (failed != null) {
                        gone.countDown();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long timeout(String value) {
        return Params.number(value, "timeout", DEFAULT_FOLLOW_SECONDS, MAX_FOLLOW_SECONDS, "a number of seconds");
    }

    static int limit(String value, int fallback, int max) {
        return Params.number(value, "limit", fallback, max, "a number");
    }
}
