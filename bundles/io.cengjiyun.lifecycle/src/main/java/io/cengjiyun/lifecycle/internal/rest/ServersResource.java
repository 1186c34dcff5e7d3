package io.cengjiyun.lifecycle.internal.rest;

import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Revision;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.rest.MediaTypes;
import io.cengjiyun.rest.Versions;
import io.cengjiyun.lifecycle.ServerManager;
import io.cengjiyun.lifecycle.internal.ServerDefinitions;
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
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Server definitions of an appmap, as JSON or YAML. Each create and update is a numbered revision;
 * PUT and DELETE honour If-Match so a stale client cannot overwrite a newer definition.
 */
@Component(service = ServersResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/servers")
@Produces({MediaType.APPLICATION_JSON, MediaTypes.APPLICATION_YAML, MediaTypes.TEXT_YAML})
public class ServersResource {
    private final HierarchyStore store;
    private final ServerManager servers;

    @Activate
    public ServersResource(@Reference HierarchyStore store, @Reference ServerManager servers) {
        this.store = store;
        this.servers = servers;
    }

    /** JSON comes straight from the stored definitions ({@link HierarchyStore#serversJson}); YAML through the records. */
    @GET
    @Allow(Right.VIEWER)
    public Response list(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @Context HttpHeaders headers) {
        MediaType yaml = yamlIfPreferred(headers);
        if (yaml != null) {
            return Response.ok(new GenericEntity<List<Server>>(store.listServers(service, appmap)) { }, yaml).build();
        }
        return Response.ok(store.serversJson(service, appmap), MediaType.APPLICATION_JSON_TYPE).build();
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
    public Response create(@PathParam("service") String service, @PathParam("appmap") String appmap,
            ServerDefinition definition, @QueryParam("message") String message,
            @Context SecurityContext security, @Context UriInfo uri) {
        Server created = servers.create(service, appmap, requireBody(definition), Versions.author(security),
                message == null ? "created" : message);
        return Response.created(uri.getAbsolutePathBuilder().path(created.name()).build())
                .tag(Versions.etag(created.version())).entity(created).build();
    }

    @GET
    @Path("{server}")
    @Allow(Right.VIEWER)
    public Response get(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @PathParam("server") String name) {
        Server server = find(service, appmap, name);
        return Response.ok(server).tag(Versions.etag(server.version())).build();
    }

    @PUT
    @Path("{server}")
    @Allow(Right.DEVELOPER)
    @Consumes({MediaType.APPLICATION_JSON, MediaTypes.APPLICATION_YAML, MediaTypes.TEXT_YAML})
    public Response update(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @PathParam("server") String name, ServerDefinition definition,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @QueryParam("message") String message,
            @Context SecurityContext security) {
        ServerDefinition body = requireBody(definition);
        Server updated = servers.update(service, appmap, ServerDefinitions.forPath(name, body),
                Versions.expected(ifMatch), Versions.author(security), message == null ? "updated" : message);
        return Response.ok(updated).tag(Versions.etag(updated.version())).build();
    }

    @DELETE
    @Path("{server}")
    @Allow(Right.DEVELOPER)
    public Response delete(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @PathParam("server") String name, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @QueryParam("stop") String stop, @QueryParam("volumes") String volumes, @Context SecurityContext security) {
        servers.delete(service, appmap, name, Versions.expected(ifMatch), flag("stop", stop), flag("volumes", volumes),
                Versions.author(security));
        return Response.noContent().build();
    }

    @GET
    @Path("{server}/revisions")
    @Allow(Right.VIEWER)
    public List<Revision> revisions(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @PathParam("server") String name) {
        find(service, appmap, name);
        return store.listRevisions(service, appmap, name);
    }

    @GET
    @Path("{server}/revisions/{number}")
    @Allow(Right.VIEWER)
    public Revision revision(@PathParam("service") String service, @PathParam("appmap") String appmap,
            @PathParam("server") String name, @PathParam("number") String number) {
        long n = parseRevision(number);
        return store.findRevision(service, appmap, name, n).orElseThrow(() -> new NotFoundException(
                "revision " + n + " of server '" + name + "' in appmap '" + appmap + "' of service '" + service + "'"));
    }

    private Server find(String service, String appmap, String name) {
        return store.findServer(service, appmap, name).orElseThrow(() -> new NotFoundException(
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
        throw new ValidationException(name, "'" + value + "' is not a yes or no: give ?" + name + "=true or leave it out");
    }

    private static ServerDefinition requireBody(ServerDefinition definition) {
        if (definition == null) {
            throw new ValidationException("body", "is empty: send a server definition as JSON or YAML");
        }
        return definition;
    }
}
