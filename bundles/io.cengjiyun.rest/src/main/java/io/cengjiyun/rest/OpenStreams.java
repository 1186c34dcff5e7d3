/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest;

import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Server-Sent Event streams this runtime has open (rollouts, events, logs, builds followed). When the runtime
 * begins to stop (the launcher's drain, after SIGTERM), each gets a last event {@value #RECONNECT} with a retry of
 * {@value #RETRY_MILLIS} ms and is closed: its client (an {@code EventSource} reconnects by itself) comes back through
 * the Service to a replica that stays, instead of waiting on a connection that will be cut.
 */
@ProviderType
public interface OpenStreams {
    /** The name of the last event of a stream the runtime ends because it stops. */
    String RECONNECT = "reconnect";

    /** The reconnect delay the last event asks for. */
    long RETRY_MILLIS = 1000;

    /** A stream tracked until it is closed (try-with-resources around the stream's work). */
    interface Tracked extends AutoCloseable {
        @Override
        void close();
    }

    /** Tracks an open stream; one opened while the runtime stops is ended at once with the hint. */
    Tracked track(SseEventSink sink, Sse sse);
}
