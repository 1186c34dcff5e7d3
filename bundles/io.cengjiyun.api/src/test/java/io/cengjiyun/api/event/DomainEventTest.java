/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

/** A domain event as the Event Admin carries it, and back, with no key spelled by hand. */
class DomainEventTest {
    private static final Instant AT = Instant.parse("2026-12-04T10:15:30.123Z");

    private enum State {
        STOPPED
    }

    @Test
    void aServerEventRoundTripsThroughAnEventAdminEvent() {
        DomainEvent sent = DomainEvent.builder(Topics.SERVER_STOPPED)
                .server("shop", "dev", "web")
                .revision(3L)
                .actor("alice")
                .state(State.STOPPED)
                .kind("Deployment")
                .timestamp(AT)
                .build();

        Event event = sent.toEvent();
        DomainEvent read = DomainEvent.from(event);

        assertEquals("io/cengjiyun/server/STOPPED", event.getTopic());
        assertEquals("web", event.getProperty(EventProperties.SERVER));
        assertEquals(3L, event.getProperty(EventProperties.REVISION));
        assertEquals(AT.toEpochMilli(), event.getProperty(EventProperties.TIMESTAMP));
        assertEquals("STOPPED", read.state(), "an enum state travels as its name");
        assertEquals(sent, read);
    }

    @Test
    void propertiesThatDoNotApplyAreAbsentNotEmpty() {
        DomainEvent e = DomainEvent.builder(Topics.CLUSTER_REACHABLE)
                .cluster("local")
                .timestamp(AT)
                .build();

        assertEquals(Map.of("cluster", "local", "timestamp", AT.toEpochMilli()), e.properties());
        assertFalse(e.toEvent().containsProperty(EventProperties.ACTOR));
    }

    @Test
    void anEventWithoutATimeIsStampedWhenBuilt() {
        Instant before = Instant.now();
        DomainEvent e = DomainEvent.builder(Topics.SERVICE_CREATED)
                .service("shop")
                .actor("admin")
                .build();

        assertFalse(e.timestamp().isBefore(before.minusMillis(1)));
    }

    @Test
    void onlyTopicsOfThePlatformAreDomainEvents() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> DomainEvent.from(new Event("org/osgi/framework/BundleEvent/STARTED", Map.of())));
        assertTrue(e.getMessage().contains("org/osgi/framework/BundleEvent/STARTED"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> DomainEvent.builder(Topics.ALL).build(),
                "a wildcard is for subscribing, not a topic to publish on");
    }

    @Test
    void aPropertyOfTheWrongTypeIsNamed() {
        Event wrong = new Event(Topics.SERVER_SCALED, Map.of(EventProperties.SERVER, 42));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DomainEvent.from(wrong));
        assertTrue(e.getMessage().contains("'server'"), e.getMessage());
    }

    @Test
    void everyTopicIsUnderThePrefixValidForTheEventAdminAndListedOnce() {
        Set<String> seen = new HashSet<>();
        for (String topic : Topics.TOPICS) {
            assertTrue(topic.startsWith(Topics.PREFIX), topic);
            assertTrue(seen.add(topic), topic + " is listed twice");
            new Event(topic, Map.of()); // the Event Admin's own check of the topic's syntax
        }
        assertEquals(20, seen.size());
    }
}
