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

/** A service's history: all its appmaps summed, by range and step (JSON or CSV). */
@Component(service = ServiceMetricsResource.class)
@JakartarsResource
@Path("services/{service}/metrics")
public class ServiceMetricsResource {
    private final Monitoring monitoring;

    @Activate
    public ServiceMetricsResource(@Reference Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Answers.CSV})
    @Allow(Right.VIEWER)
    @Operation(
            id = "getServiceMetrics",
            summary = "Read a service's metrics history",
            description = "All the service's appmaps summed: CPU, memory, restarts, network, ephemeral storage and pods"
                    + " over a range, one average and maximum per step, from the history the platform keeps. JSON,"
                    + " or CSV with `format=csv` or `Accept: text/csv`.")
    @Answer(
            type = MetricsView.class,
            mediaTypes = {MediaType.APPLICATION_JSON, Answers.CSV},
            headers = {"Content-Disposition"},
            description = Answers.ANSWER)
    @Fails({406, 422})
    public Response metrics(
            @PathParam("service") String service,
            @QueryParam("from") @Doc(value = Answers.FROM, example = "-6h") String from,
            @QueryParam("to") @Doc(value = Answers.TO, example = "now") String to,
            @QueryParam("step") @Doc(value = Answers.STEP, pattern = Monitoring.SPAN, example = "1m") String step,
            @QueryParam("series") @Doc(value = Answers.SERIES, example = "cpu,memory") String series,
            @QueryParam("format") @Doc(value = Answers.FORMAT, oneOf = Answers.Format.class) String format,
            @Context HttpHeaders headers) {
        return Answers.metrics(
                monitoring.service(service, new Monitoring.Query(from, to, step, series)), format, headers);
    }
}
