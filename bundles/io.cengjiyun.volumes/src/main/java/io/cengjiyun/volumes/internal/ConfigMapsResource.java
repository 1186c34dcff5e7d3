/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ServerRuntime;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** The config maps of an appmap: {@code GET|POST .../configmaps}, {@code GET|PUT|DELETE .../configmaps/{name}}. */
@Component(service = ConfigMapsResource.class)
@JakartarsResource
@Produces(MediaType.APPLICATION_JSON)
@Path("services/{service}/appmaps/{appmap}/configmaps")
public class ConfigMapsResource {
    // the request bodies' examples in the API's document (OpenApiIT sends each to its operation)
    static final String NEW = "{\"name\": \"app-config\", \"data\": {\"LOG_LEVEL\": \"info\", \"app.properties\":"
            + " \"greeting=hello\\n\"}}";
    static final String CHANGED =
            "{\"data\": {\"LOG_LEVEL\": \"debug\", \"app.properties\": \"greeting=hello\\n\"}, \"restartServers\": true}";

    private final ConfigEndpoints endpoints;

    @Activate
    public ConfigMapsResource(
            @Reference HierarchyStore store,
            @Reference AppConfigs configs,
            @Reference ClusterRegistry clusters,
            @Reference ServerRuntime runtime) {
        this(new ConfigChanges(store, configs, new LiveConfigApplier(clusters), runtime));
    }

    ConfigMapsResource(ConfigChanges changes) {
        this.endpoints = new ConfigEndpoints(changes, ConfigKind.CONFIG_MAP);
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "listConfigMaps",
            summary = "List the config maps of an appmap",
            description = "Each config map of the appmap (its data), with the servers that use it (`usedBy`) and its"
                    + " version.")
    @Answer(status = 200, type = ConfigView.class, list = true, description = "The appmap's config maps")
    public Response list(@PathParam("service") String service, @PathParam("appmap") String appmap) {
        return endpoints.list(service, appmap);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "createConfigMap",
            summary = "Create a config map",
            description = "Stores the config map and applies it as a ConfigMap of the same"
                    + " name in the appmap's namespace, together: if the cluster refuses it, nothing is stored"
                    + " (422), if it does not answer, nothing is stored either (503). Servers use it through their"
                    + " volumes or environment. 409 if one of the name exists (change it with PUT).")
    @Answer(
            status = 201,
            type = ConfigView.class,
            headers = {"ETag", "Location"},
            description = "Created: the config map (its data), its version as ETag")
    @Fails({409})
    public Response create(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @Doc(example = NEW) ConfigInput input,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        return endpoints.create(service, appmap, input, security, uri);
    }

    @GET
    @Path("{name}")
    @Allow(Right.VIEWER)
    @Operation(
            id = "getConfigMap",
            summary = "Read a config map",
            description = "The config map (its data), the servers that use it, and its version as ETag.")
    @Answer(
            status = 200,
            type = ConfigView.class,
            headers = {"ETag"},
            description = "The config map")
    public Response get(
            @PathParam("service") String service, @PathParam("appmap") String appmap, @PathParam("name") String name) {
        return endpoints.get(service, appmap, name);
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "replaceConfigMap",
            summary = "Create or replace a config map",
            description = "Stores the body's `data` and `restartServers` as the config map of the path's name (made"
                    + " if there is none) and applies it to the appmap's namespace, together: if the cluster"
                    + " refuses it or does not answer, what was stored before stays. With `restartServers`, the"
                    + " servers that use it are applied again when its data changes, so that their pods roll"
                    + " (`restarted`, `notRestarted` say which). Takes no If-Match: the last write wins.")
    @Answer(
            status = 200,
            type = ConfigView.class,
            headers = {"ETag"},
            description = "Stored and applied: the config map, its new version as ETag")
    @Fails({409})
    public Response replace(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("name") String name,
            @Doc(example = CHANGED) ConfigInput input,
            @Context SecurityContext security) {
        return endpoints.replace(service, appmap, name, input, security);
    }

    @DELETE
    @Path("{name}")
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "deleteConfigMap",
            summary = "Delete a config map",
            description = "Deletes the config map from the appmap's namespace, then from the platform. Refused (409)"
                    + " while a server of the appmap uses it: remove it from their volumes and environment"
                    + " first.")
    @Answer(status = 204, description = "Deleted")
    @Fails({409})
    public Response delete(
            @PathParam("service") String service, @PathParam("appmap") String appmap, @PathParam("name") String name) {
        return endpoints.delete(service, appmap, name);
    }
}
