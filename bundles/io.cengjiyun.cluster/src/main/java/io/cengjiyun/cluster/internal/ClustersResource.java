/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.cluster.ClusterInfo;
import io.cengjiyun.cluster.ClusterRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** Registered clusters, for platform administrators: register from a kubeconfig, read their state, remove. */
@Component(service = ClustersResource.class)
@JakartarsResource
@Path("clusters")
@Produces(MediaType.APPLICATION_JSON)
@Allow(Right.PLATFORM_ADMIN)
public class ClustersResource {
    private final ClusterRegistry clusters;

    @Activate
    public ClustersResource(@Reference ClusterRegistry clusters) {
        this.clusters = clusters;
    }

    @GET
    public List<ClusterInfo> list() {
        return clusters.clusters();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(ClusterRegistration registration, @Context UriInfo uri) {
        if (registration == null) {
            throw new ValidationException(
                    "body", "is empty: send {\"name\": \"prod\", \"kubeconfig\": \"<content of the file>\"}");
        }
        ClusterInfo info = clusters.register(registration.name(), registration.kubeconfig());
        return Response.created(uri.getAbsolutePathBuilder().path(info.name()).build())
                .entity(info)
                .build();
    }

    @GET
    @Path("{cluster}")
    public ClusterInfo get(@PathParam("cluster") String name) {
        return clusters.cluster(name);
    }

    @POST
    @Path("{cluster}/refresh")
    public ClusterInfo refresh(@PathParam("cluster") String name) {
        return clusters.refresh(name);
    }

    @DELETE
    @Path("{cluster}")
    public Response remove(@PathParam("cluster") String name) {
        clusters.remove(name);
        return Response.noContent().build();
    }
}
