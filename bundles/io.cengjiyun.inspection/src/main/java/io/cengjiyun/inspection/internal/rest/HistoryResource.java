/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal.rest;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.inspection.ServerHistory;
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

/** A server's rollout history: each revision (who, when, why) with its rollouts (result, how long they took). */
@Component(service = HistoryResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/servers/{server}/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {
    private final Inspections inspections;

    @Activate
    public HistoryResource(@Reference Inspections inspections) {
        this.inspections = inspections;
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "getServerHistory",
            summary = "Read a server's rollout history",
            description = "Every stored revision of the server, newest first (who made it, when, why), each with the"
                    + " rollouts that applied it (the action, who, when, how it ended and how long it took), and the"
                    + " revision the cluster runs now. The history is in the database: it is answered while the"
                    + " cluster is unreachable, `running` then left out.")
    @Answer(type = ServerHistory.class, description = "The revisions, newest first, with their rollouts")
    public ServerHistory history(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server) {
        return inspections.history(service, appmap, server);
    }
}
