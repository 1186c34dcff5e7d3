/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import java.util.ArrayList;
import java.util.List;

/**
 * A field selector on the two fields a metrics item has of its object: {@code metadata.name} and
 * {@code metadata.namespace}, with {@code =}, {@code ==} and {@code !=}, as metrics-server takes them.
 */
record FieldSelector(List<Term> terms) {
    record Term(String field, boolean equals, String value) {
        boolean matches(String namespace, String name) {
            String have = field.equals("metadata.name") ? name : namespace;
            return equals == value.equals(have);
        }
    }

    static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    FieldSelector {
        terms = List.copyOf(terms);
    }

    boolean matches(String namespace, String name) {
        return terms.stream().allMatch(t -> t.matches(namespace, name));
    }

    /**
     * @param text null or blank: everything
     * @throws IllegalArgumentException naming the term that is not supported
     */
    static FieldSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String term = part.strip();
            int not = term.indexOf("!=");
            int eq = term.indexOf('=');
            if (eq <= 0) {
                throw bad(text, "'" + term + "' is not field=value, field==value or field!=value");
            }
            boolean equals = not < 0;
            String field = term.substring(0, equals ? eq : not).strip();
            String value = term.substring(equals ? (term.startsWith("==", eq) ? eq + 2 : eq + 1) : not + 2)
                    .strip();
            if (!field.equals("metadata.name") && !field.equals("metadata.namespace")) {
                throw bad(text, "field '" + field + "' is not supported: only metadata.name and metadata.namespace");
            }
            terms.add(new Term(field, equals, value));
        }
        return new FieldSelector(terms);
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("fieldSelector '" + text + "': " + why);
    }
}
