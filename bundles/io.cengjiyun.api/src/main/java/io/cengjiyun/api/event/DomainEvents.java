/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.event;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishes the platform's domain events. The platform's implementation posts each event asynchronously through
 * the OSGi Event Admin ({@code EventAdmin.postEvent}): publishing never blocks on subscribers and never fails the
 * write or action it reports; without an Event Admin, events are dropped. Publish after the fact, once the write
 * or action has succeeded. A unit test of a publisher can pass a recording fake, e.g. {@code events::add}.
 */
@ProviderType
@FunctionalInterface
public interface DomainEvents {
    void publish(DomainEvent event);
}
