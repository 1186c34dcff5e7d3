/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.Topics;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rollout followers of deleted servers go with them (issue 18's soak: a server deleted mid-rollout was followed
 * until the timeout, its state read at every keep-alive, then a failure published for a server that was gone).
 */
class RolloutEventsTest {
    private static final int N = 200;

    private final List<DomainEvent> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger subscribed = new AtomicInteger();
    private final ServerRuntime runtime = fake(ServerRuntime.class, (name, args) -> switch (name) {
        case "status" -> ServerStatus.of(ServerState.UPDATING, "0 of 1 pods ready"); // never settles
        default -> throw new UnsupportedOperationException(name);
    });
    private final ClusterConnection connection = fake(ClusterConnection.class, (name, args) -> switch (name) {
        case "onChange" -> {
            subscribed.incrementAndGet();
            yield (ClusterConnection.Subscription) subscribed::decrementAndGet;
        }
        default -> throw new UnsupportedOperationException(name);
    });
    private final ClusterRegistry clusters =
            fake(ClusterRegistry.class, (name, args) -> "connection".equals(name) ? connection : null);
    private final RolloutEvents rollouts = new RolloutEvents(runtime, clusters, published::add);
    private final AppMap dev = MockCluster.appMap();

    @AfterEach
    void close() {
        rollouts.close();
    }

    @Test
    void deletedServersAreFollowedNoMore() {
        for (int i = 0; i < N; i++) {
            rollouts.watch(dev, server("srv-" + i), "ana");
        }
        await(rollouts::following, N);
        for (int i = 0; i < N; i++) {
            rollouts.handleEvent(deleted(Topics.SERVER_DELETED, "srv-" + i, Instant.now()));
        }
        await(rollouts::following, 0);
        await(subscribed::get, 0);
        assertTrue(published.isEmpty(), "published for deleted servers: " + published);
    }

    @Test
    void anAppmapDeletedWithItsServersTakesTheirFollowersAlong() {
        for (int i = 0; i < N; i++) {
            rollouts.watch(dev, server("srv-" + i), "ana");
        }
        await(rollouts::following, N);
        rollouts.handleEvent(deleted(Topics.APPMAP_DELETED, null, Instant.now()));
        await(rollouts::following, 0);
        assertEquals(0, subscribed.get());
    }

    @Test
    void aLateEventDoesNotStopTheRolloutOfAServerMadeAgainSince() throws InterruptedException {
        Instant deletedAt = Instant.now().minusSeconds(5);
        rollouts.watch(dev, server("web"), "ana");
        await(rollouts::following, 1);
        rollouts.handleEvent(deleted(Topics.SERVER_DELETED, "web", deletedAt));
        Thread.sleep(200);
        assertEquals(1, rollouts.following());
    }

    private static Server server(String name) {
        return new Server(
                "shop",
                "dev",
                name,
                1,
                Definitions.definition("{'name': '" + name + "', 'kind': 'Deployment', 'replicas': 1,"
                        + " 'containers': [{'name': 'main', 'image': 'busybox'}]}"),
                Instant.now(),
                Instant.now(),
                "ana");
    }

    private static org.osgi.service.event.Event deleted(String topic, String server, Instant at) {
        DomainEvent.Builder b = DomainEvent.builder(topic).actor("ana").timestamp(at);
        if (server != null) {
            b.server("shop", "dev", server);
        } else {
            b.appmap("shop", "dev");
        }
        return b.build().toEvent();
    }

    private static void await(IntSupplier value, int expected) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (value.getAsInt() != expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertEquals(expected, value.getAsInt());
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
}
