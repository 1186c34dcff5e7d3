package io.cengjiyun.lifecycle.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

    @Test
    void theStreamSendsEachChangeOnceThenTheEnd() throws Exception {
        ArrayDeque<ServerStatus> states = new ArrayDeque<>(List.of(
                status(ServerState.DEPLOYING, "updated 0 of 2", null),
                status(ServerState.DEPLOYING, "updated 0 of 2", null),
                status(ServerState.DEPLOYING, "updated 2, ready 1 of 2", null),
                status(ServerState.RUNNING, "2 of 2 pods ready", null)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Rollouts.stream(() -> states.size() > 1 ? states.poll() : states.peek(), 30).write(out);

        String text = out.toString(StandardCharsets.UTF_8);
        List<String> events = text.lines().filter(l -> l.startsWith("event: ")).toList();
        assertEquals(List.of("event: progress", "event: progress", "event: progress", "event: done"), events);
        assertTrue(text.contains("data: {\"state\":\"RUNNING\",\"message\":\"2 of 2 pods ready\""), text);
    }

    @Test
    void aStreamThatDoesNotSettleEndsWithATimeout() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Rollouts.stream(() -> status(ServerState.UPDATING, "updated 1 of 2", null), 1).write(out);

        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("event: timeout\ndata: {\"state\":\"UPDATING\",\"message\":\"still UPDATING after 1 seconds"),
                text);
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
