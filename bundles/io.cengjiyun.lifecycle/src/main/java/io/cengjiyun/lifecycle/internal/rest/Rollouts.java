package io.cengjiyun.lifecycle.internal.rest;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import java.util.function.Supplier;

/** A rollout followed as Server-Sent Events, from the informer caches, until it settles, fails or times out. */
public final class Rollouts {
    static final String EVENT_STREAM = "text/event-stream";
    static final int DEFAULT_TIMEOUT = 600;
    private static final long POLL_MILLIS = 250;
    private static final long KEEPALIVE_MILLIS = 15_000;

    private Rollouts() {
    }

    static int timeout(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 1 && seconds <= 3600) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ValidationException("timeout", "'" + value + "' is not a number of seconds from 1 to 3600");
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

    /** Follows a rollout until it ends, sending a progress event per change, then done, failed or timeout. */
    public static void follow(Supplier<ServerStatus> status, int timeoutSeconds, Events events) {
        long end = System.currentTimeMillis() + timeoutSeconds * 1000L;
        long lastSent = 0;
        ServerStatus last = null;
        while (true) {
            ServerStatus now = status.get();
            long time = System.currentTimeMillis();
            if (!now.equals(last)) {
                if (!events.send("progress", now)) {
                    return;
                }
                last = now;
                lastSent = time;
            } else if (time - lastSent > KEEPALIVE_MILLIS) {
                if (!events.send(null, now)) {
                    return;
                }
                lastSent = time;
            }
            String ending = ending(now);
            if (ending != null) {
                events.send(ending, now);
                return;
            }
            if (time > end) {
                events.send("timeout", now.with(now.state(), "still " + now.state() + " after " + timeoutSeconds
                        + " seconds: " + now.message()));
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
