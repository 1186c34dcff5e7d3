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

/** The field drift of every server of an appmap, summed up (each server's detail: .../servers/{server}/drift). */
@Component(service = AppMapDriftResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/drift")
@Produces(MediaType.APPLICATION_JSON)
public class AppMapDriftResource {
    private final Inspections inspections;

    @Activate
    public AppMapDriftResource(@Reference Inspections inspections) {
        this.inspections = inspections;
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "getAppMapDrift",
            summary = "Sum up the drift of an appmap's servers",
            description = "Compares the live objects of each server of the appmap with what its stored revision"
                    + " renders and answers, per server, its drift state (`none`, `drifted`, `stopped`, or `unknown`"
                    + " with why when its cluster cannot be read) and how many fields differ, with the number of"
                    + " drifted servers. Reads the informer caches and changes nothing; one server's fields:"
                    + " `GET .../servers/{server}/drift`.")
    @Answer(type = Overviews.AppMapDrift.class, description = "Each server's drift, summed up")
    public Overviews.AppMapDrift drift(@PathParam("service") String service, @PathParam("appmap") String appmap) {
        return inspections.appMapDrift(service, appmap);
    }
}
