/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerPort;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ServerManager;
import io.cengjiyun.rest.Versions;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The ports of a server and where they can be reached; developers replace them as a new revision of the server.
 * The ETag is the server's version, as on the server itself.
 */
@Component(service = PortsResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/servers/{server}/ports")
@Produces(MediaType.APPLICATION_JSON)
public class PortsResource {
    /** The request body's example in the API's document: the README's server's port and a second one. */
    static final String PORTS = "[{\"name\": \"http\", \"port\": 80, \"targetPort\": 8080, \"exposure\": \"NodePort\"},"
            + " {\"name\": \"admin\", \"port\": 9090, \"targetPort\": 8080, \"exposure\": \"NodePort\"}]";

    static final String MESSAGE = "ports changed";

    private final ServerManager servers;
    private final PortsLookup lookup;
    private final ClusterServices services;

    @Activate
    public PortsResource(
            @Reference HierarchyStore store, @Reference ServerManager servers, @Reference ClusterRegistry clusters) {
        this(servers, new PortsLookup(store, clusters), new LiveClusterServices(clusters));
    }

    PortsResource(ServerManager servers, PortsLookup lookup, ClusterServices services) {
        this.servers = servers;
        this.lookup = lookup;
        this.services = services;
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "listServerPorts",
            summary = "List a server's ports and their addresses",
            description = "The server's ports with their defaults filled in, the node port the cluster holds for"
                    + " each, and where each can be reached now (`host:port`; `pending` while a load balancer has"
                    + " no address). No addresses while the cluster has no Service for the server. The ETag is"
                    + " the server's version. 503 if the cluster has not been reached since it was registered.")
    @Answer(
            status = 200,
            type = PortView.class,
            list = true,
            headers = {"ETag"},
            description = "The server's ports")
    public Response get(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String name) {
        Server server = lookup.server(service, appmap, name);
        return view(lookup.appMap(service, appmap), server);
    }

    /**
     * Replaces the server's ports ({@code []} removes them all) as its next revision, which the server manager applies.
     * The checks run before anything is stored, so a refused list leaves no revision behind.
     */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.DEVELOPER)
    @Operation(
            id = "replaceServerPorts",
            summary = "Replace a server's ports",
            description = "Stores the list as the server's ports (`[]` removes them all) in its next revision, and"
                    + " applies it to the server's Services. Checked before anything is stored: a fixed"
                    + " `nodePort` must be in " + PortRules.NODE_PORT_RANGE + " and not held by another Service"
                    + " of the cluster (else 409)."
                    + " Send the ETag of the server or of its ports as If-Match to change only the version read."
                    + " If the cluster does not answer, the revision stays stored and not applied (503).")
    @Answer(
            status = 200,
            type = PortView.class,
            list = true,
            headers = {"ETag"},
            description = "Stored and applied: the ports, with the server's new version as ETag")
    @Fails({409})
    public Response replace(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String name,
            @Doc(example = PORTS) List<ServerPort> ports,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        AppMap appMap = lookup.appMap(service, appmap);
        Server updated = update(service, appmap, appMap, name, ports, ifMatch, Versions.author(security));
        List<PortView> view;
        try {
            view = lookup.ports(appMap, updated);
        } catch (UnavailableException e) { // stored and applied as the store says: only the addresses are unknown
            view = PortAddresses.of(
                    appMap.effectiveNamespace(), updated.definition().ports(), null, List.of());
        }
        return view(view, updated);
    }

    /** Checks the ports against the stored server and the cluster, then stores them as the server's next revision. */
    Server update(
            String service,
            String appmap,
            AppMap appMap,
            String name,
            List<ServerPort> ports,
            String ifMatch,
            String author) {
        if (ports == null) {
            throw new ValidationException(
                    "body",
                    "is empty: send the server's ports as a JSON list, e.g."
                            + " [{\"name\": \"http\", \"port\": 80, \"targetPort\": 8080}], or [] to remove them all");
        }
        long expected = Versions.expected(ifMatch);
        Server current = lookup.server(service, appmap, name);
        ServerDefinition changed = current.definition().withPorts(ports);
        ValidationException.throwIfAny(PortRules.check(changed));
        if (NodePortCheck.anyFixed(ports)) {
            NodePortCheck.check(appMap.cluster(), appMap.effectiveNamespace(), name, ports, liveServices(appMap, name));
        }
        return servers.update(service, appmap, changed, expected, author, MESSAGE);
    }

    private Response view(AppMap appMap, Server server) {
        return view(lookup.ports(appMap, server), server);
    }

    private static Response view(List<PortView> ports, Server server) {
        return Response.ok(new GenericEntity<List<PortView>>(ports) {})
                .tag(new EntityTag(Long.toString(server.version())))
                .build();
    }

    private List<io.fabric8.kubernetes.api.model.Service> liveServices(AppMap appMap, String server) {
        try {
            return services.list(appMap.cluster());
        } catch (KubernetesClientException e) {
            throw new UnavailableException(
                    "Could not check the node ports of server '" + server + "': cluster '"
                            + appMap.cluster() + "' does not answer (" + e.getMessage()
                            + "). The ports were not changed;"
                            + " retry when the cluster answers.",
                    e);
        }
    }
}
