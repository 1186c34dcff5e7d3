/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.internal;

import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.DomainEvents;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts domain events through the Event Admin, asynchronously, in the order they were published. The Event Admin
 * delivers the events one thread posts in the order posted, but not those of different threads: a server's STOPPED
 * (published by the request that stopped it) and its ROLLOUT_DONE (published by the rollout watcher a few
 * milliseconds later) could reach a subscriber the other way round. So every event is posted from one thread of this
 * publisher, in the order {@link #publish} was called. The Event Admin is optional and dynamic: every component that
 * publishes depends on this service, and none of them must stop because the Event Admin bundle is updated or
 * missing; events published meanwhile are dropped (logged at debug).
 */
@Component(service = DomainEvents.class)
public class EventAdminDomainEvents implements DomainEvents {
    private static final Logger LOG = LoggerFactory.getLogger(EventAdminDomainEvents.class);

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    /** The one thread that posts, in the order of publishing. */
    private final ExecutorService poster = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "cengjiyun-domain-events");
        thread.setDaemon(true);
        return thread;
    });

    public EventAdminDomainEvents() {}

    EventAdminDomainEvents(EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    @Override
    public void publish(DomainEvent event) {
        Event posted = event.toEvent();
        try {
            poster.execute(() -> post(posted, event));
        } catch (RejectedExecutionException e) { // the publisher stops: as without an Event Admin
            LOG.debug("The domain events publisher stops: dropped {}", event);
        }
    }

    private void post(Event posted, DomainEvent event) {
        EventAdmin admin = eventAdmin;
        if (admin == null) {
            LOG.debug("No Event Admin: dropped {}", event);
            return;
        }
        try {
            admin.postEvent(posted);
        } catch (RuntimeException e) { // the Event Admin going away: the next events go on
            LOG.debug("The Event Admin refused {}: {}", event, e.toString());
        }
    }

    @Deactivate
    void stop() {
        poster.shutdown();
    }
}
