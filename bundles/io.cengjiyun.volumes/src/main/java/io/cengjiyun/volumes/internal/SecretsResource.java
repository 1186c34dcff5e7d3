/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.HierarchyStore;
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
    public Response list(@PathParam("service") String service, @PathParam("appmap") String appmap) {
        return endpoints.list(service, appmap);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.DEVELOPER)
    public Response create(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            ConfigInput input,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        return endpoints.create(service, appmap, input, security, uri);
    }

    @GET
    @Path("{name}")
    @Allow(Right.VIEWER)
    public Response get(
            @PathParam("service") String service, @PathParam("appmap") String appmap, @PathParam("name") String name) {
        return endpoints.get(service, appmap, name);
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.DEVELOPER)
    public Response replace(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("name") String name,
            ConfigInput input,
            @Context SecurityContext security) {
        return endpoints.replace(service, appmap, name, input, security);
    }

    @DELETE
    @Path("{name}")
    @Allow(Right.DEVELOPER)
    public Response delete(
            @PathParam("service") String service, @PathParam("appmap") String appmap, @PathParam("name") String name) {
        return endpoints.delete(service, appmap, name);
    }
}
