/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Domain events: what happened to services, appmaps, servers and clusters, published through the OSGi Event Admin
 * under the topics of {@link io.cengjiyun.api.event.Topics} with the properties of
 * {@link io.cengjiyun.api.event.EventProperties}. Publishers call {@link io.cengjiyun.api.event.DomainEvents};
 * subscribers register an {@code org.osgi.service.event.EventHandler} (for example on {@link io.cengjiyun.api.event.Topics#ALL})
 * and read each event back with {@link io.cengjiyun.api.event.DomainEvent#from}, so that nobody spells a key by hand.
 * <p>
 * Events are notifications of what has already happened: they are posted asynchronously, in the order each
 * publishing thread posted them, and a subscriber cannot veto or change anything.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cengjiyun.api.event;
