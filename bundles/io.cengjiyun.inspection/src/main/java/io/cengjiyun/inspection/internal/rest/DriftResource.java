/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal.rest;

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
    public FieldDrift reconcile(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server) {
        return inspections.reconcile(service, appmap, server);
    }

    @POST
    @Path("adopt")
    @Allow(Right.DEVELOPER)
    public Inspections.Adoption adopt(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        return inspections.adopt(service, appmap, server, Versions.expected(ifMatch), Versions.author(security));
    }
}
