/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** The first run's local cluster: where its setup stands, and starting it again. */
@Component(service = LocalClusterResource.class)
@JakartarsResource
@Path("setup/local-cluster")
@Produces(MediaType.APPLICATION_JSON)
@Doc("The first run: the local Kubernetes (tools/kube-local) that ./run.sh brings up and registers as `local`")
public class LocalClusterResource {
    private final LocalClusterSetup setup;

    @Activate
    public LocalClusterResource(@Reference LocalClusterSetup setup) {
        this.setup = setup;
    }

    @GET
    @Allow(Right.USER)
    @Operation(
            id = "getLocalClusterSetup",
            summary = "Read the local cluster's setup",
            description = "Whether the first run's local cluster is off, not needed (a cluster was registered), cannot"
                    + " run here (and what to do instead), coming up (with the last lines of its progress), ready"
                    + " and registered, or failed (and why). Poll it while `STARTING`.")
    @Answer(status = 200, type = LocalClusterStatus.class, description = "Where the setup stands")
    public LocalClusterStatus status() {
        return setup.status();
    }

    @POST
    @Allow(Right.PLATFORM_ADMIN)
    @Operation(
            id = "startLocalClusterSetup",
            summary = "Bring the local cluster up",
            description = "Starts `tools/kube-local/kube-local up` in the background and registers the cluster as"
                    + " `local` when its node is Ready (10 to 20 minutes the first time, under a second when it runs"
                    + " already): after a failure, or to add it beside clusters registered already. Coming up or"
                    + " ready already: nothing more is done. Refused (409) when it cannot run here: this runtime"
                    + " was not started by ./run.sh from a checkout, or not as root on Linux; the detail says what"
                    + " to do instead.")
    @Answer(status = 202, type = LocalClusterStatus.class, description = "Coming up (or up already): the status")
    @Fails({409})
    public Response start() {
        return Response.accepted(setup.start()).build();
    }
}
