/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.cengjiyun.api.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule of a server's {@code watches} section: {@code {"metric": "cpu", "above": 80, "forMinutes": 5}}.
 *
 * @param metric {@code cpu} or {@code memory} (percent of the limits), {@code restarts} (in the last hour), or
 *        {@code notReady} (a pod of the server not ready)
 * @param above the percentage (cpu, memory) or count (restarts) that must be exceeded; none for notReady
 * @param forMinutes how long the condition must hold before the watch fires (0: at once)
 */
record WatchRule(String metric, double above, int forMinutes) {
    static final String SECTION = "watches";
    static final Set<String> METRICS = Set.of("cpu", "memory", "restarts", "notReady");
    static final int MAX_RULES = 20;
    static final String SCHEMA = """
            {"type": "array", "maxItems": 20, "description": "Watches of the monitoring bundle: each rule that holds\
             for its minutes raises io/cengjiyun/monitoring/WATCH_FIRED and shows on the appmap's usage and overview.",
             "items": {"type": "object", "additionalProperties": false, "required": ["metric"],
              "properties": {
               "metric": {"type": "string", "enum": ["cpu", "memory", "restarts", "notReady"],
                "description": "cpu, memory: percent of the limits; restarts: in the last hour; notReady: a pod not ready"},
               "above": {"type": "number", "minimum": 0, "maximum": 100000,
                "description": "the percentage (cpu, memory: 1 to 1000) or restarts (0 or more) to exceed"},
               "forMinutes": {"type": "integer", "minimum": 0, "maximum": 1440, "default": 5}}}}
            """;

    /** The rule in words, as events and answers show it. */
    String text() {
        return switch (metric) {
            case "cpu", "memory" -> metric + " above " + fmt(above) + " % of the limits for " + forMinutes + " min";
            case "restarts" -> "more than " + fmt(above) + " restarts in the last hour";
            default -> "a pod not ready for " + forMinutes + " min";
        };
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The rules of a section as stored (a list of maps), or the errors naming each field. */
    static List<WatchRule> parse(Object section, List<FieldError> errors) {
        List<WatchRule> rules = new ArrayList<>();
        if (section == null) {
            return rules;
        }
        if (!(section instanceof List<?> list)) {
            errors.add(new FieldError(
                    SECTION, "is not a list: give e.g. [{\"metric\": \"cpu\", \"above\": 80, \"forMinutes\": 5}]"));
            return rules;
        }
        if (list.size() > MAX_RULES) {
            errors.add(new FieldError(SECTION, "has " + list.size() + " rules: at most " + MAX_RULES));
            return rules;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = SECTION + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> rule)) {
                errors.add(new FieldError(at, "is not an object: give e.g. {\"metric\": \"cpu\", \"above\": 80}"));
                continue;
            }
            int before = errors.size();
            for (Object key : rule.keySet()) {
                if (!Set.of("metric", "above", "forMinutes").contains(key)) {
                    errors.add(new FieldError(
                            at + "." + key, "is not a field of a watch: it has metric, above and forMinutes"));
                }
            }
            Object metric = rule.get("metric");
            if (!(metric instanceof String m) || !METRICS.contains(m)) {
                errors.add(new FieldError(
                        at + ".metric",
                        (metric == null ? "is required" : "'" + metric + "' is not a metric")
                                + ": give cpu, memory, restarts or notReady"));
                continue;
            }
            Object above = rule.get("above");
            double threshold = 0;
            if ("notReady".equals(m)) {
                if (above != null) {
                    errors.add(new FieldError(at + ".above", "does not apply to notReady: remove it"));
                }
            } else if (!(above instanceof Number n)) {
                errors.add(new FieldError(
                        at + ".above",
                        (above == null ? "is required" : "'" + above + "' is not a number") + " for " + m
                                + (m.equals("restarts")
                                        ? ": give the restarts in an hour to exceed, e.g. 3"
                                        : ": give a percentage of the limits, e.g. 80")));
            } else {
                threshold = n.doubleValue();
                boolean percent = !m.equals("restarts");
                if (percent && (threshold < 1 || threshold > 1000)) {
                    errors.add(new FieldError(at + ".above", "is " + n + ": give a percentage from 1 to 1000"));
                } else if (!percent && (threshold < 0 || threshold > 100000 || threshold != Math.rint(threshold))) {
                    errors.add(
                            new FieldError(at + ".above", "is " + n + ": give a whole number of restarts, 0 or more"));
                }
            }
            Object minutes = rule.get("forMinutes");
            int forMinutes = 5;
            if (m.equals("restarts")) {
                forMinutes = 0;
                if (minutes != null) {
                    errors.add(new FieldError(
                            at + ".forMinutes", "does not apply to restarts (counted over the last hour): remove it"));
                }
            } else if (minutes != null) {
                if (!(minutes instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                    errors.add(
                            new FieldError(at + ".forMinutes", "'" + minutes + "' is not a whole number of minutes"));
                } else if (n.intValue() < 0 || n.intValue() > 1440) {
                    errors.add(new FieldError(at + ".forMinutes", "is " + n + ": give 0 to 1440"));
                } else {
                    forMinutes = n.intValue();
                }
            }
            if (errors.size() == before) {
                rules.add(new WatchRule(m, threshold, forMinutes));
            }
        }
        return rules;
    }
}
