/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal.rest;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Operation;
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
    @Operation(
            id = "listClusterNodes",
            summary = "List a cluster's nodes with their load",
            description = "Each node of the cluster, by name: whether it is Ready, its kubelet version, what it can"
                    + " give (allocatable cpu, memory, pods), what the pods on it request (all of them, the"
                    + " platform's and others', that have not ended), how many pods it runs and how many are the"
                    + " platform's, and its conditions that need a look (not Ready, a pressure, cordoned). The nodes"
                    + " come from the informer cache, the pods from one list call to the cluster; 503 when it does"
                    + " not answer.")
    @Answer(type = Overviews.ClusterNodes.class, description = "The cluster's nodes, by name")
    public Overviews.ClusterNodes nodes(@PathParam("cluster") String cluster) {
        return inspections.nodes(cluster);
    }
}
