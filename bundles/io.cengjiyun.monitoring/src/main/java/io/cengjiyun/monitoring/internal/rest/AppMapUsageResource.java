/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.rest;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.monitoring.AppMapUsage;
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

/** An appmap's use now against its quota (what may still start), each server's use, the top consumers, watches firing. */
@Component(service = AppMapUsageResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/usage")
@Produces(MediaType.APPLICATION_JSON)
public class AppMapUsageResource {
    private final Monitoring monitoring;

    @Activate
    public AppMapUsageResource(@Reference Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "getAppMapUsage",
            summary = "Compare an appmap's use with its quota",
            description = "From the newest sampling round and the pods in the informer cache: the appmap's quota"
                    + " (cpu, memory, pods) with what its pods request and what may still be requested, each"
                    + " server's use against its requests and limits (the largest CPU user first), the five largest"
                    + " CPU and memory users, and the watches firing. Before the first round the use is absent.")
    @Answer(type = AppMapUsage.class, description = "The appmap's use against its quota")
    public AppMapUsage usage(@PathParam("service") String service, @PathParam("appmap") String appmap) {
        return monitoring.appMapUsage(service, appmap);
    }
}
