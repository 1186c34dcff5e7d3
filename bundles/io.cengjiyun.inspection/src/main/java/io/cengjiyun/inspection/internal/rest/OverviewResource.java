/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal.rest;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Operation;
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
    @Operation(
            id = "getAppMapOverview",
            summary = "See an appmap at a glance",
            description = "The appmap's servers counted by state, every server (failing ones first, with the first"
                    + " cause that keeps it from running, then by name) with its pods, the appmap's pods and ready"
                    + " pods, container restarts in the last hour, and the sections other running bundles add (e.g."
                    + " `usage` from monitoring). Read from the informer caches; 503 while the appmap's cluster has"
                    + " not been reached.")
    @Answer(type = AppMapOverview.class, description = "The appmap at a glance")
    public AppMapOverview overview(@PathParam("service") String service, @PathParam("appmap") String appmap) {
        return inspector.overview(service, appmap);
    }
}
