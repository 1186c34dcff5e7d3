/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import io.cengjiyun.api.Stopping;
import io.cengjiyun.rest.OpenStreams;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link OpenStreams}: ends every tracked stream with the reconnect hint when the launcher says it stops. */
@Component(service = OpenStreams.class)
public class StreamsOnStop implements OpenStreams {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsOnStop.class);

    private final Set<Open> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    private record Open(SseEventSink sink, Sse sse) {}

    /** Registered by the launcher when the runtime begins to stop. */
    @Reference(
            service = BooleanSupplier.class,
            target = Stopping.TARGET,
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    void stopping(BooleanSupplier signal) {
        stopping = true;
        int ended = 0;
        for (Open o : open) {
            if (end(o)) {
                ended++;
            }
        }
        open.clear();
        if (ended > 0) {
            LOG.info("The runtime stops: {} open event stream(s) ended with a reconnect hint", ended);
        }
    }

    void unstopping(BooleanSupplier signal) {
        stopping = false; // a stop called off (tests); the launcher's own is never unregistered before the end
    }

    @Override
    public Tracked track(SseEventSink sink, Sse sse) {
        Open o = new Open(sink, sse);
        if (stopping) {
            end(o);
            return () -> {};
        }
        open.add(o);
        if (stopping) { // the stop began between the check and the add
            open.remove(o);
            end(o);
        }
        return () -> open.remove(o);
    }

    private static boolean end(Open o) {
        if (o.sink().isClosed()) {
            return false;
        }
        try {
            o.sink()
                    .send(o.sse()
                            .newEventBuilder()
                            .name(RECONNECT)
                            .reconnectDelay(RETRY_MILLIS)
                            .mediaType(MediaType.TEXT_PLAIN_TYPE)
                            .data(String.class, "this replica of the platform is stopping: reconnect")
                            .build())
                    .toCompletableFuture()
                    .get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // the client left meanwhile, or is too slow to read: closing is all that is left
        }
        try {
            o.sink().close();
        } catch (RuntimeException e) {
            LOG.debug("Closing an event stream: {}", e.toString());
        }
        return true;
    }
}
