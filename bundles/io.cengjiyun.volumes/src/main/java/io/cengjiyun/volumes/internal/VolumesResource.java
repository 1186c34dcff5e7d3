/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.cluster.ClusterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** The persistent volume claims of an appmap, their state and who uses them ({@link ClaimView}). */
@Component(service = VolumesResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/volumes")
@Produces(MediaType.APPLICATION_JSON)
public class VolumesResource {
    private final VolumesLookup lookup;

    @Activate
    public VolumesResource(@Reference HierarchyStore store, @Reference ClusterRegistry clusters) {
        this(new VolumesLookup(store, clusters));
    }

    VolumesResource(VolumesLookup lookup) {
        this.lookup = lookup;
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "listVolumeClaims",
            summary = "List the persistent volume claims of an appmap",
            description = "The persistent volume claims in the appmap's namespace that the platform made, and"
                    + " those its servers want that the cluster does not have (yet, phase `Missing`): each with"
                    + " its phase, capacity, storage class, the server it was made for and the servers that use"
                    + " it now, by name. A claim no server uses is kept until deleted with its server's volumes."
                    + " 503 if the cluster has not been reached since it was registered.")
    @Answer(status = 200, type = ClaimView.class, list = true, description = "The appmap's claims")
    public Response claims(@PathParam("service") String service, @PathParam("appmap") String appmap) {
        return Response.ok(new GenericEntity<List<ClaimView>>(lookup.claims(service, appmap)) {})
                .build();
    }
}
