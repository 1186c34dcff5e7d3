/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.rest;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.lifecycle.internal.RuntimeParts;
import io.cengjiyun.lifecycle.internal.ServerActions;
import io.cengjiyun.lifecycle.internal.manage.AppMapsManager;
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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The application maps of a service: their definitions (cluster, namespace, quota), the state of all their servers
 * (from the informer caches), and reconciling them all. The one resource of this path.
 */
@Component(service = AppMapsResource.class)
@JakartarsResource
@Path("services/{service}/appmaps")
@Produces(MediaType.APPLICATION_JSON)
public class AppMapsResource {
    private final HierarchyStore store;
    private final AppMapsManager appMaps;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServerActions actions;

    @Activate
    public AppMapsResource(@Reference HierarchyStore store, @Reference AppMapsManager appMaps) {
        this.store = store;
        this.appMaps = appMaps;
    }

    @GET
    @Allow(Right.VIEWER)
    public List<AppMap> list(@PathParam("service") String service) {
        return store.listAppMaps(service);
    }

    @POST
    @Allow(Right.SERVICE_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(
            @PathParam("service") String service,
            AppMap appMap,
            @Context UriInfo uri,
            @Context SecurityContext security) {
        AppMap created = appMaps.create(requireBody(appMap).inService(service), Versions.author(security));
        return Response.created(
                        uri.getAbsolutePathBuilder().path(created.name()).build())
                .tag(Versions.etag(created.version()))
                .entity(created)
                .build();
    }

    @GET
    @Path("{appmap}")
    @Allow(Right.VIEWER)
    public Response get(@PathParam("service") String service, @PathParam("appmap") String name) {
        AppMap appMap = store.findAppMap(service, name)
                .orElseThrow(() -> new NotFoundException("appmap '" + name + "' of service '" + service + "'"));
        return Response.ok(appMap).tag(Versions.etag(appMap.version())).build();
    }

    @PUT
    @Path("{appmap}")
    @Allow(Right.SERVICE_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(
            @PathParam("service") String service,
            @PathParam("appmap") String name,
            AppMap appMap,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        AppMap body = requireBody(appMap).inService(service);
        if (body.name() != null && !body.name().equals(name)) {
            throw new ValidationException(
                    "name",
                    "'" + body.name() + "' differs from the path's '" + name
                            + "': an appmap cannot be renamed; leave name out or use the same");
        }
        AppMap updated = appMaps.update(body.withName(name), Versions.expected(ifMatch), Versions.author(security));
        return Response.ok(updated).tag(Versions.etag(updated.version())).build();
    }

    @DELETE
    @Path("{appmap}")
    @Allow(Right.SERVICE_ADMIN)
    public Response delete(
            @PathParam("service") String service,
            @PathParam("appmap") String name,
            @QueryParam("cascade") boolean cascade,
            @Context SecurityContext security) {
        appMaps.delete(service, name, cascade, Versions.author(security));
        return Response.noContent().build();
    }

    private static AppMap requireBody(AppMap appMap) {
        if (appMap == null) {
            throw new ValidationException(
                    "body", "is empty: send an appmap as JSON, e.g. {\"name\": \"dev\", \"cluster\": \"local\"}");
        }
        return appMap;
    }

    @GET
    @Path("{appmap}/status")
    @Allow(Right.VIEWER)
    public List<ServerActions.NamedStatus> status(
            @PathParam("service") String service, @PathParam("appmap") String appmap) {
        return RuntimeParts.require(actions, "Reading the servers' states").appMapStatus(service, appmap);
    }

    @POST
    @Path("{appmap}/reconcile")
    @Allow(Right.DEVELOPER)
    public List<ServerActions.NamedStatus> reconcile(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @Context SecurityContext security) {
        return RuntimeParts.require(actions, "Reconciling servers")
                .reconcileAll(service, appmap, Versions.author(security));
    }
}
