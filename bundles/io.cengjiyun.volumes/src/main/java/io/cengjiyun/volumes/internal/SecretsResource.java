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

/**
 * The secrets of an appmap: {@code GET|POST .../secrets}, {@code GET|PUT|DELETE .../secrets/{name}}. Write-only: a
 * client reads their keys, never their values ({@link ConfigView}).
 */
@Component(service = SecretsResource.class)
@JakartarsResource
@Produces(MediaType.APPLICATION_JSON)
@Path("services/{service}/appmaps/{appmap}/secrets")
public class SecretsResource {
    // the request bodies' examples in the API's document (OpenApiIT sends each to its operation)
    static final String NEW =
            "{\"name\": \"db-credentials\", \"data\": {\"username\": \"shop\", \"password\":" + " \"s3cret-pass\"}}";
    static final String CHANGED =
            "{\"data\": {\"username\": \"shop\", \"password\": \"an0ther-pass\"}, \"restartServers\": true}";

    private final ConfigEndpoints endpoints;

    @Activate
    public SecretsResource(
            @Reference HierarchyStore store,
            @Reference AppConfigs configs,
            @Reference ClusterRegistry clusters,
            @Reference ServerRuntime runtime) {
        this(new ConfigChanges(store, configs, new LiveConfigApplier(clusters), runtime));
    }

    SecretsResource(ConfigChanges changes) {
        this.endpoints = new ConfigEndpoints(changes, ConfigKind.SECRET);
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "listSecrets",
            summary = "List the secrets of an appmap",
            description = "Each secret of the appmap (its keys only, never a value), with the servers that use"
                    + " it (`usedBy`) and its version.")
    @Answer(status = 200, type = ConfigView.class, list = true, description = "The appmap's secrets")
    public Response list(@PathParam("service") String service, @PathParam("appmap") String appmap) {
        return endpoints.list(service, appmap);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "createSecret",
            summary = "Create a secret",
            description = "Stores the secret and applies it as a Secret of the same"
                    + " name in the appmap's namespace, together: if the cluster refuses it, nothing is stored"
                    + " (422), if it does not answer, nothing is stored either (503). Servers use it through their"
                    + " volumes or environment. 409 if one of the name exists (change it with PUT).")
    @Answer(
            status = 201,
            type = ConfigView.class,
            headers = {"ETag", "Location"},
            description = "Created: the secret (its keys only, never a value), its version as ETag")
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
            id = "getSecret",
            summary = "Read a secret",
            description =
                    "The secret (its keys only, never a value), the servers that use it, and its version as ETag.")
    @Answer(
            status = 200,
            type = ConfigView.class,
            headers = {"ETag"},
            description = "The secret")
    public Response get(
            @PathParam("service") String service, @PathParam("appmap") String appmap, @PathParam("name") String name) {
        return endpoints.get(service, appmap, name);
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "replaceSecret",
            summary = "Create or replace a secret",
            description = "Stores the body's `data` and `restartServers` as the secret of the path's name (made"
                    + " if there is none) and applies it to the appmap's namespace, together: if the cluster"
                    + " refuses it or does not answer, what was stored before stays. With `restartServers`, the"
                    + " servers that use it are applied again when its data changes, so that their pods roll"
                    + " (`restarted`, `notRestarted` say which). Takes no If-Match: the last write wins.")
    @Answer(
            status = 200,
            type = ConfigView.class,
            headers = {"ETag"},
            description = "Stored and applied: the secret, its new version as ETag")
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
            id = "deleteSecret",
            summary = "Delete a secret",
            description = "Deletes the secret from the appmap's namespace, then from the platform. Refused (409)"
                    + " while a server of the appmap uses it: remove it from their volumes and environment"
                    + " first.")
    @Answer(status = 204, description = "Deleted")
    @Fails({409})
    public Response delete(
            @PathParam("service") String service, @PathParam("appmap") String appmap, @PathParam("name") String name) {
        return endpoints.delete(service, appmap, name);
    }
}
