/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal.rest;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Caller;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.security.Authentication;
import io.cengjiyun.terminal.internal.Targets;
import io.cengjiyun.terminal.internal.TerminalPaths;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Tickets for a server's terminal: a client that cannot send a token where it connects (a browser's WebSocket, a
 * script) asks for one with its token or session, and opens the terminal with {@code ?ticket=} within seconds. A
 * ticket serves once.
 */
@Component(service = TicketsResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/servers/{server}/terminal/tickets")
public class TicketsResource {
    private final Authentication auth;
    private final Targets targets;

    @Activate
    public TicketsResource(@Reference Authentication auth, @Reference Targets targets) {
        this.auth = auth;
        this.targets = targets;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Allow(Right.TERMINAL)
    @Operation(
            id = "createTerminalTicket",
            summary = "Get a ticket to open a server's terminal",
            description = "Issues a single-use ticket, valid a few seconds, for a client that cannot send its token"
                    + " where it connects (a browser's WebSocket): open the WebSocket at `path` with `?ticket=`."
                    + " Answers `ticket` (the secret, shown once), `expiresAt` (ISO-8601) and `path`.")
    @Answer(
            status = 201,
            type = Map.class,
            description = "The ticket: `ticket`, `expiresAt` and `path` (the terminal's WebSocket)")
    public Response issue(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @Context SecurityContext security) {
        targets.of(service, appmap, server); // 404 now rather than at the upgrade
        Authentication.Ticket ticket =
                auth.ticket(Caller.of(security.getUserPrincipal()), TerminalPaths.scope(service, appmap, server));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ticket", ticket.value());
        body.put("expiresAt", ticket.expiresAt().toString());
        body.put("path", TerminalPaths.socket(service, appmap, server));
        return Response.status(Response.Status.CREATED).entity(body).build();
    }
}
