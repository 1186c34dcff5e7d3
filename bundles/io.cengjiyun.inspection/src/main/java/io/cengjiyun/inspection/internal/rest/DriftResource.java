/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal.rest;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.inspection.FieldDrift;
import io.cengjiyun.inspection.internal.Inspections;
import io.cengjiyun.rest.Versions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * A server's field drift: its live objects against what the stored revision renders. {@code reconcile} applies the
 * stored revision again; {@code adopt} stores the live change as the next revision where the definition can express
 * it ({@code If-Match} of the server's version guards it) and lists the fields it cannot.
 */
@Component(service = DriftResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/servers/{server}/drift")
@Produces(MediaType.APPLICATION_JSON)
public class DriftResource {
    private final Inspections inspections;

    @Activate
    public DriftResource(@Reference Inspections inspections) {
        this.inspections = inspections;
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "getServerDrift",
            summary = "Compare a server's live objects with its revision",
            description = "The fields where the server's live objects differ from what its stored revision renders,"
                    + " each with both values and where `adopt` would store it in the definition (or why it"
                    + " cannot). Only fields the definition renders are compared: what the cluster fills in by"
                    + " itself is not drift; a stopped server is not compared (`stopped`). Changes nothing.")
    @Answer(type = FieldDrift.class, description = "The drift: `none`, `drifted` with its fields, or `stopped`")
    public FieldDrift drift(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server) {
        return inspections.drift(service, appmap, server);
    }

    /** Applies the stored revision again if the live objects drifted; answers the drift found before. */
    @POST
    @Path("reconcile")
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "reconcileServerDrift",
            summary = "Apply a server's stored revision again over drift",
            description = "Compares the live objects with the stored revision and, if they drifted, applies the"
                    + " stored revision to the cluster again (no new revision); in sync or stopped, nothing is"
                    + " done. Answers the drift found before. Idempotent.")
    @Answer(type = FieldDrift.class, description = "The drift found before (what was set back)")
    @Fails({409, 422})
    public FieldDrift reconcile(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server) {
        return inspections.reconcile(service, appmap, server);
    }

    @POST
    @Path("adopt")
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "adoptServerDrift",
            summary = "Store a server's live changes as its next revision",
            description = "Takes the drifted fields the definition can express (the controller's replicas, the"
                    + " containers' fields, pod settings) from the live controller into the definition and stores it"
                    + " as the server's next revision, applied like an update; lists the fields it cannot take, each"
                    + " with why. When nothing can be taken, nothing is stored and the revision stays. `If-Match`"
                    + " with the server's ETag guards it (412 when the server changed meanwhile).")
    @Answer(type = Inspections.Adoption.class, description = "The revision now, the fields taken and those left")
    @Fails({409, 422})
    public Inspections.Adoption adopt(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @HeaderParam(HttpHeaders.IF_MATCH)
                    @Doc(
                            "The server's ETag read last: the revision is stored only if the server is still at that"
                                    + " version (else 412); without it, the adoption is stored on whatever version is stored then")
                    String ifMatch,
            @Context SecurityContext security) {
        return inspections.adopt(service, appmap, server, Versions.expected(ifMatch), Versions.author(security));
    }
}
