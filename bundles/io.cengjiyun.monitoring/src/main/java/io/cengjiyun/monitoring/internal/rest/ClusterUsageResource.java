/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.rest;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.monitoring.ClusterSample;
import io.cengjiyun.monitoring.internal.Monitoring;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * A cluster's newest round for platform administrators: every node and pod as the kubelets measured them, and the
 * nodes that did not answer with why. Before the first round: no time, no nodes.
 */
@Component(service = ClusterUsageResource.class)
@JakartarsResource
@Path("clusters/{cluster}/usage")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterUsageResource {
    private final Monitoring monitoring;

    @Activate
    public ClusterUsageResource(@Reference Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    @GET
    @Allow(Right.PLATFORM_ADMIN)
    @Operation(
            id = "getClusterUsage",
            summary = "Read a cluster's newest measurements",
            description = "The cluster's newest sampling round: every node and every pod on them (the platform's and"
                    + " all others) as the kubelets measured them, and the nodes that did not answer, with why."
                    + " Before the first round: no time, no nodes, no pods.")
    @Answer(type = ClusterSample.class, description = "The newest round (empty before the first)")
    public ClusterSample usage(@PathParam("cluster") String cluster) {
        return monitoring.cluster(cluster).orElse(new ClusterSample(cluster, null, List.of(), List.of(), List.of()));
    }
}
