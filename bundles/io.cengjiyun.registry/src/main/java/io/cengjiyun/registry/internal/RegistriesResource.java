/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import io.cengjiyun.api.ForbiddenException;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
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
 * The image registries of a service: {@code GET|POST /services/{service}/registries}, {@code GET|PUT|DELETE
 * /services/{service}/registries/{name}}. Members read them (never a password); the service's administrators write
 * them. Every write is followed at once by the pull secrets of every appmap namespace of the service, each appmap's
 * outcome in the answer.
 */
@Component(service = RegistriesResource.class)
@JakartarsResource
@Produces(MediaType.APPLICATION_JSON)
@Path("services/{service}/registries")
public class RegistriesResource {
    // the request bodies' examples in the API's document (OpenApiIT sends each to its operation)
    static final String NEW = "{\"name\": \"team-registry\", \"address\": \"registry.example.com:5443\","
            + " \"username\": \"shop-puller\", \"password\": \"pull-s3cret\"}";
    static final String CHANGED =
            "{\"address\": \"registry.example.com:5443\", \"username\": \"shop-puller\", \"password\": \"n3w-s3cret\"}";

    private final HierarchyStore store;
    private final Registries registries;
    private final PullSecrets secrets;

    @Activate
    public RegistriesResource(
            @Reference HierarchyStore store, @Reference Registries registries, @Reference PullSecrets secrets) {
        this.store = store;
        this.registries = registries;
        this.secrets = secrets;
    }

    @GET
    @Allow(Right.VIEWER)
    @Operation(
            id = "listRegistries",
            summary = "List a service's image registries",
            description = "Each registry of the service with its address, user and pull secret's name; never a"
                    + " password.")
    @Answer(status = 200, type = RegistryView.class, list = true, description = "The service's registries")
    @Fails({404})
    public Response list(@PathParam("service") String service) {
        RegistryRules.requireService(store, service);
        List<RegistryView> views =
                registries.usable(service).stream().map(r -> r.view(service)).toList();
        return Response.ok(new GenericEntity<List<RegistryView>>(views) {}).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.SERVICE_ADMIN)
    @Operation(
            id = "createRegistry",
            summary = "Add an image registry to a service",
            description = "Stores the registry (its password sealed) and writes its image pull secret"
                    + " `cj-registry-<name>` (type kubernetes.io/dockerconfigjson) into every appmap namespace of the"
                    + " service; `appmaps` says, per appmap, whether it was applied. A server whose image is"
                    + " `<address>/<repository>:<tag>` gets the secret in its pods from its next apply. An appmap"
                    + " whose cluster does not answer gets it when the platform starts again or at the registry's"
                    + " next change. 409 if one of the name exists.")
    @Answer(
            status = 201,
            type = RegistryView.class,
            headers = {"ETag", "Location"},
            description = "Created: the registry (no password), its version as ETag, its pull secrets' outcome")
    @Fails({404, 409, 422})
    public Response create(
            @PathParam("service") String service,
            @Doc(example = NEW) RegistryInput input,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        RegistryRules.requireService(store, service);
        Registry made = registries.create(service, input, Versions.author(security));
        return Response.created(uri.getAbsolutePathBuilder().path(made.name()).build())
                .entity(made.view(service).withAppMaps(secrets.apply(made, null)))
                .tag(Versions.etag(made.version()))
                .build();
    }

    @GET
    @Path("{name}")
    @Allow(Right.VIEWER)
    @Operation(
            id = "getRegistry",
            summary = "Read an image registry",
            description = "The registry (never its password), its version as ETag.")
    @Answer(
            status = 200,
            type = RegistryView.class,
            headers = {"ETag"},
            description = "The registry")
    @Fails({404})
    public Response get(@PathParam("service") String service, @PathParam("name") String name) {
        RegistryRules.requireService(store, service);
        Registry r = registries.getUsable(service, name);
        return Response.ok(r.view(service)).tag(Versions.etag(r.version())).build();
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.SERVICE_ADMIN)
    @Operation(
            id = "updateRegistry",
            summary = "Change an image registry",
            description = "Replaces its address, user, authority and (when given) password, and writes its pull"
                    + " secret again into every appmap namespace of the service, in place: pods that could not pull"
                    + " (a wrong or old password) pull on their next retry, without a change to their servers. With"
                    + " If-Match, only on that version (412 otherwise).")
    @Answer(
            status = 200,
            type = RegistryView.class,
            headers = {"ETag"},
            description = "The changed registry (no password), its pull secrets' outcome")
    @Fails({403, 404, 409, 412, 422})
    public Response update(
            @PathParam("service") String service,
            @PathParam("name") String name,
            @Doc(example = CHANGED) RegistryInput input,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        RegistryRules.requireService(store, service);
        ownedHere(service, name);
        Registry[] changed =
                registries.replace(service, name, input, Versions.expected(ifMatch), Versions.author(security));
        Registry now = changed[0];
        return Response.ok(now.view(service).withAppMaps(secrets.apply(now, changed[1])))
                .tag(Versions.etag(now.version()))
                .build();
    }

    @DELETE
    @Path("{name}")
    @Allow(Right.SERVICE_ADMIN)
    @Operation(
            id = "deleteRegistry",
            summary = "Remove an image registry",
            description = "Forgets the registry and deletes its pull secret from every appmap namespace of the"
                    + " service. Pods running keep running; new pods of servers whose images come from it cannot"
                    + " pull them any more. With If-Match, only on that version (412 otherwise).")
    @Answer(
            status = 200,
            type = RegistryView.class,
            description = "The registry that was removed, with its pull secrets' outcome")
    @Fails({403, 404, 412})
    public Response delete(
            @PathParam("service") String service,
            @PathParam("name") String name,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        RegistryRules.requireService(store, service);
        ownedHere(service, name);
        Registry gone = registries.delete(service, name, Versions.expected(ifMatch));
        return Response.ok(gone.view(service).withAppMaps(secrets.remove(gone))).build();
    }

    /** A registry another service shares with this one is changed by that service only. */
    private void ownedHere(String service, String name) {
        if (registries.registry(service, name).isEmpty()) {
            registries.usable(service, name).ifPresent(shared -> {
                throw new ForbiddenException("Registry '" + name + "' is service '" + shared.service()
                        + "''s, shared with service '" + service + "': only the administrators of '"
                        + shared.service() + "' change or remove it");
            });
        }
    }
}
