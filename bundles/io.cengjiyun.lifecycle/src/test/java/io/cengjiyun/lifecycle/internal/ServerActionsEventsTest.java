/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerDeployment;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.DomainEvents;
import io.cengjiyun.api.event.Topics;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import io.cengjiyun.lifecycle.internal.manage.ServersManager;
import io.cengjiyun.lifecycle.internal.manage.ServersManagers;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each lifecycle action that succeeded is published once, with who asked and what the server is at. */
class ServerActionsEventsTest {
    private static final AppMap DEV = AppMap.of("shop", "dev", "local", null, null, null);
    private static final ServerDefinition WEB = Definitions.definition("""
            {'name': 'web', 'kind': 'Deployment', 'replicas': 2, 'containers': [{'name': 'web', 'image': 'busybox:1'}]}""");

    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private volatile Server stored = new Server("shop", "dev", "web", 4, WEB, Instant.now(), Instant.now(), "alice");
    private volatile ServerStatus observed = ServerStatus.of(ServerState.RUNNING, "2 of 2 pods ready");
    private final ServerRuntime runtime = fake(ServerRuntime.class, (name, args) -> switch (name) {
        case "stop" -> ServerStatus.of(ServerState.STOPPING, "scaling to 0");
        case "reconcile" -> ServerStatus.of(ServerState.UPDATING, "applied revision 4 again");
        case "status" -> observed;
        case "stopped" -> false;
        default -> throw new UnsupportedOperationException(name);
    });
    private final HierarchyStore store = fake(HierarchyStore.class, (name, args) -> switch (name) {
        case "findAppMap" -> Optional.of(DEV);
        case "findServer" -> Optional.of(stored);
        case "updateServer" ->
            stored = new Server(
                    "shop",
                    "dev",
                    "web",
                    stored.version() + 1,
                    (ServerDefinition) args[2],
                    Instant.now(),
                    Instant.now(),
                    (String) args[4]);
        default -> throw new UnsupportedOperationException(name);
    });
    private final ClusterRegistry clusters = fake(ClusterRegistry.class, (name, args) -> {
        throw new UnsupportedOperationException("no cluster in this test");
    });
    private final DomainEvents recorder = events::add;
    private final RolloutEvents rollouts = new RolloutEvents(runtime, clusters, recorder);
    private final ServerDeployment deployment =
            fake(ServerDeployment.class, (name, args) -> "validateSections".equals(name) ? List.of() : null);
    private final ServersManager servers = ServersManagers.of(store, deployment, recorder, rollouts);
    private final ServerActions actions = new ServerActions(store, runtime, servers, clusters, recorder, rollouts);

    @AfterEach
    void stopFollowing() {
        rollouts.close();
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                (proxy, method, args) -> method.getDeclaringClass() == Object.class
                        ? method.invoke(answer, args)
                        : answer.answer(method.getName(), args));
    }

    @Test
    void aStopIsPublishedWithItsActorRevisionAndStateAfter() {
        actions.stop("shop", "dev", "web", "bob");

        DomainEvent e = events.get(0);
        assertEquals(Topics.SERVER_STOPPED, e.topic());
        assertEquals(
                List.of("shop", "dev", "web", "Deployment"), List.of(e.service(), e.appmap(), e.server(), e.kind()));
        assertEquals("bob", e.actor());
        assertEquals(4L, e.revision());
        assertEquals("STOPPING", e.state());
        assertEquals(1, events.size());
    }

    @Test
    void aScaleIsPublishedWithTheNewRevisionAndWhatChanged() {
        actions.scale("shop", "dev", "web", 3, HierarchyStore.ANY_VERSION, "carol");

        DomainEvent e = events.get(0);
        assertEquals(Topics.SERVER_SCALED, e.topic());
        assertEquals(5L, e.revision());
        assertEquals("carol", e.actor());
        assertEquals("scaled to 3", e.cause());
    }

    @Test
    void aReconcileThatFoundDriftPublishesTheDriftThenTheRepair() {
        observed = ServerStatus.of(ServerState.RUNNING, "2 of 2 pods ready")
                .withRevisions(4L, 3L, "the cluster runs revision 3");

        actions.reconcile("shop", "dev", "web", "dave");

        assertEquals(
                List.of(Topics.SERVER_DRIFT_FOUND, Topics.SERVER_RECONCILED),
                events.stream().map(DomainEvent::topic).toList());
        assertEquals("the cluster runs revision 3", events.get(0).cause());
        assertEquals("UPDATING", events.get(1).state());
        assertEquals("the cluster runs revision 3", events.get(1).cause());
    }

    @Test
    void aReconcileWithoutDriftIsPublishedWithoutACause() {
        actions.reconcile("shop", "dev", "web", "dave");

        assertEquals(1, events.size());
        assertEquals(Topics.SERVER_RECONCILED, events.get(0).topic());
        assertNull(events.get(0).cause());
    }

    @Test
    void aRefusedActionPublishesNothing() {
        assertThrows(
                ValidationException.class,
                () -> actions.scale("shop", "dev", "web", -1, HierarchyStore.ANY_VERSION, "carol"));

        assertEquals(List.of(), events);
    }
}
