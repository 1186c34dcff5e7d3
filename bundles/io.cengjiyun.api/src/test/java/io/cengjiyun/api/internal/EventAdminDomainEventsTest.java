/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.Topics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class EventAdminDomainEventsTest {

    /** Records what was posted and fails the test on a synchronous send. */
    private static final class RecordingAdmin implements EventAdmin {
        final List<Event> posted = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void postEvent(Event event) {
            posted.add(event);
            threads.add(Thread.currentThread().getName());
        }

        void await(int count) throws InterruptedException {
            for (int i = 0; i < 500 && posted.size() < count; i++) {
                Thread.sleep(10);
            }
            assertEquals(count, posted.size());
        }

        @Override
        public void sendEvent(Event event) {
            throw new AssertionError("a publisher must never wait for subscribers: sendEvent(" + event + ")");
        }
    }

    @Test
    void eventsArePostedAsynchronously() throws InterruptedException {
        RecordingAdmin admin = new RecordingAdmin();
        DomainEvent e = DomainEvent.builder(Topics.SERVER_RESTARTED)
                .server("shop", "dev", "web")
                .actor("bob")
                .build();

        new EventAdminDomainEvents(admin).publish(e);

        admin.await(1);
        assertEquals(e, DomainEvent.from(admin.posted.get(0)));
    }

    /** Events published by different threads reach the Event Admin from one thread, in the order published. */
    @Test
    void eventsOfDifferentThreadsArePostedFromOneThreadInTheOrderPublished() throws InterruptedException {
        RecordingAdmin admin = new RecordingAdmin();
        EventAdminDomainEvents events = new EventAdminDomainEvents(admin);
        for (int i = 0; i < 20; i++) {
            String server = "s" + i;
            Thread publisher = new Thread(() -> events.publish(DomainEvent.builder(Topics.SERVER_STOPPED)
                    .server("shop", "dev", server)
                    .build()));
            publisher.start();
            publisher.join();
        }
        admin.await(20);
        for (int i = 0; i < 20; i++) {
            assertEquals("s" + i, DomainEvent.from(admin.posted.get(i)).server());
        }
        assertEquals(
                List.of("cengjiyun-domain-events"),
                admin.threads.stream().distinct().toList());
        events.stop();
        events.publish(DomainEvent.builder(Topics.SERVER_STOPPED).build()); // after stop: dropped, not thrown
    }

    @Test
    void withoutAnEventAdminAnEventIsDroppedNotThrown() {
        new EventAdminDomainEvents()
                .publish(DomainEvent.builder(Topics.SERVER_STARTED).build());
    }
}
