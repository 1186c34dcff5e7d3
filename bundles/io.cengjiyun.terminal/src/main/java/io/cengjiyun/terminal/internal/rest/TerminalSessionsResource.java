/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal.rest;

import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Caller;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.terminal.TerminalSessionView;
import io.cengjiyun.terminal.TerminalSettings;
import io.cengjiyun.terminal.internal.Sessions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * A service's terminal sessions as audited (service administrators), their transcripts (asciicast v2, to replay with
 * asciinema or the console), ending an open one, and the service's terminal settings.
 */
@Component(service = TerminalSessionsResource.class)
@JakartarsResource
@Path("services/{service}/terminal")
public class TerminalSessionsResource {
    static final String ASCIICAST = "application/x-asciicast";
    private final Sessions admin;
    private final HierarchyStore store;

    @Activate
    public TerminalSessionsResource(@Reference Sessions admin, @Reference HierarchyStore store) {
        this.admin = admin;
        this.store = store;
    }

    @GET
    @Path("sessions")
    @Produces(MediaType.APPLICATION_JSON)
    @Allow(Right.SERVICE_ADMIN)
    public List<TerminalSessionView> sessions(
            @PathParam("service") String service,
            @QueryParam("open") boolean openOnly,
            @QueryParam("limit") String limit) {
        requireService(service);
        return admin.list(service, openOnly, LogStreams.limit(limit, 100, 1000));
    }

    @GET
    @Path("sessions/{id}/transcript")
    @Produces({ASCIICAST, MediaType.TEXT_PLAIN})
    @Allow(Right.SERVICE_ADMIN)
    public Response transcript(@PathParam("service") String service, @PathParam("id") String id) {
        requireService(service);
        return Response.ok(admin.transcript(service, id), ASCIICAST)
                .header("Content-Disposition", "attachment; filename=\"terminal-" + id + ".cast\"")
                .build();
    }

    @DELETE
    @Path("sessions/{id}")
    @Allow(Right.SERVICE_ADMIN)
    public Response end(
            @PathParam("service") String service, @PathParam("id") String id, @Context SecurityContext security) {
        requireService(service);
        admin.close(service, id, Caller.of(security.getUserPrincipal()).name());
        return Response.noContent().build();
    }

    @GET
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    @Allow(Right.VIEWER)
    public TerminalSettings settings(@PathParam("service") String service) {
        requireService(service);
        return new TerminalSettings(admin.recordsTranscripts(service));
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Allow(Right.SERVICE_ADMIN)
    public TerminalSettings setSettings(
            @PathParam("service") String service, TerminalSettings settings, @Context SecurityContext security) {
        requireService(service);
        if (settings == null || settings.recordTranscripts() == null) {
            throw new ValidationException(
                    "recordTranscripts", "is missing: give true to keep each session's transcript, false not to");
        }
        admin.setRecordTranscripts(
                service,
                settings.recordTranscripts(),
                Caller.of(security.getUserPrincipal()).name());
        return new TerminalSettings(admin.recordsTranscripts(service));
    }

    private void requireService(String service) {
        if (store.findService(service).isEmpty()) {
            throw new NotFoundException("service '" + service + "'");
        }
    }
}
