/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import io.cengjiyun.inspection.EventView;
import io.fabric8.kubernetes.api.model.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges the events of a server's objects: de-duplicated, newest first. */
final class Events {
    private Events() {}

    /**
     * The same object, type, reason and message is one entry: counts summed, first seen the earliest, last seen the
     * latest. Newest first (by last seen), then by object.
     */
    static List<EventView> merge(List<Event> events) {
        Map<String, EventView> merged = new LinkedHashMap<>();
        for (Event e : events) {
            String object = object(e);
            String key = object + "\u0000" + e.getType() + "\u0000" + e.getReason() + "\u0000" + e.getMessage();
            int count = e.getCount() == null || e.getCount() < 1 ? 1 : e.getCount();
            String first = firstSeen(e);
            String last = lastSeen(e);
            EventView before = merged.get(key);
            if (before != null) {
                count += before.count();
                first = min(first, before.firstSeen());
                last = max(last, before.lastSeen());
            }
            merged.put(
                    key,
                    new EventView(e.getType(), e.getReason(), e.getMessage(), object, count, first, last, source(e)));
        }
        List<EventView> list = new ArrayList<>(merged.values());
        list.sort(Comparator.comparing((EventView v) -> v.lastSeen() == null ? "" : v.lastSeen())
                .reversed()
                .thenComparing(EventView::object));
        return list;
    }

    static String object(Event e) {
        var o = e.getInvolvedObject();
        return o == null ? "" : o.getKind() + "/" + o.getName();
    }

    static String lastSeen(Event e) {
        if (e.getLastTimestamp() != null) {
            return e.getLastTimestamp();
        }
        if (e.getSeries() != null && e.getSeries().getLastObservedTime() != null) {
            return e.getSeries().getLastObservedTime().getTime();
        }
        if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
            return e.getEventTime().getTime();
        }
        return e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp();
    }

    static String firstSeen(Event e) {
        if (e.getFirstTimestamp() != null) {
            return e.getFirstTimestamp();
        }
        if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
            return e.getEventTime().getTime();
        }
        return lastSeen(e);
    }

    private static String source(Event e) {
        if (e.getSource() != null && e.getSource().getComponent() != null) {
            return e.getSource().getComponent();
        }
        return e.getReportingComponent() == null || e.getReportingComponent().isEmpty()
                ? null
                : e.getReportingComponent();
    }

    /** ISO-8601 instants of one format compare as text; a null is neither smaller nor greater. */
    private static String min(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    private static String max(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }
}
