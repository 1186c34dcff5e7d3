/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.rest;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.monitoring.ServerUsage;
import io.cengjiyun.monitoring.internal.Monitoring;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** A server's use now against its requests and limits, per pod and container, from the newest round. */
@Component(service = ServerUsageResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/servers/{server}/usage")
@Produces(MediaType.APPLICATION_JSON)
public class ServerUsageResource {
    private final Monitoring monitoring;

    @Activate
    public ServerUsageResource(@Reference Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "getServerUsage",
            summary = "Compare a server's use with its requests and limits",
            description = "From the newest sampling round and the pods in the informer cache: the server's CPU and"
                    + " memory in use against its requests and limits, summed over its pods and per pod and"
                    + " container, with percentages of the limits and restarts. A figure nothing measured or stated"
                    + " is absent.")
    @Answer(type = ServerUsage.class, description = "The server's use against its requests and limits")
    public ServerUsage usage(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server) {
        return monitoring.serverUsage(service, appmap, server);
    }
}
