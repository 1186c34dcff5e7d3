package io.cengjiyun.lifecycle.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rollout as Server-Sent Events: a progress event per change, then how it ended. */
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
        assertNull(Rollouts.ending(status(ServerState.RUNNING, "2 of 2 pods ready", "the cluster runs revision 1")),
                "running an older revision is not done");
    }

    /** The events a rollout sends, as "name state: message". */
    private static List<String> follow(java.util.function.Supplier<ServerStatus> status, int timeoutSeconds) {
        List<String> events = new java.util.ArrayList<>();
        Rollouts.follow(status, timeoutSeconds, (name, now) -> events.add(name + " " + now.state() + ": " + now.message()));
        return events;
    }

    @Test
    void eachChangeIsSentOnceThenTheEnd() {
        ArrayDeque<ServerStatus> states = new ArrayDeque<>(List.of(
                status(ServerState.DEPLOYING, "updated 0 of 2", null),
                status(ServerState.DEPLOYING, "updated 0 of 2", null),
                status(ServerState.DEPLOYING, "updated 2, ready 1 of 2", null),
                status(ServerState.RUNNING, "2 of 2 pods ready", null)));

        List<String> events = follow(() -> states.size() > 1 ? states.poll() : states.peek(), 30);

        assertEquals(List.of("progress DEPLOYING: updated 0 of 2", "progress DEPLOYING: updated 2, ready 1 of 2",
                "progress RUNNING: 2 of 2 pods ready", "done RUNNING: 2 of 2 pods ready"), events);
    }

    @Test
    void aRolloutThatDoesNotSettleEndsWithATimeout() {
        List<String> events = follow(() -> status(ServerState.UPDATING, "updated 1 of 2", null), 1);

        String last = events.get(events.size() - 1);
        assertTrue(last.startsWith("timeout UPDATING: still UPDATING after 1 seconds"), last);
    }

    @Test
    void aClientThatLeftEndsTheRollout() {
        List<String> events = new java.util.ArrayList<>();
        Rollouts.follow(() -> status(ServerState.UPDATING, "updated 1 of 2", null), 30, (name, now) -> {
            events.add(name);
            return false;
        });

        assertEquals(List.of("progress"), events);
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
