package io.cengjiyun.lifecycle.internal.rest;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Autoscaling;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerStatus;
import io.cengjiyun.lifecycle.internal.ServerActions;
import io.cengjiyun.rest.Versions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The lifecycle actions of a server (ARCHITECTURE's table), its observed state, and its rollout as Server-Sent
 * Events. Stop, start, restart and reconcile act on the cluster and answer the state; scale, rollback and autoscaling
 * store a new revision (answered with its ETag) that the store rolls out.
 */
@Component(service = ServerActionsResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/servers")
@Produces(MediaType.APPLICATION_JSON)
public class ServerActionsResource {
    /** The body of a scale. */
    public record Scale(Integer replicas) {
    }

    /** The body of a rollback. */
    public record Rollback(Long revision) {
    }

    private final ServerActions actions;
    private final ServerRuntime runtime;

    @Activate
    public ServerActionsResource(@Reference ServerActions actions, @Reference ServerRuntime runtime) {
        this.actions = actions;
        this.runtime = runtime;
    }

    @GET
    @Path("{server}/status")
    @Allow(Right.VIEWER)
    public ServerStatus status(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @PathParam("server") String server) {
        return actions.status(service, appmap, server);
    }

    @POST
    @Path("{server}/stop")
    @Allow(Right.DEVELOPER)
    public ServerStatus stop(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @PathParam("server") String server, @Context SecurityContext security) {
        return actions.stop(service, appmap, server, Versions.author(security));
    }

    @POST
    @Path("{server}/start")
    @Allow(Right.DEVELOPER)
    public ServerStatus start(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @PathParam("server") String server, @Context SecurityContext security) {
        return actions.start(service, appmap, server, Versions.author(security));
    }

    @POST
    @Path("{server}/restart")
    @Allow(Right.DEVELOPER)
    public ServerStatus restart(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @PathParam("server") String server, @Context SecurityContext security) {
        return actions.restart(service, appmap, server, Versions.author(security));
    }

    @POST
    @Path("{server}/reconcile")
    @Allow(Right.DEVELOPER)
    public ServerStatus reconcile(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @PathParam("server") String server, @Context SecurityContext security) {
        return actions.reconcile(service, appmap, server, Versions.author(security));
    }

    @POST
    @Path("{server}/scale")
    @Allow(Right.DEVELOPER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response scale(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @PathParam("server") String server, Scale body, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        Server scaled = actions.scale(service, appmap, server, require(body, "{\"replicas\": 3}").replicas(),
                Versions.expected(ifMatch), Versions.author(security));
        return revision(scaled);
    }

    @POST
    @Path("{server}/rollback")
    @Allow(Right.DEVELOPER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rollback(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @PathParam("server") String server, Rollback body, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        Server rolled = actions.rollback(service, appmap, server, require(body, "{\"revision\": 1}").revision(),
                Versions.expected(ifMatch), Versions.author(security));
        return revision(rolled);
    }

    @PUT
    @Path("{server}/autoscaling")
    @Allow(Right.DEVELOPER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response autoscale(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @PathParam("server") String server, Autoscaling body, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        Server changed = actions.autoscale(service, appmap, server,
                require(body, "{\"minReplicas\": 1, \"maxReplicas\": 4, \"cpuUtilization\": 70}"),
                Versions.expected(ifMatch), Versions.author(security));
        return revision(changed);
    }

    @DELETE
    @Path("{server}/autoscaling")
    @Allow(Right.DEVELOPER)
    public Response autoscaleOff(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @PathParam("server") String server, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        return revision(actions.autoscale(service, appmap, server, null, Versions.expected(ifMatch),
                Versions.author(security)));
    }

    /**
     * Follows the server's rollout as Server-Sent Events: a {@code progress} event whenever its state changes, then
     * {@code done} (running, stopped or completed, in sync with the stored revision), {@code failed} (with the reason)
     * or {@code timeout}.
     */
    @GET
    @Path("{server}/rollout")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Allow(Right.VIEWER)
    public void rollout(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @PathParam("server") String server, @QueryParam("timeout") String timeout, @Context SseEventSink sink,
            @Context Sse sse) {
        int seconds = Rollouts.timeout(timeout);
        AppMap appMap = actions.appMap(service, appmap);
        Server current = actions.server(service, appmap, server);
        try (SseEventSink events = sink) {
            Rollouts.follow(() -> runtime.status(appMap, current), actions.changes(appMap, current), seconds, (name, status) -> {
                if (events.isClosed()) {
                    return false;
                }
                events.send(name == null ? sse.newEventBuilder().comment("waiting").build()
                        : sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE)
                                .data(ServerStatus.class, status).build());
                return true;
            });
        }
    }

    private static Response revision(Server server) {
        return Response.ok(server).tag(Versions.etag(server.version())).build();
    }

    private static <T> T require(T body, String example) {
        if (body == null) {
            throw new ValidationException("body", "is empty: send JSON such as " + example);
        }
        return body;
    }
}
