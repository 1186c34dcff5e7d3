/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A rollout as Server-Sent Events: a progress event per change the informers report, then how it ended. */
class RolloutsTest {

    private static ServerStatus status(ServerState state, String message, String drift) {
        return ServerStatus.of(state, message).withRevisions(2L, 2L, drift);
    }

    @Test
    void aRolloutEndsWhenSettledInSyncOrFailed() {
        assertEquals("done", Rollouts.ending(status(ServerState.RUNNING, "2 of 2 pods ready", null)));
        assertEquals("done", Rollouts.ending(status(ServerState.COMPLETED, "completed", null)));
        assertEquals("failed", Rollouts.ending(status(ServerState.FAILED, "the rollout stalled", null)));
        assertNull(Rollouts.ending(status(ServerState.UPDATING, "updated 1 of 2", null)));
        assertNull(
                Rollouts.ending(status(ServerState.RUNNING, "2 of 2 pods ready", "the cluster runs revision 1")),
                "running an older revision is not done");
    }

    /** Informer news as a test fires it: a listener while subscribed, and whether it was closed. */
    private static final class FakeChanges implements Rollouts.Changes {
        private volatile Runnable listener;
        private volatile boolean closed;

        @Override
        public ClusterConnection.Subscription subscribe(Runnable changed) {
            listener = changed;
            return () -> closed = true;
        }

        void fire() {
            Runnable l = listener;
            if (l != null && !closed) {
                l.run();
            }
        }
    }

    /** The events a rollout sends, as "name state: message". */
    private static List<String> follow(Supplier<ServerStatus> status, Rollouts.Changes changes, int timeoutSeconds) {
        List<String> events = new CopyOnWriteArrayList<>();
        Rollouts.follow(
                status,
                changes,
                timeoutSeconds,
                (name, now) -> events.add(name + " " + now.state() + ": " + now.message()));
        return events;
    }

    @Test
    void eachChangeIsSentOnceThenTheEnd() throws Exception {
        ArrayDeque<ServerStatus> states = new ArrayDeque<>(List.of(
                status(ServerState.DEPLOYING, "updated 0 of 2", null),
                status(ServerState.DEPLOYING, "updated 0 of 2", null),
                status(ServerState.DEPLOYING, "updated 2, ready 1 of 2", null),
                status(ServerState.RUNNING, "2 of 2 pods ready", null)));
        Semaphore reads = new Semaphore(0);
        FakeChanges changes = new FakeChanges();
        Supplier<ServerStatus> caches = () -> {
            ServerStatus now = states.size() > 1 ? states.poll() : states.peek();
            reads.release();
            return now;
        };
        // The informers report a change after each read: the follower reads the caches again for each one.
        Thread informer = new Thread(() -> {
            try {
                while (reads.tryAcquire(5, TimeUnit.SECONDS)) {
                    Thread.sleep(20);
                    changes.fire();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        informer.start();

        List<String> events = follow(caches, changes, 30);
        informer.interrupt();

        assertEquals(
                List.of(
                        "progress DEPLOYING: updated 0 of 2",
                        "progress DEPLOYING: updated 2, ready 1 of 2",
                        "progress RUNNING: 2 of 2 pods ready",
                        "done RUNNING: 2 of 2 pods ready"),
                events);
        assertTrue(changes.closed, "the listener is removed once the rollout ended");
    }

    @Test
    void withoutNewsFromTheInformersTheCachesAreNotReadAgainUntilTheTimeout() {
        AtomicInteger reads = new AtomicInteger();

        List<String> events = follow(
                () -> {
                    reads.incrementAndGet();
                    return status(ServerState.UPDATING, "updated 1 of 2", null);
                },
                new FakeChanges(),
                2);

        assertEquals(2, reads.get(), "read once at the start and once at the timeout, never polled: " + events);
    }

    @Test
    void aRolloutThatDoesNotSettleEndsWithATimeout() {
        FakeChanges changes = new FakeChanges();
        List<String> events = follow(() -> status(ServerState.UPDATING, "updated 1 of 2", null), changes, 1);

        String last = events.get(events.size() - 1);
        assertTrue(last.startsWith("timeout UPDATING: still UPDATING after 1 seconds"), last);
        assertTrue(changes.closed);
    }

    @Test
    void aClientThatLeftEndsTheRollout() {
        List<String> events = new java.util.ArrayList<>();
        FakeChanges changes = new FakeChanges();
        Rollouts.follow(() -> status(ServerState.UPDATING, "updated 1 of 2", null), changes, 30, (name, now) -> {
            events.add(name);
            return false;
        });

        assertEquals(List.of("progress"), events);
        assertTrue(changes.closed);
    }

    @Test
    void aFollowSteppedByNewsEndsOnceAndSaysHow() {
        List<String> events = new java.util.ArrayList<>();
        ArrayDeque<ServerStatus> states = new ArrayDeque<>(List.of(
                status(ServerState.UPDATING, "updated 1 of 2", null),
                status(ServerState.FAILED, "the rollout stalled", null)));
        Rollouts.Follow follow = new Rollouts.Follow(
                () -> states.size() > 1 ? states.poll() : states.peek(), 30, (name, now) -> events.add(name));

        assertFalse(follow.step());
        assertNull(follow.ending());
        assertTrue(follow.step());
        assertTrue(follow.step(), "a step after the end sends nothing more");

        assertEquals("failed", follow.ending());
        assertEquals(List.of("progress", "progress", "failed"), events);
    }

    @Test
    void theTimeoutIsOneSecondToAnHour() {
        assertEquals(600, Rollouts.timeout(null));
        assertEquals(30, Rollouts.timeout("30"));
        ValidationException e = assertThrows(ValidationException.class, () -> Rollouts.timeout("0"));
        assertEquals("timeout", e.errors().get(0).field());
        assertThrows(ValidationException.class, () -> Rollouts.timeout("soon"));
        assertThrows(ValidationException.class, () -> Rollouts.timeout("3601"));
    }
}
