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
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.api.validation.Rules;
import io.cengjiyun.lifecycle.ServerManager;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerStatus;
import io.cengjiyun.lifecycle.internal.RuntimeParts;
import io.cengjiyun.lifecycle.internal.ServerActions;
import io.cengjiyun.lifecycle.internal.ServerDefinitions;
import io.cengjiyun.rest.MediaTypes;
import io.cengjiyun.rest.OpenStreams;
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
    // the request bodies' examples in the API's document (OpenApiIT sends each to its operation): the README's tour
    static final String NEW_SERVER = """
            {"name": "web", "kind": "Deployment", "replicas": 2,
             "containers": [{"name": "web", "image": "cengjiyun.test/busybox:1", "imagePullPolicy": "Never",
                             "command": ["sh", "-c", "mkdir -p /www && echo hello > /www/index.html \
            && exec httpd -f -p 8080 -h /www"],
                             "ports": [{"containerPort": 8080}],
                             "readinessProbe": {"httpGet": {"path": "/", "port": 8080}}}],
             "ports": [{"name": "http", "port": 80, "targetPort": 8080, "exposure": "NodePort"}],
             "updateStrategy": {"maxSurge": "25%", "maxUnavailable": 0}}""";
    static final String CHANGED_SERVER = """
            {"name": "web", "kind": "Deployment", "replicas": 3,
             "containers": [{"name": "web", "image": "cengjiyun.test/busybox:1", "imagePullPolicy": "Never",
                             "command": ["sh", "-c", "mkdir -p /www && echo hello again > /www/index.html \
            && exec httpd -f -p 8080 -h /www"],
                             "env": [{"name": "GREETING", "value": "hello again"}],
                             "ports": [{"containerPort": 8080}],
                             "readinessProbe": {"httpGet": {"path": "/", "port": 8080}}}],
             "ports": [{"name": "http", "port": 80, "targetPort": 8080, "exposure": "NodePort"}],
             "updateStrategy": {"maxSurge": "25%", "maxUnavailable": 0}}""";
    static final String AUTOSCALING = "{\"minReplicas\": 2, \"maxReplicas\": 4, \"cpuUtilization\": 70}";

    /** The body of a scale. */
    @Doc("The replicas to scale a server to")
    public record Scale(
            @Doc(
                    value = "How many pods the server runs; 0 keeps it without pods (stop remembers its replicas"
                            + " instead)",
                    example = "3",
                    required = true,
                    minimum = 0,
                    maximum = Rules.MAX_REPLICAS)
            Integer replicas) {}

    /** The body of a rollback. */
    @Doc("The revision to roll a server back to")
    public record Rollback(
            @Doc(
                    value = "The number of the revision whose definition to store again (GET .../revisions lists"
                            + " them)",
                    example = "1",
                    required = true,
                    minimum = 1)
            Long revision) {}

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

    /** Ends the open stream with a reconnect hint when the runtime begins to stop. */
    @Reference
    OpenStreams streams;

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
    @Operation(
            id = "listServers",
            summary = "List the servers of an appmap",
            description =
                    "The appmap's servers with their current definitions, by name: JSON, or YAML when Accept prefers"
                            + " application/yaml or text/yaml to JSON.")
    @Answer(status = 200, type = Server.class, list = true, description = "The servers, by name")
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
    @Operation(
            id = "createServer",
            summary = "Create a server",
            description =
                    "Checks the definition (its core fields, and each section by the running bundle that owns it),"
                            + " stores it as revision 1 and applies it on the appmap's cluster, where its rollout starts. If the"
                            + " cluster refuses it, nothing is stored (409 or 422). If the cluster does not answer, revision 1"
                            + " stays stored but not applied (503): its state shows the drift until a reconcile. The body is"
                            + " JSON or YAML.")
    @Answer(
            status = 201,
            type = Server.class,
            description = "Created and applied: the stored server at revision 1",
            headers = {"ETag", "Location"})
    @Fails({409})
    public Response create(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @Doc(example = NEW_SERVER) ServerDefinition definition,
            @Doc(value = "Why: kept with the revision", example = "first version", defaultValue = "created")
                    @QueryParam("message")
                    String message,
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
    @Operation(
            id = "getServer",
            summary = "Read a server",
            description = "The stored server with its current definition, as JSON or YAML (Accept); its ETag is the"
                    + " number of its newest revision. Its state on the cluster is at .../status.")
    @Answer(
            status = 200,
            type = Server.class,
            description = "The server",
            headers = {"ETag"})
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
    @Operation(
            id = "updateServer",
            summary = "Update a server",
            description = "Stores the definition as the server's next revision and applies it (a rolling update where"
                    + " the kind has one). If the cluster refuses it, the new revision is discarded and the one before"
                    + " applied again (409 or 422); if the cluster does not answer, it stays stored but not applied"
                    + " (503). The name cannot change: leave it out or give the path's. With If-Match, the change is"
                    + " made only on that revision. The body is JSON or YAML.")
    @Answer(
            status = 200,
            type = Server.class,
            description = "The server at its new revision",
            headers = {"ETag"})
    @Fails({409})
    public Response update(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String name,
            @Doc(example = CHANGED_SERVER) ServerDefinition definition,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Doc(value = "Why: kept with the revision", example = "more memory", defaultValue = "updated")
                    @QueryParam("message")
                    String message,
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
    @Operation(
            id = "deleteServer",
            summary = "Delete a server",
            description = "Deletes the server's objects from the cluster, then its row and revisions. A server that"
                    + " runs is refused (409) unless `stop`; its persistent volume claims are kept unless `volumes`. A"
                    + " cluster that does not answer keeps the server (503). With If-Match, only at that revision.")
    @Answer(status = 204, type = Void.class, description = "Deleted")
    @Fails({409, 422})
    public Response delete(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String name,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Doc(
                            value = "Stop the server first if it runs: `true`, or `false` (the default); given without"
                                    + " a value: true. Anything else is refused (422)",
                            type = "boolean",
                            example = "true",
                            defaultValue = "false")
                    @QueryParam("stop")
                    String stop,
            @Doc(
                            value = "Delete its persistent volume claims, and their data, too: `true`, or `false` (the"
                                    + " default: they are kept); given without a value: true. Anything else is refused"
                                    + " (422)",
                            type = "boolean",
                            example = "false",
                            defaultValue = "false")
                    @QueryParam("volumes")
                    String volumes,
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
    @Operation(
            id = "listServerRevisions",
            summary = "List a server's revisions",
            description = "Every revision of the server's definition, newest first, with who made it, when and why.")
    @Answer(status = 200, type = Revision.class, list = true, description = "The revisions, newest first")
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
    @Operation(
            id = "getServerRevision",
            summary = "Read a revision of a server",
            description = "One revision of the server's definition by its number; a number that is not 1 or more is"
                    + " refused (422).")
    @Answer(status = 200, type = Revision.class, description = "The revision")
    @Fails({422})
    public Revision revision(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String name,
            @Doc(value = "The revision's number: 1, 2, 3...", example = "1") @PathParam("number") String number) {
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
    @Operation(
            id = "getServerStatus",
            summary = "Read a server's state",
            description = "The server's observed state, its pod counts, the revision the cluster runs and any drift"
                    + " from the stored one, from the cluster's informer caches (no request to the cluster); UNKNOWN"
                    + " while the cluster does not answer.")
    @Answer(status = 200, type = ServerStatus.class, description = "The server's state")
    public ServerStatus status(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server) {
        return actions("Reading a server's state").status(service, appmap, server);
    }

    @POST
    @Path("{server}/stop")
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "stopServer",
            summary = "Stop a server",
            description = "Stops the server without changing its definition: a Deployment or StatefulSet remembers its"
                    + " replicas and autoscaler, loses the autoscaler and scales to 0; a DaemonSet or Job is deleted"
                    + " from the cluster; a CronJob is suspended. Answers the state right after (STOPPING or STOPPED).")
    @Answer(status = 200, type = ServerStatus.class, description = "The server's state after the stop")
    @Fails({409, 422})
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
    @Operation(
            id = "startServer",
            summary = "Start a server",
            description = "Starts a stopped server again as stop left it: the same replicas, the autoscaler back; a"
                    + " server that runs is applied again as stored. Answers the state right after.")
    @Answer(status = 200, type = ServerStatus.class, description = "The server's state after the start")
    @Fails({409, 422})
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
    @Operation(
            id = "restartServer",
            summary = "Restart a server",
            description =
                    "Replaces the server's pods: a rollout restart of a Deployment, StatefulSet or DaemonSet; a Job"
                            + " runs again; a CronJob runs once now. The definition is not changed. A stopped server is refused"
                            + " (409): start it. Answers the state right after.")
    @Answer(status = 200, type = ServerStatus.class, description = "The server's state after the restart")
    @Fails({409, 422})
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
    @Operation(
            id = "reconcileServer",
            summary = "Reconcile a server",
            description = "Applies the stored definition again if the cluster drifted from it (its controller is"
                    + " missing, or runs another revision than the stored one); a server in sync is left alone. Answers"
                    + " the state after.")
    @Answer(status = 200, type = ServerStatus.class, description = "The server's state after the reconcile")
    @Fails({409, 422})
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
    @Operation(
            id = "scaleServer",
            summary = "Scale a server",
            description = "Sets the replicas of a Deployment or StatefulSet as a new revision (\"scaled to N\"), which"
                    + " is rolled out; other kinds are refused (422). Refused (409) while autoscaling is on (change its"
                    + " bounds instead) or while the server is stopped (start it first). With If-Match, only on that"
                    + " revision.")
    @Answer(
            status = 200,
            type = Server.class,
            description = "The server at its new revision",
            headers = {"ETag"})
    @Fails({409})
    public Response scale(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @Doc(example = "{\"replicas\": 3}") Scale body,
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
    @Operation(
            id = "rollbackServer",
            summary = "Roll a server back to a revision",
            description = "Stores the definition of an earlier revision as the next revision (\"rollback to revision"
                    + " N\") and rolls it out; history is kept. A revision that does not exist is refused (422), one of"
                    + " another kind too (409). With If-Match, only on that revision.")
    @Answer(
            status = 200,
            type = Server.class,
            description = "The server at its new revision",
            headers = {"ETag"})
    @Fails({409})
    public Response rollback(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @Doc(example = "{\"revision\": 1}") Rollback body,
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
    @Operation(
            id = "setServerAutoscaling",
            summary = "Set a server's autoscaling",
            description = "Turns autoscaling on, or changes its bounds, targets and behavior, as a new revision whose"
                    + " HorizontalPodAutoscaler is applied; then the autoscaler sets the replicas. Only a Deployment or"
                    + " a StatefulSet (else 422). With If-Match, only on that revision.")
    @Answer(
            status = 200,
            type = Server.class,
            description = "The server at its new revision",
            headers = {"ETag"})
    @Fails({409})
    public Response autoscale(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @Doc(example = AUTOSCALING) Autoscaling body,
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
    @Operation(
            id = "disableServerAutoscaling",
            summary = "Turn a server's autoscaling off",
            description = "Removes the autoscaling as a new revision; the server then runs its definition's replicas. A"
                    + " server without autoscaling is answered as it is (no new revision). Only a Deployment or a"
                    + " StatefulSet (else 422). With If-Match, only on that revision.")
    @Answer(
            status = 200,
            type = Server.class,
            description = "The server at its new revision (or as it was)",
            headers = {"ETag"})
    @Fails({409, 422})
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
    @Operation(
            id = "followServerRollout",
            summary = "Follow a server's rollout",
            description = "Server-Sent Events until the rollout ends: a `progress` event with the state (a ServerStatus"
                    + " as JSON) whenever it changes, a comment as keep-alive, then `done` (running, stopped or"
                    + " completed, in sync with the stored revision), `failed` (with the reason) or `timeout`. The"
                    + " states come from the informer caches, read again on every change of the server's objects. A"
                    + " replica that stops ends the stream with an event `reconnect` (retry in 1 s): follow again.")
    @Answer(
            status = 200,
            type = ServerStatus.class,
            mediaTypes = {MediaType.SERVER_SENT_EVENTS},
            description = "The event stream; each event's data is the server's state as JSON")
    @Fails({422})
    public void rollout(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @Doc(
                            value = "How long to follow, in seconds from 1 to " + Rollouts.MAX_TIMEOUT
                                    + ", before the stream ends with `timeout`",
                            type = "integer",
                            minimum = 1,
                            maximum = Rollouts.MAX_TIMEOUT,
                            example = "120",
                            defaultValue = "" + Rollouts.DEFAULT_TIMEOUT)
                    @QueryParam("timeout")
                    String timeout,
            @Context SseEventSink sink,
            @Context Sse sse) {
        int seconds = Rollouts.timeout(timeout);
        ServerActions following = actions("Following a rollout");
        ServerRuntime observing = RuntimeParts.require(runtime, "Following a rollout");
        AppMap appMap = following.appMap(service, appmap);
        Server current = following.server(service, appmap, server);
        try (SseEventSink events = sink;
                OpenStreams.Tracked tracked = streams.track(sink, sse)) {
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
