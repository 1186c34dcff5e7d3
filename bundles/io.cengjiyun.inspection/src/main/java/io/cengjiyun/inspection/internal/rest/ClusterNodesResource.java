/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal.rest;

import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.inspection.Overviews;
import io.cengjiyun.inspection.internal.Inspections;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** A cluster's nodes for platform administrators: allocatable, requested, pods, conditions that need a look. */
@Component(service = ClusterNodesResource.class)
@JakartarsResource
@Path("clusters/{cluster}/nodes")
@Produces(MediaType.APPLICATION_JSON)
@Allow(Right.PLATFORM_ADMIN)
public class ClusterNodesResource {
    private final Inspections inspections;

    @Activate
    public ClusterNodesResource(@Reference Inspections inspections) {
        this.inspections = inspections;
    }

    @GET
    public Overviews.ClusterNodes nodes(@PathParam("cluster") String cluster) {
        return inspections.nodes(cluster);
    }
}
