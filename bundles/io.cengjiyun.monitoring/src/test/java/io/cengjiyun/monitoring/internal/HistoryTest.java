/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.database.internal.ConnectionFactory;
import io.cengjiyun.database.internal.DerbyMemory;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.monitoring.MetricsView;
import io.cengjiyun.monitoring.Scope;
import io.cengjiyun.monitoring.Series;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The history's down-sampling and retention on a real (in-memory) Derby, with a clock the test moves. */
class HistoryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String WEB = "shop/prod/web";

    private final MovedClock clock = new MovedClock(T0);
    private String name;
    private JdbcDatabaseService db;
    private History history;

    /** A fresh database for one test: in-memory Derby here, PostgreSQL in {@link PostgresHistoryTest}. */
    protected ConnectionFactory newDatabase() throws Exception {
        name = DerbyMemory.newName("history");
        return () -> DerbyMemory.open(name);
    }

    @BeforeEach
    void open() throws Exception {
        db = new JdbcDatabaseService(newDatabase());
        db.migrate("monitoring", "test", History.class.getClassLoader(), List.of("V1__monitoring.sql"));
        history = new History(
                db,
                clock,
                new Duration[] {Duration.ofHours(6), Duration.ofDays(7), Duration.ofDays(90)},
                Duration.ofSeconds(15));
    }

    @AfterEach
    void drop() {
        db.close();
        if (name != null) {
            DerbyMemory.drop(name);
        }
    }

    /**
     * Eight hours of samples every 15 s, 0.1 cores, with one spike of 1.0 at 01:30:15; written and maintained ten
     * minutes at a time (the sampler maintains after every round; the roll-up takes whatever buckets are complete).
     */
    private void sampleEightHours() {
        List<Point> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 8 * 240; i++) {
            Instant at = T0.plusSeconds(15L * i);
            Point p = Point.raw(Scope.SERVER, WEB, at.toEpochMilli());
            p.set(Series.CPU, at.equals(T0.plusSeconds(5415)) ? 1.0 : 0.1);
            p.set(Series.MEMORY, 100.0 * 1024 * 1024);
            batch.add(p);
            if (batch.size() == 40) {
                history.record(batch);
                batch.clear();
                clock.set(at.plusSeconds(15));
                history.maintain();
            }
        }
        clock.set(T0.plus(Duration.ofHours(8)));
        history.maintain();
    }

    @Test
    void keepsRawSixHoursAndMinutesOfEverySample() {
        sampleEightHours();
        Map<String, Long> sizes = history.sizes();
        assertEquals(6 * 240, sizes.get("raw"), "raw samples of the last 6 hours only: " + sizes);
        assertEquals(8 * 60, sizes.get("minute"), "one row per minute of all 8 hours: " + sizes);
        assertEquals(8, sizes.get("hour"), "one row per hour: " + sizes);

        MetricsView day = history.query(
                Scope.SERVER,
                WEB,
                clock.instant().minus(Duration.ofHours(24)),
                clock.instant(),
                Duration.ofMinutes(1),
                List.of(Series.CPU, Series.MEMORY));
        assertEquals("minute", day.resolution());
        assertEquals(1440, day.times().size());
        MetricsView.Values cpu = day.series().get("cpu");
        assertNull(cpu.avg().get(0), "before the first sample: a gap, not a zero");
        int spike = 16 * 60 + 90; // 01:30 of the last 8 hours
        assertEquals(T0.plus(Duration.ofMinutes(90)), day.times().get(spike));
        assertEquals((0.1 * 3 + 1.0) / 4, cpu.avg().get(spike), 1e-9);
        assertEquals(1.0, cpu.max().get(spike), 1e-9);
        assertEquals(0.1, cpu.avg().get(spike + 1), 1e-9);
        assertEquals(100.0 * 1024 * 1024, day.series().get("memory").avg().get(spike + 1), 1e-3);

        MetricsView recent = history.query(
                Scope.SERVER,
                WEB,
                clock.instant().minus(Duration.ofHours(1)),
                clock.instant(),
                null,
                List.of(Series.CPU));
        assertEquals("raw", recent.resolution());
        assertEquals(15, recent.stepSeconds(), "an hour in about 300 steps, but never finer than the interval");
        assertEquals(240, recent.times().size());
        assertTrue(recent.series().get("cpu").avg().stream().allMatch(v -> v != null && Math.abs(v - 0.1) < 1e-9));
    }

    @Test
    void minutesGoAfterSevenDaysAndHoursAfterNinety() {
        sampleEightHours();
        clock.set(T0.plus(Duration.ofDays(8)));
        History.Maintenance m = history.maintain();
        assertEquals(6 * 240, m.removed()[0], "the raw samples left");
        assertEquals(8 * 60, m.removed()[1], "every minute is older than 7 days");
        Map<String, Long> sizes = history.sizes();
        assertEquals(Map.of("raw", 0L, "minute", 0L, "hour", 8L), sizes);

        MetricsView month = history.query(
                Scope.SERVER,
                WEB,
                clock.instant().minus(Duration.ofDays(30)),
                clock.instant(),
                Duration.ofHours(1),
                List.of(Series.CPU));
        assertEquals("hour", month.resolution());
        List<Double> max = month.series().get("cpu").max();
        assertEquals(8, max.stream().filter(Objects::nonNull).count());
        int hourOfSpike = month.times().indexOf(T0.plus(Duration.ofHours(1)));
        assertEquals(1.0, max.get(hourOfSpike), 1e-9, "the hour keeps the spike's maximum");
        assertEquals((0.1 * 239 + 1.0) / 240, month.series().get("cpu").avg().get(hourOfSpike), 1e-9);

        clock.set(T0.plus(Duration.ofDays(91)));
        history.maintain();
        assertEquals(Map.of("raw", 0L, "minute", 0L, "hour", 0L), history.sizes());
    }

    @Test
    void rawSamplesAreNotRemovedBeforeTheyAreRolledUp() {
        Point p = Point.raw(Scope.SERVER, WEB, T0.toEpochMilli());
        p.set(Series.CPU, 0.5);
        history.record(List.of(p));
        clock.set(T0.plus(Duration.ofDays(1))); // the platform was down for a day: the minute is rolled first
        history.maintain();
        MetricsView v = history.query(
                Scope.SERVER, WEB, T0, T0.plus(Duration.ofHours(1)), Duration.ofHours(1), List.of(Series.CPU));
        assertEquals(0.5, v.series().get("cpu").avg().get(0), 1e-9);
    }

    @Test
    void refusesUnusableRangesAndSteps() {
        Instant now = clock.instant();
        ValidationException backwards = assertThrows(
                ValidationException.class,
                () -> history.query(Scope.SERVER, WEB, now, now.minusSeconds(60), null, List.of(Series.CPU)));
        assertTrue(backwards.getMessage().contains("to"), backwards.getMessage());
        ValidationException fine = assertThrows(
                ValidationException.class,
                () -> history.query(
                        Scope.SERVER, WEB, now.minusSeconds(600), now, Duration.ofSeconds(5), List.of(Series.CPU)));
        assertTrue(fine.getMessage().contains("step"), fine.getMessage());
        ValidationException many = assertThrows(
                ValidationException.class,
                () -> history.query(
                        Scope.SERVER,
                        WEB,
                        now.minus(Duration.ofDays(730)),
                        now,
                        Duration.ofHours(1),
                        List.of(Series.CPU)));
        assertTrue(many.getMessage().contains("more than 11000"), many.getMessage());
    }

    static final class MovedClock extends Clock {
        private Instant now;

        MovedClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
