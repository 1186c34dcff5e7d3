/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.rest;

import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.ValidationException;
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
    private final HierarchyStore store;
    private final ServicesManager services;

    @Activate
    public ServicesResource(@Reference HierarchyStore store, @Reference ServicesManager services) {
        this.store = store;
        this.services = services;
    }

    @GET
    @Allow(Right.USER)
    public List<Service> list(@Context SecurityContext security) {
        Caller caller = Caller.of(security.getUserPrincipal());
        return store.listServices().stream()
                .filter(s -> caller != null && caller.canSee(s.name()))
                .toList();
    }

    @POST
    @Allow(Right.PLATFORM_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Service service, @Context UriInfo uri, @Context SecurityContext security) {
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
    public Response get(@PathParam("service") String name) {
        Service service = store.findService(name).orElseThrow(() -> new NotFoundException("service '" + name + "'"));
        return Response.ok(service).tag(Versions.etag(service.version())).build();
    }

    @PUT
    @Path("{service}")
    @Allow(Right.SERVICE_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(
            @PathParam("service") String name,
            Service service,
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
    public Response delete(
            @PathParam("service") String name,
            @QueryParam("cascade") boolean cascade,
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
