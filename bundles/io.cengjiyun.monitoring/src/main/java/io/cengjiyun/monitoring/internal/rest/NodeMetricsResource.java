/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.rest;

import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.monitoring.internal.Monitoring;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** A node's history, with its allocatable CPU and memory, by range and step (JSON or CSV); platform administrators. */
@Component(service = NodeMetricsResource.class)
@JakartarsResource
@Path("clusters/{cluster}/nodes/{node}/metrics")
public class NodeMetricsResource {
    private final Monitoring monitoring;

    @Activate
    public NodeMetricsResource(@Reference Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Answers.CSV})
    @Allow(Right.PLATFORM_ADMIN)
    public Response metrics(
            @PathParam("cluster") String cluster,
            @PathParam("node") String node,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("step") String step,
            @QueryParam("series") String series,
            @QueryParam("format") String format,
            @Context HttpHeaders headers) {
        return Answers.metrics(
                monitoring.node(cluster, node, new Monitoring.Query(from, to, step, series)), format, headers);
    }
}
