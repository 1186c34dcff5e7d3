/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.manage;

import static io.cengjiyun.lifecycle.internal.manage.Notes.withNote;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerDeployment;
import io.cengjiyun.api.StaleVersionException;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.What;
import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.DomainEvents;
import io.cengjiyun.api.event.Topics;
import io.cengjiyun.api.validation.HierarchyValidator;
import io.cengjiyun.lifecycle.ServerManager;
import io.cengjiyun.lifecycle.internal.RolloutEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The write flow of servers: validate, ask the contributors to check, store the revision, apply it, undo on refusal,
 * keep on unreachable. The store and the cluster are called one after the other, never inside each other: no database
 * transaction is open while a cluster answers.
 */
@Component(service = {ServerManager.class, ServersManager.class})
public final class ServersManager implements ServerManager {
    /** Follows the rollout of an applied revision in the background, publishing its end ({@link RolloutEvents}). */
    @FunctionalInterface
    interface RolloutWatch {
        void watch(AppMap appMap, Server server, String actor);
    }

    /** How often an update without a version reads the server again when other writers keep coming in between. */
    private static final int PINNED_ATTEMPTS = 10;

    private final HierarchyStore store;
    private final ServerDeployment deployment;
    private final DomainEvents events;
    private final RolloutWatch rollouts;

    @Activate
    public ServersManager(
            @Reference HierarchyStore store,
            @Reference ServerDeployment deployment,
            @Reference DomainEvents events,
            @Reference RolloutEvents rollouts) {
        this(store, deployment, events, rollouts::watch);
    }

    ServersManager(HierarchyStore store, ServerDeployment deployment, DomainEvents events, RolloutWatch rollouts) {
        this.store = store;
        this.deployment = deployment;
        this.events = events;
        this.rollouts = rollouts;
    }

    /**
     * Stores the server at revision 1, then applies it. A cluster that refuses it takes the row away again (nothing
     * stays half-done); an unreachable cluster keeps it, stored but not applied, and says so.
     */
    @Override
    public Server create(String service, String appmap, ServerDefinition definition, String author, String message) {
        AppMap appMap = validated(service, appmap, definition);
        deployment.check(appMap, definition);
        Server created = store.createServer(service, appmap, definition, author, message);
        try {
            deployment.deploy(appMap, created);
        } catch (UnavailableException e) {
            published(Topics.SERVER_CREATED, created, author, message, e.getMessage());
            throw withNote(
                    e,
                    " Revision 1 is stored and not applied: its state says so until it is; run reconcile"
                            + " (or any action) once the cluster answers.");
        } catch (RuntimeException e) {
            try {
                deployment.undeploy(appMap, created, true, false);
                store.deleteServer(service, appmap, created.name(), HierarchyStore.ANY_VERSION);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
                throw withNote(
                        e,
                        " The server could not be taken away again (" + again.getMessage()
                                + "): delete it with stop, then create it again.");
            }
            throw withNote(e, " Nothing was stored.");
        }
        published(Topics.SERVER_CREATED, created, author, message, null);
        rollouts.watch(appMap, created, author);
        return created;
    }

    /**
     * Stores the definition as the next revision, then applies it. A cluster that refuses it sets the server back to
     * the revision before (the new one is discarded and the old one applied again); an unreachable cluster keeps the
     * new revision, stored but not applied, and says so.
     */
    @Override
    public Server update(
            String service,
            String appmap,
            ServerDefinition definition,
            long expectedVersion,
            String author,
            String message) {
        return update(Topics.SERVER_UPDATED, service, appmap, definition, expectedVersion, author, message);
    }

    /**
     * An update published under {@code topic}: a lifecycle action that is stored as a revision (scaled, rolled back)
     * is one event, not an update and an action.
     */
    public Server update(
            String topic,
            String service,
            String appmap,
            ServerDefinition definition,
            long expectedVersion,
            String author,
            String message) {
        AppMap appMap = validated(service, appmap, definition);
        deployment.check(appMap, definition);
        String name = definition.name();
        // The revision set back to on refusal must be the one this update replaced. An update that names no version
        // is pinned to the one read here, and read again if another writer came in between.
        boolean pinned = expectedVersion == HierarchyStore.ANY_VERSION;
        Server before;
        Server updated;
        for (int attempt = 1; ; attempt++) {
            before = store.findServer(service, appmap, name).orElse(null);
            long expected = pinned && before != null ? before.version() : expectedVersion;
            try {
                updated = store.updateServer(service, appmap, definition, expected, author, message);
                break;
            } catch (StaleVersionException e) {
                if (!pinned || attempt == PINNED_ATTEMPTS) {
                    throw e;
                }
            }
        }
        try {
            deployment.deploy(appMap, updated);
        } catch (UnavailableException e) {
            published(topic, updated, author, message, e.getMessage());
            throw withNote(
                    e,
                    " Revision " + updated.version() + " is stored and not applied: its state says so"
                            + " until it is; run reconcile (or any action) once the cluster answers.");
        } catch (RuntimeException e) {
            throw withNote(e, setBack(appMap, before, updated));
        }
        published(topic, updated, author, message, null);
        rollouts.watch(appMap, updated, author);
        return updated;
    }

    /** Discards a refused revision and applies the one before again; says what came of it. */
    private String setBack(AppMap appMap, Server before, Server refused) {
        try {
            if (!store.discardRevision(before, refused.version())) {
                return " Revision " + refused.version() + " was kept: the server changed again meanwhile.";
            }
            deployment.deploy(appMap, before);
            return " Revision " + refused.version() + " was discarded: the server is at revision " + before.version()
                    + " again.";
        } catch (RuntimeException again) {
            return " Setting the server back to revision " + before.version() + " failed too (" + again.getMessage()
                    + "): update it again.";
        }
    }

    /**
     * Removes the server from its cluster (refused while it runs, unless {@code stop}), then deletes its row; an
     * unreachable cluster keeps both.
     */
    @Override
    public void delete(
            String service,
            String appmap,
            String name,
            long expectedVersion,
            boolean stop,
            boolean volumes,
            String actor) {
        String what = What.server(service, appmap, name);
        Server current = store.findServer(service, appmap, name).orElseThrow(() -> new NotFoundException(what));
        if (expectedVersion != HierarchyStore.ANY_VERSION && current.version() != expectedVersion) {
            throw new StaleVersionException(what, expectedVersion, current.version());
        }
        try {
            deployment.undeploy(appMap(service, appmap), current, stop, volumes);
        } catch (UnavailableException e) {
            throw withNote(e, " The server is kept in the store: delete it again once the cluster answers.");
        }
        store.deleteServer(service, appmap, name, expectedVersion);
        published(Topics.SERVER_DELETED, current, actor, null, null);
    }

    /**
     * Publishes a stored write. {@code unapplied}: why the revision is stored and not applied (the cluster did not
     * answer), else null.
     */
    private void published(String topic, Server server, String actor, String message, String unapplied) {
        events.publish(DomainEvent.builder(topic)
                .server(server.service(), server.appmap(), server.name())
                .kind(server.definition().kind())
                .revision(server.version())
                .actor(actor)
                .cause(unapplied != null ? unapplied : message)
                .build());
    }

    private AppMap appMap(String service, String appmap) {
        return store.findAppMap(service, appmap).orElseThrow(() -> new NotFoundException(What.appMap(service, appmap)));
    }

    /**
     * Every problem of the definition at once: its core fields' and its sections', each checked by the running
     * contributor that owns it (a section none owns is a 503). Answers the appmap of the server, which the write then
     * applies on: an appmap never moves to another cluster or namespace, so it is read once.
     */
    private AppMap validated(String service, String appmap, ServerDefinition definition) {
        if (definition == null) {
            throw new ValidationException("definition", "is required: give the server's definition");
        }
        List<FieldError> errors = new ArrayList<>(HierarchyValidator.validate(definition));
        Optional<AppMap> appMap = store.findAppMap(service, appmap);
        if (appMap.isEmpty()) {
            ValidationException.throwIfAny(errors);
            throw new NotFoundException(What.appMap(service, appmap));
        }
        errors.addAll(deployment.validateSections(appMap.get(), definition));
        ValidationException.throwIfAny(errors);
        return appMap.get();
    }
}
