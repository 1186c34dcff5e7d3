/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.rest;

import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Caller;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.lifecycle.internal.manage.ServicesManager;
import io.cengjiyun.rest.Versions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * A team's services: list (only those the caller is a member of), create (platform administrators), read,
 * update (If-Match), delete (refused while it has appmaps, unless cascade).
 */
@Component(service = ServicesResource.class)
@JakartarsResource
@Path("services")
@Produces(MediaType.APPLICATION_JSON)
public class ServicesResource {
    // the request bodies' examples in the API's document (OpenApiIT sends each to its operation)
    static final String NEW_SERVICE = "{\"name\": \"shop\", \"displayName\": \"Web shop\"}";
    static final String CHANGED_SERVICE =
            "{\"displayName\": \"Web shop\", \"description\": \"The shop's storefront and its back office\"}";

    private final HierarchyStore store;
    private final ServicesManager services;

    @Activate
    public ServicesResource(@Reference HierarchyStore store, @Reference ServicesManager services) {
        this.store = store;
        this.services = services;
    }

    @GET
    @Allow(Right.USER)
    @Operation(
            id = "listServices",
            summary = "List the services",
            description = "The services the caller is a member of (all of them for a platform administrator), by name.")
    @Answer(status = 200, type = Service.class, list = true, description = "The services, by name")
    public List<Service> list(@Context SecurityContext security) {
        Caller caller = Caller.of(security.getUserPrincipal());
        return store.listServices().stream()
                .filter(s -> caller != null && caller.canSee(s.name()))
                .toList();
    }

    @POST
    @Allow(Right.PLATFORM_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            id = "createService",
            summary = "Create a service",
            description = "Stores a new service at version 1; nothing is made on a cluster until an appmap is created."
                    + " Its members and its clusters' allotments are given afterwards.")
    @Answer(
            status = 201,
            type = Service.class,
            description = "Created: the stored service",
            headers = {"ETag", "Location"})
    @Fails({409})
    public Response create(
            @Doc(example = NEW_SERVICE) Service service, @Context UriInfo uri, @Context SecurityContext security) {
        Service created = services.create(requireBody(service), Versions.author(security));
        return Response.created(
                        uri.getAbsolutePathBuilder().path(created.name()).build())
                .tag(Versions.etag(created.version()))
                .entity(created)
                .build();
    }

    @GET
    @Path("{service}")
    @Allow(Right.VIEWER)
    @Operation(
            id = "getService",
            summary = "Read a service",
            description = "The stored service, with its version as ETag.")
    @Answer(
            status = 200,
            type = Service.class,
            description = "The service",
            headers = {"ETag"})
    public Response get(@PathParam("service") String name) {
        Service service = store.findService(name).orElseThrow(() -> new NotFoundException("service '" + name + "'"));
        return Response.ok(service).tag(Versions.etag(service.version())).build();
    }

    @PUT
    @Path("{service}")
    @Allow(Right.SERVICE_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            id = "updateService",
            summary = "Update a service",
            description = "Replaces the service's display name and description and counts its version up. The name"
                    + " cannot change: leave it out or give the path's. With If-Match, the change is made only on that"
                    + " version; without it, on whatever is stored.")
    @Answer(
            status = 200,
            type = Service.class,
            description = "The updated service",
            headers = {"ETag"})
    public Response update(
            @PathParam("service") String name,
            @Doc(example = CHANGED_SERVICE) Service service,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        Service body = requireBody(service);
        Service updated = services.update(
                body.name() == null ? body.withName(name) : sameName(name, body),
                Versions.expected(ifMatch),
                Versions.author(security));
        return Response.ok(updated).tag(Versions.etag(updated.version())).build();
    }

    @DELETE
    @Path("{service}")
    @Allow(Right.SERVICE_ADMIN)
    @Operation(
            id = "deleteService",
            summary = "Delete a service",
            description =
                    "Deletes the service. One that still has appmaps is refused (409) unless `cascade`, which first"
                            + " deletes the namespace of each of its appmaps, with everything in it, from its cluster, then the"
                            + " appmaps, their servers and the service from the store. A cluster that does not answer keeps"
                            + " the service (503).")
    @Answer(status = 204, type = Void.class, description = "Deleted")
    @Fails({409})
    public Response delete(
            @PathParam("service") String name,
            @Doc(
                            value = "Also delete its appmaps, their namespaces on their clusters and their servers",
                            example = "true",
                            defaultValue = "false")
                    @QueryParam("cascade")
                    boolean cascade,
            @Context SecurityContext security) {
        services.delete(name, cascade, Versions.author(security));
        return Response.noContent().build();
    }

    private static Service requireBody(Service service) {
        if (service == null) {
            throw new ValidationException("body", "is empty: send a service as JSON, e.g. {\"name\": \"shop\"}");
        }
        return service;
    }

    private static Service sameName(String name, Service body) {
        if (!name.equals(body.name())) {
            throw new ValidationException(
                    "name",
                    "'" + body.name() + "' differs from the path's '" + name
                            + "': a service cannot be renamed; leave name out or use the same");
        }
        return body;
    }
}
