/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
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
    @Operation(
            id = "listClusters",
            summary = "List the registered clusters",
            description = "Every registered cluster by name, with its state as last checked (every refreshSeconds"
                    + " and at each heartbeat): reachable or not and why, Kubernetes version, nodes and served API"
                    + " versions. Never the credentials.")
    @Answer(status = 200, type = ClusterInfo.class, list = true, description = "The clusters, by name")
    public List<ClusterInfo> list() {
        return clusters.clusters();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            id = "registerCluster",
            summary = "Register a cluster",
            description = "Stores the cluster under `name` with the kubeconfig (sealed: it is never answered), connects"
                    + " with its current context and checks it at once. A cluster that does not answer is"
                    + " registered all the same (`reachable` false, `message` says why) and checked again every"
                    + " refreshSeconds. Registering a name again replaces its kubeconfig. Allot the cluster to"
                    + " services with `PUT /services/{service}/allotments`.")
    @Answer(
            status = 201,
            type = ClusterInfo.class,
            headers = {"Location"},
            description = "Registered: the cluster as the first check found it")
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
    @Operation(
            id = "getCluster",
            summary = "Read a cluster's state",
            description = "The cluster as last checked, with its nodes as the platform's cache has them now.")
    @Answer(status = 200, type = ClusterInfo.class, description = "The cluster")
    public ClusterInfo get(@PathParam("cluster") String name) {
        return clusters.cluster(name);
    }

    @POST
    @Path("{cluster}/refresh")
    @Operation(
            id = "refreshCluster",
            summary = "Check a cluster now",
            description = "Checks the cluster at once instead of at the next refresh: its version, served API"
                    + " versions and nodes, (re)starting the platform's caches if it answers. An unreachable"
                    + " cluster is answered with `reachable` false and why, not as an error. Takes no body.")
    @Answer(status = 200, type = ClusterInfo.class, description = "The cluster as this check found it")
    public ClusterInfo refresh(@PathParam("cluster") String name) {
        return clusters.refresh(name);
    }

    @DELETE
    @Path("{cluster}")
    @Operation(
            id = "removeCluster",
            summary = "Remove a cluster",
            description = "Forgets the cluster and its credentials and stops watching it; nothing on the cluster"
                    + " is touched. Refused (409) while an appmap is placed on it or a service has it allotted:"
                    + " delete or move those appmaps and remove the allotments first.")
    @Answer(status = 204, description = "Removed")
    @Fails({409})
    public Response remove(@PathParam("cluster") String name) {
        clusters.remove(name);
        return Response.noContent().build();
    }
}
