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
import io.cengjiyun.monitoring.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryParamsTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void timesAreInstantsNowOrBeforeNow() {
        assertEquals(NOW, QueryParams.time("to", "now", NOW, null));
        assertEquals(NOW.minus(Duration.ofHours(6)), QueryParams.time("from", "-6h", NOW, null));
        assertEquals(NOW.minus(Duration.ofDays(7)), QueryParams.time("from", "-7d", NOW, null));
        assertEquals(
                Instant.parse("2026-12-01T00:00:00Z"), QueryParams.time("from", "2026-12-01T00:00:00Z", NOW, null));
        assertEquals(NOW, QueryParams.time("from", " ", NOW, NOW));
        ValidationException e =
                assertThrows(ValidationException.class, () -> QueryParams.time("from", "yesterday", NOW, null));
        assertTrue(e.getMessage().contains("from") && e.getMessage().contains("-6h"), e.getMessage());
    }

    @Test
    void stepsAndSeries() {
        assertNull(QueryParams.step(null));
        assertEquals(Duration.ofSeconds(90), QueryParams.step("90"));
        assertEquals(Duration.ofMinutes(1), QueryParams.step("1m"));
        assertThrows(ValidationException.class, () -> QueryParams.step("0s"));
        assertThrows(ValidationException.class, () -> QueryParams.step("1 minute"));
        assertEquals(List.of(Series.CPU, Series.RX), QueryParams.series("cpu, rx,cpu", List.of()));
        assertEquals(QueryParams.WORKLOAD, QueryParams.series("", QueryParams.WORKLOAD));
        ValidationException e =
                assertThrows(ValidationException.class, () -> QueryParams.series("cpu,heat,gpu", List.of()));
        assertTrue(e.getMessage().contains("'heat', 'gpu'") && e.getMessage().contains("memory"), e.getMessage());
    }
}
