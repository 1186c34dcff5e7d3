/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A namespace's events cache keeps the newest events, whatever order they come in. */
class NewestEventsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T07:00:00Z");

    private static Event event(int i, Instant last) {
        return new EventBuilder()
                .withNewMetadata()
                .withNamespace("team-dev")
                .withName("web-" + i + ".18f")
                .withCreationTimestamp(T0.minusSeconds(3600).toString())
                .endMetadata()
                .withLastTimestamp(last == null ? null : last.toString())
                .withReason("Pulled")
                .build();
    }

    private static String key(Event e) {
        return e.getMetadata().getNamespace() + "/" + e.getMetadata().getName();
    }

    @Test
    void aChurningNamespaceKeepsOnlyItsNewestEvents() {
        NewestEvents store = new NewestEvents(100);
        for (int i = 0; i < 5_000; i++) {
            Event e = event(i, T0.plusSeconds(i));
            store.put(key(e), e);
            assertTrue(store.size() <= 110, "at most keep and a tenth: " + store.size());
        }
        Set<String> kept = store.values().map(e -> e.getMetadata().getName()).collect(Collectors.toSet());
        for (int i = 4_900; i < 5_000; i++) {
            assertTrue(kept.contains("web-" + i + ".18f"), "the newest are kept: web-" + i);
        }
        assertNull(store.get("team-dev/web-0.18f"), "the oldest are gone");
    }

    @Test
    void anOldEventThatHappensAgainIsNewAgain() {
        NewestEvents store = new NewestEvents(10);
        for (int i = 0; i < 12; i++) {
            Event e = event(i, T0.plusSeconds(i));
            store.put(key(e), e);
        }
        assertNull(store.get("team-dev/web-0.18f"), "trimmed to the newest 10 once over 11");
        // event 0 happens again (the API server bumps its count and lastTimestamp): it is kept, the oldest go
        Event again = event(0, T0.plusSeconds(60));
        store.put(key(again), again);
        Event next = event(12, T0.plusSeconds(12));
        store.put(key(next), next);
        assertEquals(10, store.size());
        assertNotNull(store.get("team-dev/web-0.18f"));
        assertNull(store.get("team-dev/web-2.18f"));
        assertNull(store.get("team-dev/web-3.18f"));
        assertNotNull(store.get("team-dev/web-4.18f"));
    }

    @Test
    void theTimeIsTheLastTimestampElseTheEventTimeElseTheCreation() {
        assertEquals(T0.plusSeconds(5), NewestEvents.when(event(1, T0.plusSeconds(5))));
        Event series = event(2, null);
        series.setEventTime(new MicroTime("2026-12-06T07:00:07.123456Z"));
        assertEquals(Instant.parse("2026-12-06T07:00:07.123456Z"), NewestEvents.when(series));
        assertEquals(T0.minusSeconds(3600), NewestEvents.when(event(3, null)));
        Event garbled = event(4, null);
        garbled.setLastTimestamp("yesterday");
        assertEquals(Instant.MIN, NewestEvents.when(garbled), "a time it cannot read is the oldest");
    }

    @Test
    void keepMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new NewestEvents(0));
    }
}
