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

/** A service's appmaps at a glance: servers by state, failing ones, pods. */
@Component(service = ServiceOverviewResource.class)
@JakartarsResource
@Path("services/{service}/overview")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceOverviewResource {
    private final Inspections inspections;

    @Activate
    public ServiceOverviewResource(@Reference Inspections inspections) {
        this.inspections = inspections;
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "getServiceOverview",
            summary = "See a service's appmaps at a glance",
            description = "Each appmap of the service with its cluster and namespace, its servers counted by state,"
                    + " how many fail, its pods and ready pods. An appmap whose cluster cannot be read is still"
                    + " listed, with `unavailable` saying why and no counts.")
    @Answer(type = Overviews.ServiceOverview.class, description = "The service's appmaps")
    public Overviews.ServiceOverview overview(@PathParam("service") String service) {
        return inspections.serviceOverview(service);
    }
}
