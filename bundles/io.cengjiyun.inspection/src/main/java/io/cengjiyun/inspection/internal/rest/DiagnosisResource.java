/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal.rest;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Operation;
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
    @Operation(
            id = "diagnoseServer",
            summary = "Diagnose why a server is not running",
            description = "The server's state and status message, with every cause found on its live objects that"
                    + " keeps it from running (quota exceeded, unschedulable, claim not bound, image pull, OOM-killed,"
                    + " crash loop, container config, failing probe, stalled rollout), the first blocking one first."
                    + " A server `RUNNING`, `STOPPED` or `COMPLETED` has none. Read from the informer caches (the last"
                    + " log line of a crashing container is fetched once per crash); changes nothing.")
    @Answer(type = Diagnosis.class, description = "The server's state and the causes found")
    public Diagnosis diagnosis(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server) {
        return inspector.diagnose(service, appmap, server);
    }
}
