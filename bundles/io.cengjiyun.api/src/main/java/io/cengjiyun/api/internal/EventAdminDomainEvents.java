/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.internal;

import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.DomainEvents;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts domain events through the Event Admin, asynchronously. The Event Admin is optional and dynamic: every
 * component that publishes depends on this service, and none of them must stop because the Event Admin bundle is
 * updated or missing; events published meanwhile are dropped (logged at debug).
 */
@Component(service = DomainEvents.class)
public class EventAdminDomainEvents implements DomainEvents {
    private static final Logger LOG = LoggerFactory.getLogger(EventAdminDomainEvents.class);

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    public EventAdminDomainEvents() {}

    EventAdminDomainEvents(EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    @Override
    public void publish(DomainEvent event) {
        EventAdmin admin = eventAdmin;
        if (admin == null) {
            LOG.debug("No Event Admin: dropped {}", event);
            return;
        }
        admin.postEvent(event.toEvent());
    }
}
