/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

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
    private final ClusterRegistry clusters;

    @Activate
    public AllotmentsResource(@Reference ClusterRegistry clusters) {
        this.clusters = clusters;
    }

    @GET
    @Allow(Right.VIEWER)
    public List<Allotment> list(@PathParam("service") String service) {
        return clusters.allotments(service);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.PLATFORM_ADMIN)
    public List<Allotment> replace(@PathParam("service") String service, List<Allotment> allotments) {
        return clusters.allot(service, allotments);
    }
}
