/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.database.Database;
import io.cengjiyun.monitoring.MetricsView;
import io.cengjiyun.monitoring.Scope;
import io.cengjiyun.monitoring.Series;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kept history: raw samples, then 1-minute and 1-hour averages and maxima, each kept for its own time. The
 * sampler calls {@link #maintain} after every round: a bucket is rolled up once it is complete, and rows are removed
 * only once they are both past their time and rolled up into the next resolution (nothing is dropped unrolled).
 */
final class History {
    static final String[] RESOLUTIONS = {"raw", "minute", "hour"};
    /** The most steps one query may answer. */
    static final int MAX_STEPS = 11_000;

    private final Database db;
    private final Clock clock;
    private final long[] keepMs;
    private final long rawStepMs;

    /**
     * @param keep how long each resolution is kept: raw, minute, hour
     * @param rawStep the sampling interval: the finest step a query of raw samples may ask for
     */
    History(Database db, Clock clock, Duration[] keep, Duration rawStep) {
        this.db = db;
        this.clock = clock;
        this.keepMs = Arrays.stream(keep).mapToLong(Duration::toMillis).toArray();
        this.rawStepMs = rawStep.toMillis();
    }

    void record(List<Point> points) {
        db.write("record " + points.size() + " monitoring samples", c -> {
            HistoryRows.insert(c, HistoryRows.RAW, points);
            return null;
        });
    }

    /** What one {@link #maintain} did: rows rolled up into minute and hour, rows removed per resolution. */
    record Maintenance(int minutes, int hours, int[] removed) {}

    /** Rolls up what is complete and removes what is past its time; one pass, in one transaction. */
    Maintenance maintain() {
        long now = clock.millis();
        return db.write("down-sample the monitoring history", c -> {
            int minutes = rollUp(c, HistoryRows.MINUTE, now);
            int hours = rollUp(c, HistoryRows.HOUR, now);
            int[] removed = new int[3];
            for (int r = HistoryRows.RAW; r <= HistoryRows.HOUR; r++) {
                long before = now - keepMs[r];
                if (r < HistoryRows.HOUR) {
                    Long rolled = HistoryRows.doneUntil(c, r + 1);
                    before = Math.min(before, rolled == null ? Long.MIN_VALUE : rolled);
                }
                removed[r] = before == Long.MIN_VALUE ? 0 : HistoryRows.prune(c, r, before);
            }
            return new Maintenance(minutes, hours, removed);
        });
    }

    private static int rollUp(Connection c, int resolution, long now) throws SQLException {
        long width = HistoryRows.BUCKET_MS[resolution];
        long limit = Buckets.start(now, width);
        if (resolution == HistoryRows.HOUR) {
            Long minutes = HistoryRows.doneUntil(c, HistoryRows.MINUTE);
            limit = Math.min(limit, minutes == null ? Long.MIN_VALUE : Buckets.start(minutes, width));
        }
        Long done = HistoryRows.doneUntil(c, resolution);
        long from;
        if (done != null) {
            from = done;
        } else {
            Long oldest = HistoryRows.oldest(c, resolution - 1);
            if (oldest == null) {
                return 0;
            }
            from = Buckets.start(oldest, width);
        }
        if (from >= limit) {
            return 0;
        }
        List<Point> rolled = Buckets.combine(HistoryRows.all(c, resolution - 1, from, limit), width);
        HistoryRows.insert(c, resolution, rolled);
        HistoryRows.setDoneUntil(c, resolution, limit);
        return rolled.size();
    }

    /**
     * One target's series over [from, to), from the finest resolution kept for the whole range; what is newer than
     * the last roll-up of that resolution comes from the finer ones, so a query of the last day has its last minutes.
     *
     * @param step null: about 300 steps over the range
     * @throws ValidationException naming {@code from}, {@code to} or {@code step} when the range or step is unusable
     */
    MetricsView query(Scope scope, String target, Instant from, Instant to, Duration step, List<Series> series) {
        long now = clock.millis();
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        if (t <= f) {
            throw new ValidationException("to", "must be after from (" + from + "): give a later 'to'");
        }
        int resolution = HistoryRows.RAW;
        while (resolution < HistoryRows.HOUR && f < now - keepMs[resolution]) {
            resolution++;
        }
        long finest = resolution == HistoryRows.RAW ? rawStepMs : HistoryRows.BUCKET_MS[resolution];
        long stepMs;
        if (step == null) {
            stepMs = Math.max(finest, ceilSeconds((t - f) / 300));
        } else {
            stepMs = step.toMillis();
            if (stepMs < finest) {
                if (resolution == HistoryRows.RAW) {
                    throw new ValidationException(
                            "step",
                            "is shorter than the sampling interval (" + rawStepMs / 1000
                                    + " s): give a step of at least that");
                }
                stepMs = finest; // a range older than the raw samples: whole minutes or hours are the finest kept
            }
        }
        long first = Buckets.start(f, stepMs);
        long steps = (t - first + stepMs - 1) / stepMs;
        if (steps > MAX_STEPS) {
            throw new ValidationException(
                    "step",
                    "gives " + steps + " steps over the range, more than " + MAX_STEPS + ": give a step of at least "
                            + ceilSeconds((t - first) / MAX_STEPS) / 1000 + " s or a shorter range");
        }
        int res = resolution;
        long end = first + steps * stepMs;
        List<Point> points = db.read("read the monitoring history of " + scope.id() + " " + target, c -> {
            List<Point> all = new ArrayList<>();
            long upTo = f;
            for (int r = res; r >= HistoryRows.RAW; r--) {
                Long done = r == HistoryRows.RAW ? null : HistoryRows.doneUntil(c, r);
                long until = done == null ? end : Math.min(end, done);
                if (until > upTo) {
                    all.addAll(HistoryRows.of(c, scope, target, r, upTo, until));
                    upTo = until;
                }
                if (upTo >= end) {
                    break;
                }
            }
            return all;
        });
        List<Point> buckets = Buckets.combine(points, stepMs);
        List<Instant> times = new ArrayList<>((int) steps);
        Map<String, MetricsView.Values> values = new LinkedHashMap<>();
        List<List<Double>> avgs = new ArrayList<>();
        List<List<Double>> maxs = new ArrayList<>();
        for (Series s : series) {
            List<Double> avg = new ArrayList<>((int) steps);
            List<Double> max = new ArrayList<>((int) steps);
            avgs.add(avg);
            maxs.add(max);
            values.put(s.id(), new MetricsView.Values(s.unit(), avg, max));
        }
        int b = 0;
        for (long at = first; at < end; at += stepMs) {
            times.add(Instant.ofEpochMilli(at));
            while (b < buckets.size() && buckets.get(b).at() < at) {
                b++;
            }
            Point p = b < buckets.size() && buckets.get(b).at() == at ? buckets.get(b) : null;
            for (int i = 0; i < series.size(); i++) {
                avgs.get(i).add(p == null ? null : p.avg(series.get(i)));
                maxs.get(i).add(p == null ? null : p.max(series.get(i)));
            }
        }
        return new MetricsView(
                scope.id(),
                target,
                Instant.ofEpochMilli(first),
                Instant.ofEpochMilli(end),
                stepMs / 1000,
                RESOLUTIONS[resolution],
                times,
                values);
    }

    /** Rows per resolution, for the shell's status. */
    Map<String, Long> sizes() {
        Map<Integer, Long> counts = db.read("count the monitoring history", HistoryRows::counts);
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (int r = HistoryRows.RAW; r <= HistoryRows.HOUR; r++) {
            sizes.put(RESOLUTIONS[r], counts.getOrDefault(r, 0L));
        }
        return sizes;
    }

    private static long ceilSeconds(long ms) {
        return Math.max(1000, (ms + 999) / 1000 * 1000);
    }
}
