/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal.rest;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.inspection.EventView;
import io.cengjiyun.inspection.internal.Inspections;
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
    private final Inspections inspections;

    @Activate
    public EventsResource(@Reference Inspections inspections) {
        this.inspections = inspections;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Allow(Right.VIEWER)
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
    public void follow(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @QueryParam("timeout") String timeout,
            @Context SseEventSink sink,
            @Context Sse sse) {
        long seconds = timeout(timeout);
        inspections.events(service, appmap, server); // 404 before the stream starts
        try (SseEventSink events = sink) {
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
            return 600;
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 1 && seconds <= 3600) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ValidationException("timeout", "'" + value + "' is not a number of seconds from 1 to 3600");
    }
}
