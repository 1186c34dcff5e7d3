/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.Topics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class EventAdminDomainEventsTest {

    /** Records what was posted and fails the test on a synchronous send. */
    private static final class RecordingAdmin implements EventAdmin {
        final List<Event> posted = new ArrayList<>();

        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            throw new AssertionError("a publisher must never wait for subscribers: sendEvent(" + event + ")");
        }
    }

    @Test
    void eventsArePostedAsynchronously() {
        RecordingAdmin admin = new RecordingAdmin();
        DomainEvent e = DomainEvent.builder(Topics.SERVER_RESTARTED)
                .server("shop", "dev", "web")
                .actor("bob")
                .build();

        new EventAdminDomainEvents(admin).publish(e);

        assertEquals(1, admin.posted.size());
        assertEquals(e, DomainEvent.from(admin.posted.get(0)));
    }

    @Test
    void withoutAnEventAdminAnEventIsDroppedNotThrown() {
        new EventAdminDomainEvents()
                .publish(DomainEvent.builder(Topics.SERVER_STARTED).build());
    }
}
