/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal.rest;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.inspection.ServerObjectsView;
import io.cengjiyun.inspection.internal.Inspections;
import io.cengjiyun.rest.MediaTypes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * A server's live objects, from the informer caches: the summary, and each object raw as the cluster has it (JSON or
 * YAML, without managedFields).
 */
@Component(service = ServerObjectsResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/servers/{server}/objects")
public class ServerObjectsResource {
    private final Inspections inspections;

    @Activate
    public ServerObjectsResource(@Reference Inspections inspections) {
        this.inspections = inspections;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Allow(Right.VIEWER)
    public ServerObjectsView objects(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server) {
        return inspections.objects(service, appmap, server);
    }

    /**
     * One object of the server as the cluster has it; {@code kind} as in its {@code kind} field (any case), e.g.
     * {@code objects/Pod/web-7d9c-x2x}. YAML with {@code ?format=yaml} or {@code Accept: application/yaml}.
     */
    @GET
    @Path("{kind}/{name}")
    @Produces({MediaType.APPLICATION_JSON, MediaTypes.APPLICATION_YAML, MediaTypes.TEXT_YAML})
    @Allow(Right.VIEWER)
    public Response raw(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @PathParam("kind") String kind,
            @PathParam("name") String name,
            @QueryParam("format") String format,
            @Context HttpHeaders headers) {
        boolean yaml;
        if (format == null || format.isEmpty()) {
            yaml = headers.getAcceptableMediaTypes().stream()
                    .findFirst()
                    .map(t -> t.getSubtype().equals("yaml"))
                    .orElse(false);
        } else if (format.equals("yaml") || format.equals("json")) {
            yaml = format.equals("yaml");
        } else {
            throw new ValidationException("format", "'" + format + "' is not a format: use json or yaml");
        }
        var object = inspections.raw(service, appmap, server, kind, name);
        String body = inspections.serialize(inspections.appMapOf(service, appmap), object, yaml);
        return Response.ok(body, yaml ? MediaTypes.APPLICATION_YAML : MediaType.APPLICATION_JSON)
                .build();
    }
}
