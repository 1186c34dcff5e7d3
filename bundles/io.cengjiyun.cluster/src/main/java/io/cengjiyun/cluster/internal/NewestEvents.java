/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The store of a namespace's Events informer: the newest {@code keep} events only. The API server keeps Events for an
 * hour; a namespace whose pods churn makes hundreds a minute (measured in the 20-minute soak: about 550 a minute, the
 * heap after GC growing with them until the hour is over). What the platform shows of them (a server's events, a
 * stuck rollout's cause) is the newest few. An event dropped here comes back when it happens again (its count and
 * time change) and is dropped again when it is old.
 */
final class NewestEvents extends LeanItemStore<Event> {
    /** Events kept per namespace. */
    static final int KEEP = 500;

    private final int keep;

    NewestEvents(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be positive, not " + keep);
        }
        this.keep = keep;
    }

    @Override
    public synchronized Event put(String key, Event event) {
        Event before = super.put(key, event);
        if (size() > keep + Math.max(1, keep / 10)) { // trimmed in batches: a sort per tenth of keep, not per put
            trim();
        }
        return before;
    }

    @Override
    public synchronized Event remove(String key) {
        return super.remove(key);
    }

    private void trim() {
        List<Map.Entry<String, Instant>> oldestFirst = keySet().map(k -> Map.entry(k, when(get(k))))
                .sorted(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .toList();
        for (int i = 0; i < oldestFirst.size() - keep; i++) {
            super.remove(oldestFirst.get(i).getKey());
        }
    }

    /** When the event last happened: its lastTimestamp, else its eventTime, else when it was made; unknown: oldest. */
    static Instant when(Event event) {
        if (event == null) {
            return Instant.MIN;
        }
        String time = event.getLastTimestamp();
        if (time == null && event.getEventTime() != null) {
            time = event.getEventTime().getTime();
        }
        if (time == null && event.getMetadata() != null) {
            time = event.getMetadata().getCreationTimestamp();
        }
        if (time == null) {
            return Instant.MIN;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }
}
