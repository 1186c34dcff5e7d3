/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchRuleTest {
    private static List<FieldError> errors(Object section) {
        List<FieldError> errors = new ArrayList<>();
        WatchRule.parse(section, errors);
        return errors;
    }

    @Test
    void readsEachKindOfRuleWithItsDefaults() {
        List<FieldError> errors = new ArrayList<>();
        List<WatchRule> rules = WatchRule.parse(
                List.of(
                        Map.of("metric", "cpu", "above", 80),
                        Map.of("metric", "memory", "above", 90.5, "forMinutes", 10),
                        Map.of("metric", "restarts", "above", 3),
                        Map.of("metric", "notReady", "forMinutes", 2)),
                errors);
        assertEquals(List.of(), errors);
        assertEquals(new WatchRule("cpu", 80, 5), rules.get(0));
        assertEquals(
                "memory above 90.5 % of the limits for 10 min", rules.get(1).text());
        assertEquals("more than 3 restarts in the last hour", rules.get(2).text());
        assertEquals("a pod not ready for 2 min", rules.get(3).text());
    }

    @Test
    void namesEveryBadField() {
        assertEquals("watches", errors(Map.of("metric", "cpu")).get(0).field());
        List<FieldError> bad = errors(List.of(
                Map.of("metric", "heat"),
                Map.of("metric", "cpu"),
                Map.of("metric", "cpu", "above", 5000),
                Map.of("metric", "restarts", "above", 1.5),
                Map.of("metric", "notReady", "above", 1),
                Map.of("metric", "cpu", "above", 50, "forMinutes", 2000),
                Map.of("metric", "cpu", "above", 50, "when", "now"),
                "cpu"));
        List<String> fields = bad.stream().map(FieldError::field).toList();
        assertEquals(
                List.of(
                        "watches[0].metric",
                        "watches[1].above",
                        "watches[2].above",
                        "watches[3].above",
                        "watches[4].above",
                        "watches[5].forMinutes",
                        "watches[6].when",
                        "watches[7]"),
                fields);
        assertTrue(
                bad.get(0).message().contains("cpu, memory, restarts or notReady"),
                bad.get(0).message());
    }
}
