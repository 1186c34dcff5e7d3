/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector in its string form ({@code a=b,c!=d,e in (x,y),f notin (z),g,!h}), as the HPA and
 * {@code kubectl top -l} send it. Parsed here so a bad one is refused with 400 before anything is asked of the
 * cluster, and so nodes (all in the platform's cache) are matched without a call.
 */
record LabelSelector(String text, List<Requirement> requirements) {
    private static final Pattern KEY =
            Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern SET = Pattern.compile("(\\S+)\\s+(in|notin)\\s*\\((.*)\\)");
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    enum Operator {
        EQUALS,
        NOT_EQUALS,
        IN,
        NOT_IN,
        EXISTS,
        NOT_EXISTS,
        GREATER_THAN,
        LESS_THAN
    }

    record Requirement(String key, Operator operator, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case EQUALS, IN -> value != null && values.contains(value);
                case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case NOT_EXISTS -> value == null;
                case GREATER_THAN, LESS_THAN -> compares(value);
            };
        }

        private boolean compares(String value) {
            if (value == null) {
                return false;
            }
            try {
                long have = Long.parseLong(value);
                long bound = Long.parseLong(values.iterator().next());
                return operator == Operator.GREATER_THAN ? have > bound : have < bound;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    /** The selector that selects everything. */
    static final LabelSelector EVERYTHING = new LabelSelector("", List.of());

    LabelSelector {
        requirements = List.copyOf(requirements);
    }

    boolean matches(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(r -> r.matches(l));
    }

    boolean selectsEverything() {
        return requirements.isEmpty();
    }

    /**
     * @param text null or blank: everything
     * @throws IllegalArgumentException saying what is wrong, in words a caller of the API can act on
     */
    static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String part : splitTopLevel(text)) {
            requirements.add(requirement(part.strip(), text));
        }
        return new LabelSelector(text, requirements);
    }

    /** The parts between commas that are not inside parentheses. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw bad(text, "a ')' closes no '('");
                }
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw bad(text, "a '(' is not closed");
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static Requirement requirement(String part, String text) {
        if (part.isEmpty()) {
            throw bad(text, "an empty requirement (two commas in a row, or one at an end)");
        }
        if (part.startsWith("!")) {
            return new Requirement(key(part.substring(1).strip(), text), Operator.NOT_EXISTS, Set.of());
        }
        java.util.regex.Matcher set = SET.matcher(part);
        if (set.matches()) {
            Set<String> values = new java.util.LinkedHashSet<>();
            for (String v : set.group(3).split(",", -1)) {
                values.add(value(v.strip(), text));
            }
            return new Requirement(
                    key(set.group(1), text), set.group(2).equals("in") ? Operator.IN : Operator.NOT_IN, values);
        }
        if (part.matches("\\S+\\s+(in|notin)\\b.*")) {
            throw bad(text, "'in' and 'notin' need a list of values in parentheses, e.g. 'tier in (a,b)'");
        }
        String[][] ops = {
            {"!=", "NOT_EQUALS"}, {"==", "EQUALS"}, {"=", "EQUALS"}, {">", "GREATER_THAN"}, {"<", "LESS_THAN"}
        };
        for (String[] op : ops) {
            int at = part.indexOf(op[0]);
            if (at >= 0) {
                Operator operator = Operator.valueOf(op[1]);
                String value = part.substring(at + op[0].length()).strip();
                if (operator == Operator.GREATER_THAN || operator == Operator.LESS_THAN) {
                    if (!value.matches("-?[0-9]+")) {
                        throw bad(text, "'" + op[0] + "' needs a whole number, not '" + value + "'");
                    }
                } else {
                    value(value, text);
                }
                return new Requirement(key(part.substring(0, at).strip(), text), operator, Set.of(value));
            }
        }
        return new Requirement(key(part, text), Operator.EXISTS, Set.of());
    }

    private static String key(String key, String text) {
        if (!KEY.matcher(key).matches()) {
            throw bad(text, "'" + key + "' is not a label key ([prefix/]name: letters, digits, '-', '_', '.')");
        }
        return key;
    }

    private static String value(String value, String text) {
        if (!VALUE.matcher(value).matches()) {
            throw bad(text, "'" + value + "' is not a label value (at most 63 letters, digits, '-', '_', '.')");
        }
        return value;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("labelSelector '" + text + "': " + why);
    }
}
