/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal.rest;

import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.inspection.AppMapOverview;
import io.cengjiyun.inspection.Inspector;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** An appmap at a glance: servers by state, failing ones first with their cause, pods, restarts in the last hour. */
@Component(service = OverviewResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/overview")
@Produces(MediaType.APPLICATION_JSON)
public class OverviewResource {
    private final Inspector inspector;

    @Activate
    public OverviewResource(@Reference Inspector inspector) {
        this.inspector = inspector;
    }

    @GET
    @Allow(Right.VIEWER)
    public AppMapOverview overview(@PathParam("service") String service, @PathParam("appmap") String appmap) {
        return inspector.overview(service, appmap);
    }
}
