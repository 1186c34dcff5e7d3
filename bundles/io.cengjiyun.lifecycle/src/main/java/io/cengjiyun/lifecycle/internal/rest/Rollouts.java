/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.rest;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import java.util.function.Supplier;

/**
 * A rollout followed as Server-Sent Events, from the informer caches, until it settles, fails or times out. The
 * caches are read again when the informers report a change of the server's objects, not on a timer; the only
 * timed wake-ups are the keep-alive (which also catches a deadline that passes without any change) and the timeout.
 */
public final class Rollouts {
    static final String EVENT_STREAM = "text/event-stream";
    static final int DEFAULT_TIMEOUT = 600;
    /** The longest a follower may wait, in seconds (the shortest is 1). */
    static final int MAX_TIMEOUT = 3600;

    static final long KEEPALIVE_MILLIS = 15_000;

    private Rollouts() {}

    static int timeout(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 1 && seconds <= MAX_TIMEOUT) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ValidationException("timeout", "'" + value + "' is not a number of seconds from 1 to " + MAX_TIMEOUT);
    }

    /**
     * The name of the event that ends a rollout in this state, or null while it goes on: a server is done when it
     * settled in sync with its stored revision.
     */
    static String ending(ServerStatus status) {
        if (status.state() == ServerState.FAILED || status.state() == ServerState.ERROR) {
            return "failed";
        }
        if (status.settled() && status.drift() == null) {
            return "done";
        }
        return null;
    }

    /** Where a rollout's events go: an event name and its state (a null name: a keep-alive); false when gone. */
    public interface Events {
        boolean send(String name, ServerStatus status);
    }

    /**
     * Where the news that the server's objects changed comes from, e.g. {@link ClusterConnection#onChange} filtered to
     * the server. The listener must be called for every change after subscribe returns; it may be called on any thread.
     */
    @FunctionalInterface
    public interface Changes {
        ClusterConnection.Subscription subscribe(Runnable changed);
    }

    /**
     * Follows a rollout until it ends, sending a progress event per change, then done, failed or timeout. Blocks
     * the calling thread, which waits for a change between two reads of the state (or for the keep-alive or the end).
     */
    public static void follow(Supplier<ServerStatus> status, Changes changes, int timeoutSeconds, Events events) {
        Follow follow = new Follow(status, timeoutSeconds, events);
        Object signal = new Object();
        boolean[] changed = {false};
        try (ClusterConnection.Subscription subscription = changes.subscribe(() -> {
            synchronized (signal) {
                changed[0] = true;
                signal.notifyAll();
            }
        })) {
            while (!follow.step()) {
                synchronized (signal) {
                    long wait;
                    while (!changed[0] && (wait = follow.nextWakeUp() - System.currentTimeMillis()) > 0) {
                        signal.wait(wait);
                    }
                    changed[0] = false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One rollout being followed: {@link #step} reads the state and sends what is due; call it when the server's
     * objects changed, and at {@link #nextWakeUp} at the latest. Safe to call from several threads.
     */
    public static final class Follow {
        private final Supplier<ServerStatus> status;
        private final int timeoutSeconds;
        private final Events events;
        private final long end;
        private long lastSent;
        private ServerStatus last;
        private String ending;
        private boolean over;

        public Follow(Supplier<ServerStatus> status, int timeoutSeconds, Events events) {
            this.status = status;
            this.timeoutSeconds = timeoutSeconds;
            this.events = events;
            this.lastSent = System.currentTimeMillis();
            this.end = lastSent + timeoutSeconds * 1000L;
        }

        /** Reads the state and sends a progress event if it changed, a keep-alive if due, or the end; true once over. */
        public synchronized boolean step() {
            if (over) {
                return true;
            }
            ServerStatus now = status.get();
            long time = System.currentTimeMillis();
            if (!now.equals(last)) {
                if (!events.send("progress", now)) {
                    return over = true;
                }
                last = now;
                lastSent = time;
            } else if (time - lastSent >= KEEPALIVE_MILLIS) {
                if (!events.send(null, now)) {
                    return over = true;
                }
                lastSent = time;
            }
            String end = Rollouts.ending(now);
            if (end != null) {
                events.send(end, now);
                ending = end;
                return over = true;
            }
            if (time >= this.end) {
                events.send(
                        "timeout",
                        now.with(
                                now.state(),
                                "still " + now.state() + " after " + timeoutSeconds + " seconds: " + now.message()));
                ending = "timeout";
                return over = true;
            }
            return false;
        }

        /** When to step at the latest without a change: the next keep-alive, or the timeout. */
        public synchronized long nextWakeUp() {
            return Math.min(lastSent + KEEPALIVE_MILLIS, end);
        }

        /** How it ended (done, failed, timeout), or null while it goes on or when the listener left. */
        public synchronized String ending() {
            return ending;
        }
    }
}
