/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.cluster.Allotment;
import io.cengjiyun.cluster.ClusterRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** The clusters allotted to a service and their quota: members read them, platform administrators set them. */
@Component(service = AllotmentsResource.class)
@JakartarsResource
@Path("services/{service}/allotments")
@Produces(MediaType.APPLICATION_JSON)
public class AllotmentsResource {
    /** The request body's example in the API's document: the local cluster (tools/kube-local), as the README's tour. */
    static final String ALLOTMENTS =
            "[{\"cluster\": \"local\", \"cpu\": \"4\", \"memory\": \"8Gi\", \"pods\": 50," + " \"storage\": \"20Gi\"}]";

    private final ClusterRegistry clusters;

    @Activate
    public AllotmentsResource(@Reference ClusterRegistry clusters) {
        this.clusters = clusters;
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "listAllotments",
            summary = "List the clusters allotted to a service",
            description = "The clusters the service's appmaps may be placed on, each with the most they may"
                    + " reserve there together (cpu, memory, pods, storage; a missing bound is no bound).")
    @Answer(status = 200, type = Allotment.class, list = true, description = "The service's allotments")
    public List<Allotment> list(@PathParam("service") String service) {
        return clusters.allotments(service);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.PLATFORM_ADMIN)
    @Operation(
            id = "setAllotments",
            summary = "Replace the clusters allotted to a service",
            description = "Makes the list the service's allotments, all at once: each cluster registered and listed"
                    + " once. Refused (422) if a bound would drop below what the service's appmaps on that"
                    + " cluster reserve in their quotas, bounds a resource one of them has no quota for, or if the"
                    + " list leaves out a cluster the service has appmaps on. `[]` removes them all. Idempotent.")
    @Answer(status = 200, type = Allotment.class, list = true, description = "The service's allotments now")
    public List<Allotment> replace(
            @PathParam("service") String service, @Doc(example = ALLOTMENTS) List<Allotment> allotments) {
        return clusters.allot(service, allotments);
    }
}
