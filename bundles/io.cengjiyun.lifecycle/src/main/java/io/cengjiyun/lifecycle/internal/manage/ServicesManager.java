/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.manage;

import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.What;
import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.DomainEvents;
import io.cengjiyun.api.event.Topics;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The write flow of services. A service is rows only, except when it goes with its appmaps: their namespaces are
 * removed from their clusters first (outside any database transaction), then the rows go in one transaction.
 */
@Component(service = ServicesManager.class)
public final class ServicesManager {
    private final HierarchyStore store;
    private final AppMapsManager appMaps;
    private final DomainEvents events;

    @Activate
    public ServicesManager(
            @Reference HierarchyStore store, @Reference AppMapsManager appMaps, @Reference DomainEvents events) {
        this.store = store;
        this.appMaps = appMaps;
        this.events = events;
    }

    public Service create(Service service, String actor) {
        return published(Topics.SERVICE_CREATED, store.createService(service), actor);
    }

    public Service update(Service service, long expectedVersion, String actor) {
        return published(Topics.SERVICE_UPDATED, store.updateService(service, expectedVersion), actor);
    }

    /** Deletes a service; one with appmaps is refused unless {@code cascade}, which removes them from their clusters. */
    public void delete(String name, boolean cascade, String actor) {
        String what = What.service(name);
        Service current = store.findService(name).orElseThrow(() -> new NotFoundException(what));
        if (cascade) {
            appMaps.removeFromClusters(what, store.listAppMaps(name));
        }
        store.deleteService(name, cascade);
        published(Topics.SERVICE_DELETED, current, actor);
    }

    private Service published(String topic, Service service, String actor) {
        events.publish(DomainEvent.builder(topic)
                .service(service.name())
                .revision(service.version())
                .actor(actor)
                .build());
        return service;
    }
}
