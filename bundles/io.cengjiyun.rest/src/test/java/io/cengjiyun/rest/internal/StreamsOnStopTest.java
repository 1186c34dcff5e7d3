/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.rest.OpenStreams;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.glassfish.jersey.media.sse.OutboundEvent;
import org.junit.jupiter.api.Test;

/** The open event streams end with a reconnect hint when the runtime begins to stop (Jersey's own events). */
class StreamsOnStopTest {
    private static final Sse SSE = new Sse() {
        @Override
        public OutboundSseEvent.Builder newEventBuilder() {
            return new OutboundEvent.Builder();
        }

        @Override
        public SseBroadcaster newBroadcaster() {
            throw new UnsupportedOperationException();
        }
    };

    /** A client's stream: what it was sent, and whether it is closed. */
    private static final class Sink implements SseEventSink {
        final List<OutboundSseEvent> sent = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("closed"));
            }
            sent.add(event);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void everyOpenStreamEndsWithAReconnectHintWhenTheRuntimeStops() {
        StreamsOnStop streams = new StreamsOnStop();
        Sink following = new Sink();
        Sink left = new Sink();
        Sink ended = new Sink();
        streams.track(following, SSE);
        streams.track(left, SSE);
        left.close(); // the client went away by itself
        OpenStreams.Tracked done = streams.track(ended, SSE);
        done.close(); // its work ended before the stop: no longer tracked

        streams.stopping(() -> true);

        assertEquals(1, following.sent.size(), "one last event");
        OutboundSseEvent hint = following.sent.get(0);
        assertEquals(OpenStreams.RECONNECT, hint.getName());
        assertEquals(OpenStreams.RETRY_MILLIS, hint.getReconnectDelay());
        assertTrue(
                hint.getData().toString().contains("reconnect"), hint.getData().toString());
        assertTrue(following.closed, "closed after the hint");
        assertTrue(left.sent.isEmpty(), "nothing sent to a stream its client closed");
        assertTrue(ended.sent.isEmpty(), "nothing sent to a stream no longer tracked");
        assertFalse(ended.closed, "a stream no longer tracked is its resource's to close");

        // a stream opened while the runtime stops ends at once
        Sink late = new Sink();
        streams.track(late, SSE);
        assertEquals(OpenStreams.RECONNECT, late.sent.get(0).getName());
        assertTrue(late.closed);
    }
}
