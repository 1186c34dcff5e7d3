/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.manage;

import static io.cengjiyun.lifecycle.internal.manage.Notes.capitalized;
import static io.cengjiyun.lifecycle.internal.manage.Notes.withNote;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.AppMapPlacement;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Quota;
import io.cengjiyun.api.StaleVersionException;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.What;
import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.DomainEvents;
import io.cengjiyun.api.event.Topics;
import io.cengjiyun.api.validation.HierarchyValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The write flow of appmaps: checked against the service's allotment, stored, then placed on their cluster (namespace,
 * quota, limit range); a placement that fails takes the write back, so that a stored appmap is a placed one. The
 * placement comes from the cluster bundle and may be stopped: then appmaps are refused (503 naming the bundle) rather
 * than stored unplaced.
 */
@Component(service = AppMapsManager.class)
public final class AppMapsManager {
    private final HierarchyStore store;
    private final DomainEvents events;
    /** Check and write of a service's appmaps, one at a time: two appmaps must not both take the last of a quota. */
    private final Object[] serviceLocks = new Object[64];

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AppMapPlacement placement;

    @Activate
    public AppMapsManager(@Reference HierarchyStore store, @Reference DomainEvents events) {
        this.store = store;
        this.events = events;
        for (int i = 0; i < serviceLocks.length; i++) {
            serviceLocks[i] = new Object();
        }
    }

    /** Without OSGi (tests): {@code placement} null is as if the cluster bundle were stopped. */
    AppMapsManager(HierarchyStore store, AppMapPlacement placement, DomainEvents events) {
        this(store, events);
        this.placement = placement;
    }

    /**
     * Checks the appmap against the service's allotment, stores it, then places it on its cluster; if placing fails,
     * the stored row goes again, so that an appmap is stored only when placed.
     */
    public AppMap create(AppMap appMap, String actor) {
        validate(appMap);
        String what = What.appMap(appMap.service(), appMap.name());
        AppMapPlacement placing = placing("be placed");
        AppMap created;
        synchronized (lock(appMap.service())) {
            store.findService(appMap.service())
                    .orElseThrow(() -> new NotFoundException(What.service(appMap.service())));
            if (store.findAppMap(appMap.service(), appMap.name()).isPresent()) {
                throw new ConflictException(what + " already exists: choose another name, or update the existing one");
            }
            placing.check(appMap);
            created = store.createAppMap(appMap);
        }
        try {
            placing.place(created);
        } catch (RuntimeException e) {
            try {
                store.deleteAppMap(appMap.service(), appMap.name(), false);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
                throw withNote(
                        e,
                        " The appmap could not be removed from the store again (" + again.getMessage()
                                + "): delete it, then create it again.");
            }
            throw withNote(e, " The appmap was not stored.");
        }
        published(Topics.APPMAP_CREATED, created, actor);
        return created;
    }

    /**
     * Updates an appmap in place: it cannot move to another cluster or namespace. A new quota is checked against the
     * allotment and applied to the cluster; if applying fails, the appmap is set back as it was.
     */
    public AppMap update(AppMap appMap, long expectedVersion, String actor) {
        validate(appMap);
        String what = What.appMap(appMap.service(), appMap.name());
        AppMap current;
        AppMap updated;
        AppMapPlacement placing = null;
        synchronized (lock(appMap.service())) {
            current = store.findAppMap(appMap.service(), appMap.name()).orElse(null);
            if (current != null) {
                if (expectedVersion != HierarchyStore.ANY_VERSION && current.version() != expectedVersion) {
                    throw new StaleVersionException(what, expectedVersion, current.version());
                }
                ValidationException.throwIfAny(HierarchyValidator.validateChange(current, appMap));
                if (!Objects.equals(quota(current.quota()), quota(appMap.quota()))) {
                    placing = placing("change their quota");
                    placing.check(appMap);
                }
            }
            updated = store.updateAppMap(appMap, expectedVersion);
        }
        if (placing != null) {
            try {
                placing.place(updated);
            } catch (RuntimeException e) {
                AppMap back;
                try {
                    back = store.updateAppMap(current, updated.version());
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                    throw withNote(
                            e,
                            " The change could not be undone in the store (" + again.getMessage()
                                    + "): the stored quota is not the one on the cluster; update the appmap again.");
                }
                throw withNote(
                        e, " The change was undone: the appmap is as it was (now at version " + back.version() + ").");
            }
        }
        published(Topics.APPMAP_UPDATED, updated, actor);
        return updated;
    }

    /**
     * Removes the appmap from its cluster (its namespace goes), then from the store; an unreachable cluster keeps both.
     * The checks come first, so that a namespace goes only with an appmap that may go.
     */
    public void delete(String service, String name, boolean cascade, String actor) {
        String what = What.appMap(service, name);
        AppMap current = store.findAppMap(service, name).orElseThrow(() -> new NotFoundException(what));
        if (!cascade) {
            List<String> names =
                    store.listServers(service, name).stream().map(s -> s.name()).toList();
            if (!names.isEmpty()) {
                throw new ConflictException(what + " still has the servers " + names
                        + ": delete them first, or delete the appmap with cascade");
            }
        }
        boolean removed = removeFromClusters(what, List.of(current));
        try {
            store.deleteAppMap(service, name, cascade);
        } catch (RuntimeException e) {
            throw removed
                    ? withNote(
                            e,
                            " Its namespace " + current.effectiveNamespace() + " was already deleted from"
                                    + " cluster '" + current.cluster() + "': delete the appmap again.")
                    : e;
        }
        published(Topics.APPMAP_DELETED, current, actor);
    }

    private void published(String topic, AppMap appMap, String actor) {
        events.publish(DomainEvent.builder(topic)
                .appmap(appMap.service(), appMap.name())
                .cluster(appMap.cluster())
                .revision(appMap.version())
                .actor(actor)
                .build());
    }

    /**
     * Removes appmaps from their clusters, all or as many as can be, saying which; true if any placement was asked to
     * remove one.
     */
    boolean removeFromClusters(String what, List<AppMap> appMaps) {
        if (appMaps.isEmpty()) {
            return false;
        }
        AppMapPlacement placing = placing("be removed from their clusters");
        List<String> removed = new ArrayList<>();
        for (AppMap appMap : appMaps) {
            try {
                placing.remove(appMap);
            } catch (RuntimeException e) {
                throw withNote(
                        e,
                        (removed.isEmpty() ? "" : " The namespaces of the appmaps " + removed + " were deleted before.")
                                + " " + capitalized(what) + " is kept: delete it again once the"
                                + " cluster answers.");
            }
            removed.add(appMap.name());
        }
        return true;
    }

    /** The placement service; absent (the cluster bundle stopped): 503 naming the bundle, nothing changed. */
    private AppMapPlacement placing(String action) {
        AppMapPlacement current = placement;
        if (current == null) {
            throw new UnavailableException(
                    "appmaps cannot " + action + ": the bundle io.cengjiyun.cluster is not running;"
                            + " nothing was changed. Start it (at the console: start io.cengjiyun.cluster) and try again.",
                    null);
        }
        return current;
    }

    private Object lock(String service) {
        return serviceLocks[Math.floorMod(service.hashCode(), serviceLocks.length)];
    }

    /** A quota that bounds nothing is no quota (the store reads it back as none). */
    private static Quota quota(Quota quota) {
        return quota == null
                        || (quota.cpu() == null
                                && quota.memory() == null
                                && quota.pods() == null
                                && quota.storage() == null)
                ? null
                : quota;
    }

    private static void validate(AppMap appMap) {
        List<FieldError> errors = new ArrayList<>(HierarchyValidator.validate(appMap));
        if (appMap.service() == null || appMap.service().isEmpty()) {
            errors.add(new FieldError("service", "is required: the service the appmap belongs to"));
        }
        ValidationException.throwIfAny(errors);
    }
}
