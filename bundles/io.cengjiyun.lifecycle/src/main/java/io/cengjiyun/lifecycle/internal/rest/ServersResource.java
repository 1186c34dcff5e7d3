/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.rest;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Autoscaling;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Revision;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.lifecycle.ServerManager;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerStatus;
import io.cengjiyun.lifecycle.internal.RuntimeParts;
import io.cengjiyun.lifecycle.internal.ServerActions;
import io.cengjiyun.lifecycle.internal.ServerDefinitions;
import io.cengjiyun.rest.MediaTypes;
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
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The servers of an appmap: their definitions, as JSON or YAML, and their lifecycle (ARCHITECTURE's table). Each create
 * and update is a numbered revision; PUT and DELETE honour If-Match so a stale client cannot overwrite a newer
 * definition. Stop, start, restart and reconcile act on the cluster and answer the state; scale, rollback and
 * autoscaling store a new revision (answered with its ETag) that the servers manager rolls out; the rollout can be
 * followed as Server-Sent Events. The one resource of this path: JAX-RS does not promise to merge two.
 */
@Component(service = ServersResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/servers")
@Produces({MediaType.APPLICATION_JSON, MediaTypes.APPLICATION_YAML, MediaTypes.TEXT_YAML})
public class ServersResource {
    /** The body of a scale. */
    public record Scale(Integer replicas) {}

    /** The body of a rollback. */
    public record Rollback(Long revision) {}

    private final HierarchyStore store;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServerManager servers;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServerActions actions;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServerRuntime runtime;

    @Activate
    public ServersResource(@Reference HierarchyStore store) {
        this.store = store;
    }

    private ServerManager servers(String action) {
        return RuntimeParts.require(servers, action);
    }

    private ServerActions actions(String action) {
        return RuntimeParts.require(actions, action);
    }

    /** JSON comes straight from the stored definitions ({@link HierarchyStore#serversJson}); YAML through the records. */
    @GET
    @Allow(Right.VIEWER)
    public Response list(
            @PathParam("service") String service, @PathParam("appmap") String appmap, @Context HttpHeaders headers) {
        MediaType yaml = yamlIfPreferred(headers);
        if (yaml != null) {
            return Response.ok(new GenericEntity<List<Server>>(store.listServers(service, appmap)) {}, yaml)
                    .build();
        }
        return Response.ok(store.serversJson(service, appmap), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** The YAML type the client asked for, if it prefers YAML to JSON. */
    private static MediaType yamlIfPreferred(HttpHeaders headers) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return null;
            }
            if (accepted.getSubtype().endsWith("yaml")) {
                return accepted;
            }
        }
        return null;
    }

    @POST
    @Allow(Right.DEVELOPER)
    @Consumes({MediaType.APPLICATION_JSON, MediaTypes.APPLICATION_YAML, MediaTypes.TEXT_YAML})
    public Response create(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            ServerDefinition definition,
            @QueryParam("message") String message,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Server created = servers("Creating a server")
                .create(
                        service,
                        appmap,
                        requireBody(definition),
                        Versions.author(security),
                        message == null ? "created" : message);
        return Response.created(
                        uri.getAbsolutePathBuilder().path(created.name()).build())
                .tag(Versions.etag(created.version()))
                .entity(created)
                .build();
    }

    @GET
    @Path("{server}")
    @Allow(Right.VIEWER)
    public Response get(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String name) {
        Server server = find(service, appmap, name);
        return Response.ok(server).tag(Versions.etag(server.version())).build();
    }

    @PUT
    @Path("{server}")
    @Allow(Right.DEVELOPER)
    @Consumes({MediaType.APPLICATION_JSON, MediaTypes.APPLICATION_YAML, MediaTypes.TEXT_YAML})
    public Response update(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String name,
            ServerDefinition definition,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @QueryParam("message") String message,
            @Context SecurityContext security) {
        ServerDefinition body = requireBody(definition);
        Server updated = servers("Updating a server")
                .update(
                        service,
                        appmap,
                        ServerDefinitions.forPath(name, body),
                        Versions.expected(ifMatch),
                        Versions.author(security),
                        message == null ? "updated" : message);
        return Response.ok(updated).tag(Versions.etag(updated.version())).build();
    }

    @DELETE
    @Path("{server}")
    @Allow(Right.DEVELOPER)
    public Response delete(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String name,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @QueryParam("stop") String stop,
            @QueryParam("volumes") String volumes,
            @Context SecurityContext security) {
        servers("Deleting a server")
                .delete(
                        service,
                        appmap,
                        name,
                        Versions.expected(ifMatch),
                        flag("stop", stop),
                        flag("volumes", volumes),
                        Versions.author(security));
        return Response.noContent().build();
    }

    @GET
    @Path("{server}/revisions")
    @Allow(Right.VIEWER)
    public List<Revision> revisions(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String name) {
        find(service, appmap, name);
        return store.listRevisions(service, appmap, name);
    }

    @GET
    @Path("{server}/revisions/{number}")
    @Allow(Right.VIEWER)
    public Revision revision(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String name,
            @PathParam("number") String number) {
        long n = parseRevision(number);
        return store.findRevision(service, appmap, name, n)
                .orElseThrow(() -> new NotFoundException("revision " + n + " of server '" + name + "' in appmap '"
                        + appmap + "' of service '" + service + "'"));
    }

    private Server find(String service, String appmap, String name) {
        return store.findServer(service, appmap, name)
                .orElseThrow(() -> new NotFoundException(
                        "server '" + name + "' in appmap '" + appmap + "' of service '" + service + "'"));
    }

    private static long parseRevision(String number) {
        try {
            long n = Long.parseLong(number);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ValidationException("revision", "'" + number + "' is not a revision number: use 1, 2, 3, ...");
    }

    /** A boolean query parameter: absent is false; anything but true or false is refused, naming it. */
    static boolean flag(String name, String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.isEmpty() || value.equals("true")) {
            return true;
        }
        throw new ValidationException(
                name, "'" + value + "' is not a yes or no: give ?" + name + "=true or leave it out");
    }

    private static ServerDefinition requireBody(ServerDefinition definition) {
        if (definition == null) {
            throw new ValidationException("body", "is empty: send a server definition as JSON or YAML");
        }
        return definition;
    }

    @GET
    @Path("{server}/status")
    @Allow(Right.VIEWER)
    public ServerStatus status(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server) {
        return actions("Reading a server's state").status(service, appmap, server);
    }

    @POST
    @Path("{server}/stop")
    @Allow(Right.DEVELOPER)
    public ServerStatus stop(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @Context SecurityContext security) {
        return actions("Stopping a server").stop(service, appmap, server, Versions.author(security));
    }

    @POST
    @Path("{server}/start")
    @Allow(Right.DEVELOPER)
    public ServerStatus start(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @Context SecurityContext security) {
        return actions("Starting a server").start(service, appmap, server, Versions.author(security));
    }

    @POST
    @Path("{server}/restart")
    @Allow(Right.DEVELOPER)
    public ServerStatus restart(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @Context SecurityContext security) {
        return actions("Restarting a server").restart(service, appmap, server, Versions.author(security));
    }

    @POST
    @Path("{server}/reconcile")
    @Allow(Right.DEVELOPER)
    public ServerStatus reconcile(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @Context SecurityContext security) {
        return actions("Reconciling a server").reconcile(service, appmap, server, Versions.author(security));
    }

    @POST
    @Path("{server}/scale")
    @Allow(Right.DEVELOPER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response scale(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            Scale body,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        Server scaled = actions("Scaling a server")
                .scale(
                        service,
                        appmap,
                        server,
                        require(body, "{\"replicas\": 3}").replicas(),
                        Versions.expected(ifMatch),
                        Versions.author(security));
        return revision(scaled);
    }

    @POST
    @Path("{server}/rollback")
    @Allow(Right.DEVELOPER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rollback(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            Rollback body,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        Server rolled = actions("Rolling a server back")
                .rollback(
                        service,
                        appmap,
                        server,
                        require(body, "{\"revision\": 1}").revision(),
                        Versions.expected(ifMatch),
                        Versions.author(security));
        return revision(rolled);
    }

    @PUT
    @Path("{server}/autoscaling")
    @Allow(Right.DEVELOPER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response autoscale(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            Autoscaling body,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        Server changed = actions("Autoscaling a server")
                .autoscale(
                        service,
                        appmap,
                        server,
                        require(body, "{\"minReplicas\": 1, \"maxReplicas\": 4, \"cpuUtilization\": 70}"),
                        Versions.expected(ifMatch),
                        Versions.author(security));
        return revision(changed);
    }

    @DELETE
    @Path("{server}/autoscaling")
    @Allow(Right.DEVELOPER)
    public Response autoscaleOff(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        return revision(actions("Autoscaling a server")
                .autoscale(service, appmap, server, null, Versions.expected(ifMatch), Versions.author(security)));
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
    public void rollout(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @QueryParam("timeout") String timeout,
            @Context SseEventSink sink,
            @Context Sse sse) {
        int seconds = Rollouts.timeout(timeout);
        ServerActions following = actions("Following a rollout");
        ServerRuntime observing = RuntimeParts.require(runtime, "Following a rollout");
        AppMap appMap = following.appMap(service, appmap);
        Server current = following.server(service, appmap, server);
        try (SseEventSink events = sink) {
            Rollouts.follow(
                    () -> observing.status(appMap, current),
                    following.changes(appMap, current),
                    seconds,
                    (name, status) -> {
                        if (events.isClosed()) {
                            return false;
                        }
                        events.send(
                                name == null
                                        ? sse.newEventBuilder()
                                                .comment("waiting")
                                                .build()
                                        : sse.newEventBuilder()
                                                .name(name)
                                                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                                                .data(ServerStatus.class, status)
                                                .build());
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
