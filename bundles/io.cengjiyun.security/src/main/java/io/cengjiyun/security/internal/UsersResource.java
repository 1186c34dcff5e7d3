/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Caller;
import io.cengjiyun.api.security.Right;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** Users (platform administrators manage them; users read and change themselves) and their API tokens. */
@Component(service = UsersResource.class)
@JakartarsResource
@Path("users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {
    private final Accounts accounts;

    @Activate
    public UsersResource(@Reference Accounts accounts) {
        this.accounts = accounts;
    }

    @GET
    @Allow(Right.PLATFORM_ADMIN)
    public List<User> list() {
        return accounts.users();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.PLATFORM_ADMIN)
    public Response create(UserInput input, @Context UriInfo uri) {
        User created = accounts.createUser(input);
        return Response.created(
                        uri.getAbsolutePathBuilder().path(created.username()).build())
                .entity(created)
                .build();
    }

    @GET
    @Path("{user}")
    @Allow(Right.SELF)
    public User get(@PathParam("user") String user) {
        return accounts.user(user);
    }

    @PUT
    @Path("{user}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.SELF)
    public User update(
            @PathParam("user") String user,
            UserInput input,
            @Context SecurityContext security,
            @Context ContainerRequestContext request) {
        return accounts.updateUser(user, input, Caller.of(security.getUserPrincipal()), (String)
                request.getProperty(SecurityFilter.TOKEN_HASH));
    }

    @DELETE
    @Path("{user}")
    @Allow(Right.PLATFORM_ADMIN)
    public Response delete(@PathParam("user") String user) {
        accounts.deleteUser(user);
        return Response.noContent().build();
    }

    @GET
    @Path("{user}/tokens")
    @Allow(Right.SELF)
    public List<TokenInfo> tokens(@PathParam("user") String user) {
        return accounts.tokens(user);
    }

    @POST
    @Path("{user}/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.SELF)
    public Response createToken(@PathParam("user") String user, TokenRequest request, @Context UriInfo uri) {
        TokenInfo token = accounts.createToken(user, request);
        return Response.created(uri.getAbsolutePathBuilder().path(token.id()).build())
                .entity(token)
                .build();
    }

    @DELETE
    @Path("{user}/tokens/{id}")
    @Allow(Right.SELF)
    public Response revokeToken(@PathParam("user") String user, @PathParam("id") String id) {
        accounts.revokeToken(user, id);
        return Response.noContent().build();
    }
}
