/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.rest;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
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
    // the request bodies' examples in the API's document (OpenApiIT sends each to its operation)
    static final String NEW_APPMAP = "{\"name\": \"dev\", \"cluster\": \"local\", \"environment\": \"dev\", \"quota\":"
            + " {\"cpu\": \"2\", \"memory\": \"4Gi\", \"pods\": 20, \"storage\": \"10Gi\"}}";
    static final String CHANGED_APPMAP = "{\"cluster\": \"local\", \"environment\": \"dev\", \"quota\": {\"cpu\":"
            + " \"3\", \"memory\": \"6Gi\", \"pods\": 30, \"storage\": \"10Gi\"}}";

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
    @Operation(
            id = "listAppMaps",
            summary = "List the appmaps of a service",
            description = "The service's appmaps, by name.")
    @Answer(status = 200, type = AppMap.class, list = true, description = "The appmaps, by name")
    public List<AppMap> list(@PathParam("service") String service) {
        return store.listAppMaps(service);
    }

    @POST
    @Allow(Right.SERVICE_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            id = "createAppMap",
            summary = "Create an appmap",
            description =
                    "Checks the appmap against the service's allotment of its cluster, stores it at version 1, then"
                            + " places it on the cluster: its namespace, a ResourceQuota from its quota and a LimitRange of"
                            + " container defaults. If the placement fails, the appmap is not stored. A namespace that exists"
                            + " and is not this appmap's is a conflict (409).")
    @Answer(
            status = 201,
            type = AppMap.class,
            description = "Created and placed: the stored appmap",
            headers = {"ETag", "Location"})
    @Fails({409})
    public Response create(
            @PathParam("service") String service,
            @Doc(example = NEW_APPMAP) AppMap appMap,
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
    @Operation(
            id = "getAppMap",
            summary = "Read an appmap",
            description = "The stored appmap, with its version as ETag.")
    @Answer(
            status = 200,
            type = AppMap.class,
            description = "The appmap",
            headers = {"ETag"})
    public Response get(@PathParam("service") String service, @PathParam("appmap") String name) {
        AppMap appMap = store.findAppMap(service, name)
                .orElseThrow(() -> new NotFoundException("appmap '" + name + "' of service '" + service + "'"));
        return Response.ok(appMap).tag(Versions.etag(appMap.version())).build();
    }

    @PUT
    @Path("{appmap}")
    @Allow(Right.SERVICE_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            id = "updateAppMap",
            summary = "Update an appmap",
            description = "Replaces the appmap's environment and quota and counts its version up; its name, cluster and"
                    + " namespace cannot change (422). A changed quota is checked against the service's allotment and"
                    + " applied to the namespace's ResourceQuota; if that fails, the appmap is set back as it was. With"
                    + " If-Match, the change is made only on that version.")
    @Answer(
            status = 200,
            type = AppMap.class,
            description = "The updated appmap",
            headers = {"ETag"})
    @Fails({409})
    public Response update(
            @PathParam("service") String service,
            @PathParam("appmap") String name,
            @Doc(example = CHANGED_APPMAP) AppMap appMap,
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
    @Operation(
            id = "deleteAppMap",
            summary = "Delete an appmap",
            description = "Deletes the appmap's namespace from its cluster, with everything in it, then the appmap from"
                    + " the store. One that still has servers is refused (409) unless `cascade`, which deletes their"
                    + " rows and revisions too. A cluster that does not answer keeps the appmap (503).")
    @Answer(status = 204, type = Void.class, description = "Deleted")
    @Fails({409})
    public Response delete(
            @PathParam("service") String service,
            @PathParam("appmap") String name,
            @Doc(
                            value = "Also delete its servers (their objects go with the namespace)",
                            example = "true",
                            defaultValue = "false")
                    @QueryParam("cascade")
                    boolean cascade,
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
    @Operation(
            id = "getAppMapStatus",
            summary = "Read the state of an appmap's servers",
            description = "Each server of the appmap with its kind and observed state, from the cluster's informer"
                    + " caches (no request to the cluster); UNKNOWN while the cluster does not answer.")
    @Answer(
            status = 200,
            type = ServerActions.NamedStatus.class,
            list = true,
            description = "The servers' states, by server name")
    public List<ServerActions.NamedStatus> status(
            @PathParam("service") String service, @PathParam("appmap") String appmap) {
        return RuntimeParts.require(actions, "Reading the servers' states").appMapStatus(service, appmap);
    }

    @POST
    @Path("{appmap}/reconcile")
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "reconcileAppMap",
            summary = "Reconcile every server of an appmap",
            description = "For each server of the appmap in turn, applies its stored definition again where the cluster"
                    + " drifted from it (its controller is missing, or runs another revision than the stored one); a server"
                    + " in sync is left alone. Answers each server's state after; stops at the first server the cluster refuses"
                    + " (409, 422) or does not answer (503).")
    @Answer(
            status = 200,
            type = ServerActions.NamedStatus.class,
            list = true,
            description = "The servers' states after reconciling, by server name")
    @Fails({409, 422})
    public List<ServerActions.NamedStatus> reconcile(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @Context SecurityContext security) {
        return RuntimeParts.require(actions, "Reconciling servers")
                .reconcileAll(service, appmap, Versions.author(security));
    }
}
