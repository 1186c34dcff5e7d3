/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal.rest;

import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
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
    /** Sessions listed when {@code limit} is left out. */
    static final int DEFAULT_SESSIONS = 100;
    /** The most sessions one list answers. */
    static final int MAX_SESSIONS = 1000;

    private static final String ID = "The session's id (16 hex digits), as the list gives it";
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
    @Operation(
            id = "listTerminalSessions",
            summary = "List a service's terminal sessions",
            description = "The service's terminal sessions as audited, newest first: who opened a shell in which"
                    + " container, from where, when it started and ended, the bytes each way, why it ended and"
                    + " whether its transcript was kept. `open=true` lists only those still open.")
    @Answer(type = TerminalSessionView.class, list = true, description = "The sessions, newest first")
    @Fails({422})
    public List<TerminalSessionView> sessions(
            @PathParam("service") String service,
            @QueryParam("open") @Doc(value = "Only the sessions still open", defaultValue = "false") boolean openOnly,
            @QueryParam("limit")
                    @Doc(
                            value = "The most sessions answered, the newest: 1 to " + MAX_SESSIONS + "; default "
                                    + DEFAULT_SESSIONS,
                            type = "integer",
                            minimum = 1,
                            maximum = MAX_SESSIONS,
                            example = "20",
                            defaultValue = "" + DEFAULT_SESSIONS)
                    String limit) {
        requireService(service);
        return admin.list(service, openOnly, LogStreams.limit(limit, DEFAULT_SESSIONS, MAX_SESSIONS));
    }

    @GET
    @Path("sessions/{id}/transcript")
    @Produces({ASCIICAST, MediaType.TEXT_PLAIN})
    @Allow(Right.SERVICE_ADMIN)
    @Operation(
            id = "getTerminalTranscript",
            summary = "Download a terminal session's transcript",
            description = "What the session's terminal showed, as an asciicast v2 file to replay with asciinema or the"
                    + " console (as an attachment `terminal-<id>.cast`). Kept only when the service recorded"
                    + " transcripts while it ran (404 otherwise) and once it ended (409 while it is open).")
    @Answer(
            type = String.class,
            mediaTypes = {ASCIICAST},
            headers = {"Content-Disposition"},
            description = "The transcript (asciicast v2)")
    @Fails({406, 409})
    public Response transcript(
            @PathParam("service") String service,
            @PathParam("id") @Doc(value = ID, example = "3f9a0c1d2e4b5a69") String id) {
        requireService(service);
        return Response.ok(admin.transcript(service, id), ASCIICAST)
                .header("Content-Disposition", "attachment; filename=\"terminal-" + id + ".cast\"")
                .build();
    }

    @DELETE
    @Path("sessions/{id}")
    @Allow(Right.SERVICE_ADMIN)
    @Operation(
            id = "endTerminalSession",
            summary = "End an open terminal session",
            description = "Ends a session open on this runtime: its shell is ended and the session recorded as"
                    + " `ended by <you>`. 404 when no such session of the service is open here.")
    @Answer(status = 204, description = "The session ended")
    public Response end(
            @PathParam("service") String service,
            @PathParam("id") @Doc(value = ID, example = "3f9a0c1d2e4b5a69") String id,
            @Context SecurityContext security) {
        requireService(service);
        admin.close(service, id, Caller.of(security.getUserPrincipal()).name());
        return Response.noContent().build();
    }

    @GET
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    @Allow(Right.VIEWER)
    @Operation(
            id = "getTerminalSettings",
            summary = "Read a service's terminal settings",
            description = "Whether the service keeps each terminal session's transcript.")
    @Answer(type = TerminalSettings.class, description = "The service's terminal settings")
    public TerminalSettings settings(@PathParam("service") String service) {
        requireService(service);
        return new TerminalSettings(admin.recordsTranscripts(service));
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Allow(Right.SERVICE_ADMIN)
    @Operation(
            id = "setTerminalSettings",
            summary = "Change a service's terminal settings",
            description = "Stores whether the service keeps each terminal session's transcript (for the sessions"
                    + " opened from now on) and answers the settings stored. Idempotent.")
    @Answer(type = TerminalSettings.class, description = "The settings now")
    public TerminalSettings setSettings(
            @PathParam("service") String service,
            @Doc(example = "{\"recordTranscripts\": true}") TerminalSettings settings,
            @Context SecurityContext security) {
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
