package io.cengjiyun.lifecycle.internal.rest;

import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.lifecycle.internal.ServerActions;
import io.cengjiyun.rest.Versions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** The state of every server of an appmap (from the informer caches), and reconciling them all. */
@Component(service = AppMapStatusResource.class)
@JakartarsResource
@Path("services/{service}/appmaps")
@Produces(MediaType.APPLICATION_JSON)
public class AppMapStatusResource {
    private final ServerActions actions;

    @Activate
    public AppMapStatusResource(@Reference ServerActions actions) {
        this.actions = actions;
    }

    @GET
    @Path("{appmap}/status")
    @Allow(Right.VIEWER)
    public List<ServerActions.NamedStatus> status(@PathParam("service") String service, @PathParam("appmap") String appmap) {
        return actions.appMapStatus(service, appmap);
    }

    @POST
    @Path("{appmap}/reconcile")
    @Allow(Right.DEVELOPER)
    public List<ServerActions.NamedStatus> reconcile(@PathParam("service") String service,
            @PathParam("appmap") String appmap, @Context SecurityContext security) {
        return actions.reconcileAll(service, appmap, Versions.author(security));
    }
}
