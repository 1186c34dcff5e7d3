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
    /** The formats of a raw object ({@code format}). */
    enum Format {
        json,
        yaml
    }

    private final Inspections inspections;

    @Activate
    public ServerObjectsResource(@Reference Inspections inspections) {
        this.inspections = inspections;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Allow(Right.VIEWER)
    @Operation(
            id = "getServerObjects",
            summary = "Read a server's live objects",
            description = "What the server is on its cluster now, from the informer caches: its controller with its"
                    + " counts and conditions, its revisions (ReplicaSets or ControllerRevisions) with the platform"
                    + " revision each carries, its pods and containers with their states, its Services with the"
                    + " endpoints behind them, its claims and its autoscaler. Each object can be read whole at"
                    + " `objects/{kind}/{name}`. Changes nothing.")
    @Answer(type = ServerObjectsView.class, description = "The server's live objects")
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
    @Operation(
            id = "getServerObject",
            summary = "Read one live object of a server as the cluster has it",
            description = "One object of the server (`kind` as its `kind` field, any case, e.g."
                    + " `objects/Pod/web-7d9c-x2x`) whole as the cluster has it, from the informer cache, without"
                    + " managedFields: JSON, or YAML with `format=yaml` or `Accept: application/yaml` (or"
                    + " `text/yaml`). 404 names the server's objects when there is no such one.")
    @Answer(
            type = java.util.Map.class,
            mediaTypes = {MediaType.APPLICATION_JSON, MediaTypes.APPLICATION_YAML},
            description = "The Kubernetes object, as JSON or YAML")
    @Fails({406, 422})
    public Response raw(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @PathParam("kind") @Doc(value = "The object's kind, as its `kind` field says (any case)", example = "Pod")
                    String kind,
            @PathParam("name") @Doc(value = "The object's name", example = "web-7d9c-x2x") String name,
            @QueryParam("format")
                    @Doc(
                            value = "`json` or `yaml`; left out, the first media type of `Accept` decides (YAML if its"
                                    + " subtype is yaml, else JSON)",
                            oneOf = Format.class)
                    String format,
            @Context HttpHeaders headers) {
        boolean yaml;
        if (format == null || format.isEmpty()) {
            yaml = headers.getAcceptableMediaTypes().stream()
                    .findFirst()
                    .map(t -> t.getSubtype().equals("yaml"))
                    .orElse(false);
        } else if (format.equals(Format.yaml.name()) || format.equals(Format.json.name())) {
            yaml = format.equals(Format.yaml.name());
        } else {
            throw new ValidationException("format", "'" + format + "' is not a format: use json or yaml");
        }
        var object = inspections.raw(service, appmap, server, kind, name);
        String body = inspections.serialize(inspections.appMapOf(service, appmap), object, yaml);
        return Response.ok(body, yaml ? MediaTypes.APPLICATION_YAML : MediaType.APPLICATION_JSON)
                .build();
    }
}
