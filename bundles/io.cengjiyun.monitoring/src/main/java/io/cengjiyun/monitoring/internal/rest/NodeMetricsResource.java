/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.rest;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.monitoring.MetricsView;
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
    @Operation(
            id = "getNodeMetrics",
            summary = "Read a node's metrics history",
            description = "A node's CPU, memory, network, root file system, pods and its allocatable CPU and memory"
                    + " over a range, one average and maximum per step, as its kubelet measured them. An unknown"
                    + " cluster is 404; a node never sampled answers gaps (nulls). JSON, or CSV with `format=csv` or"
                    + " `Accept: text/csv`.")
    @Answer(
            type = MetricsView.class,
            mediaTypes = {MediaType.APPLICATION_JSON, Answers.CSV},
            headers = {"Content-Disposition"},
            description = Answers.ANSWER)
    @Fails({406, 422})
    public Response metrics(
            @PathParam("cluster") String cluster,
            @PathParam("node") String node,
            @QueryParam("from") @Doc(value = Answers.FROM, example = "-6h") String from,
            @QueryParam("to") @Doc(value = Answers.TO, example = "now") String to,
            @QueryParam("step") @Doc(value = Answers.STEP, pattern = Monitoring.SPAN, example = "1m") String step,
            @QueryParam("series") @Doc(value = Answers.NODE_SERIES, example = "cpu,memory") String series,
            @QueryParam("format") @Doc(value = Answers.FORMAT, oneOf = Answers.Format.class) String format,
            @Context HttpHeaders headers) {
        return Answers.metrics(
                monitoring.node(cluster, node, new Monitoring.Query(from, to, step, series)), format, headers);
    }
}
