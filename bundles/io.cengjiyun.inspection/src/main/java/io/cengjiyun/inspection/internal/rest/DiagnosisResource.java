/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal.rest;

import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.inspection.Diagnosis;
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

/** Why a server is not running: its state and every cause found, the first blocking one first. */
@Component(service = DiagnosisResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/servers/{server}/diagnosis")
@Produces(MediaType.APPLICATION_JSON)
public class DiagnosisResource {
    private final Inspector inspector;

    @Activate
    public DiagnosisResource(@Reference Inspector inspector) {
        this.inspector = inspector;
    }

    @GET
    @Allow(Right.VIEWER)
    public Diagnosis diagnosis(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server) {
        return inspector.diagnose(service, appmap, server);
    }
}
