/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal.rest;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.inspection.EventView;
import io.cengjiyun.inspection.internal.Inspections;
import io.cengjiyun.rest.OpenStreams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The events of a server's objects, merged newest first and de-duplicated; or followed live as Server-Sent Events
 * (each new or changed entry as an {@code event}, a comment every 15 s to keep the connection, until {@code timeout}).
 */
@Component(service = EventsResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/servers/{server}/events")
public class EventsResource {
    static final long KEEPALIVE_MILLIS = 15_000;
    /** Seconds a follow lasts when {@code timeout} is left out. */
    static final long DEFAULT_TIMEOUT = 600;
    /** The longest follow, in seconds. */
    static final long MAX_TIMEOUT = 3600;

    private final Inspections inspections;

    /** Ends the open stream with a reconnect hint when the runtime begins to stop. */
    @Reference
    OpenStreams streams;

    @Activate
    public EventsResource(@Reference Inspections inspections) {
        this.inspections = inspections;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Allow(Right.VIEWER)
    @Operation(
            id = "listServerEvents",
            summary = "List the events of a server's objects",
            description = "The Kubernetes events of all the server's objects (controller, pods, Services, claims,"
                    + " autoscaler) merged newest first and de-duplicated: the same object, type, reason and"
                    + " message is one entry with its count and when it was first and last seen. Read from the"
                    + " informer caches. With `Accept: text/event-stream` the same path follows them live"
                    + " (followServerEvents).")
    @Answer(type = EventView.class, list = true, description = "The events, newest first")
    public Response list(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server) {
        return Response.ok(new GenericEntity<List<EventView>>(inspections.events(service, appmap, server)) {})
                .build();
    }

    /** Sends the current entries oldest first, then each new or changed one as the cluster reports it. */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Allow(Right.VIEWER)
    @Operation(
            id = "followServerEvents",
            summary = "Follow the events of a server's objects",
            description = "Server-Sent Events (`Accept: text/event-stream`): the server's current events oldest first,"
                    + " then each new or changed one as the cluster reports it, each as an event named `event` whose"
                    + " data is the entry as JSON (an EventView); a comment every 15 s keeps the connection. The"
                    + " stream ends after `timeout` seconds or when the client leaves (or, with an event `reconnect` asking for a retry in 1 s, when the replica"
                    + " serving it stops: follow again); an unknown server is answered"
                    + " 404 before it starts.")
    @Answer(
            type = EventView.class,
            mediaTypes = {MediaType.SERVER_SENT_EVENTS},
            description = "A stream of `event` events, each an EventView as JSON")
    @Fails({406, 422})
    public void follow(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @QueryParam("timeout")
                    @Doc(
                            value = "How long to follow, in seconds: 1 to " + MAX_TIMEOUT + " (default "
                                    + DEFAULT_TIMEOUT + ")",
                            type = "integer",
                            minimum = 1,
                            maximum = MAX_TIMEOUT,
                            example = "300",
                            defaultValue = "" + DEFAULT_TIMEOUT)
                    String timeout,
            @Context SseEventSink sink,
            @Context Sse sse) {
        long seconds = timeout(timeout);
        inspections.events(service, appmap, server); // 404 before the stream starts
        try (SseEventSink events = sink;
                OpenStreams.Tracked tracked = streams.track(sink, sse)) {
            inspections.follow(
                    service,
                    appmap,
                    server,
                    seconds,
                    KEEPALIVE_MILLIS,
                    e -> {
                        if (events.isClosed()) {
                            return false;
                        }
                        events.send(sse.newEventBuilder()
                                .name("event")
                                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                                .data(EventView.class, e)
                                .build());
                        return true;
                    },
                    () -> {
                        if (events.isClosed()) {
                            return false;
                        }
                        events.send(sse.newEventBuilder().comment("waiting").build());
                        return true;
                    });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long timeout(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 1 && seconds <= MAX_TIMEOUT) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ValidationException("timeout", "'" + value + "' is not a number of seconds from 1 to " + MAX_TIMEOUT);
    }
}
