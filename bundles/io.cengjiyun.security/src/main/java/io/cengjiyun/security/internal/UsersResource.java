/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
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
    // the request bodies' examples in the API's document (OpenApiIT sends each to its operation)
    static final String NEW_USER = "{\"username\": \"ana\", \"displayName\": \"Ana Lima\", \"password\":"
            + " \"correct-horse-battery\", \"platformAdmin\": false}";
    static final String CHANGED_USER = "{\"displayName\": \"Ana Lima (shop)\"}";
    static final String NEW_TOKEN = "{\"name\": \"ci\", \"expiresAt\": \"2030-01-01T00:00:00Z\"}";

    private final Accounts accounts;

    @Activate
    public UsersResource(@Reference Accounts accounts) {
        this.accounts = accounts;
    }

    @GET
    @Allow(Right.PLATFORM_ADMIN)
    @Operation(
            id = "listUsers",
            summary = "List the users",
            description = "Every user of the platform, without passwords and without their memberships (read one"
                    + " user for those).")
    @Answer(status = 200, type = User.class, list = true, description = "The users")
    public List<User> list() {
        return accounts.users();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.PLATFORM_ADMIN)
    @Operation(
            id = "createUser",
            summary = "Create a user",
            description = "Stores a new user with `username` and `password` (at least " + Passwords.MIN_LENGTH
                    + " characters), optionally a `displayName` and `platformAdmin`; the password is kept only as a"
                    + " salted PBKDF2 hash. The user belongs to no service until a service admin adds them (`PUT"
                    + " /services/{service}/members`). 409 if the name is taken.")
    @Answer(
            status = 201,
            type = User.class,
            headers = {"Location"},
            description = "Created: the user")
    @Fails({409})
    public Response create(@Doc(example = NEW_USER) UserInput input, @Context UriInfo uri) {
        User created = accounts.createUser(input);
        return Response.created(
                        uri.getAbsolutePathBuilder().path(created.username()).build())
                .entity(created)
                .build();
    }

    @GET
    @Path("{user}")
    @Allow(Right.SELF)
    @Operation(
            id = "getUser",
            summary = "Read a user and their memberships",
            description = "The user, with `memberships`: each service they belong to, their role in it and whether"
                    + " they may open terminals.")
    @Answer(status = 200, type = User.class, description = "The user, with their memberships")
    public User get(@PathParam("user") String user) {
        return accounts.user(user);
    }

    @PUT
    @Path("{user}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.SELF)
    @Operation(
            id = "updateUser",
            summary = "Change a user's display name, password or admin right",
            description = "Changes the fields given and keeps the others; `username`, if given, must be the path's"
                    + " (users cannot be renamed). Users changing their own password must give `currentPassword`"
                    + " (422 without it); a new password ends the user's other sign-ins (login and console"
                    + " tokens, not API tokens, nor the token of this request). Only a platform administrator may"
                    + " change `platformAdmin` (else 403); taking it from the last platform administrator is a"
                    + " 409.")
    @Answer(status = 200, type = User.class, description = "Changed: the user, with their memberships")
    @Fails({409})
    public User update(
            @PathParam("user") String user,
            @Doc(example = CHANGED_USER) UserInput input,
            @Context SecurityContext security,
            @Context ContainerRequestContext request) {
        return accounts.updateUser(user, input, Caller.of(security.getUserPrincipal()), (String)
                request.getProperty(SecurityFilter.TOKEN_HASH));
    }

    @DELETE
    @Path("{user}")
    @Allow(Right.PLATFORM_ADMIN)
    @Operation(
            id = "deleteUser",
            summary = "Delete a user",
            description = "Deletes the user with all their tokens (signed-in sessions end at once) and their"
                    + " memberships of services. The audit log keeps their records. The last platform"
                    + " administrator cannot be deleted (409).")
    @Answer(status = 204, description = "Deleted")
    @Fails({409})
    public Response delete(@PathParam("user") String user) {
        accounts.deleteUser(user);
        return Response.noContent().build();
    }

    @GET
    @Path("{user}/tokens")
    @Allow(Right.SELF)
    @Operation(
            id = "listTokens",
            summary = "List a user's tokens",
            description = "Every token of the user, oldest first: API tokens, sign-in tokens and console sessions"
                    + " (`kind`), with when each was made, expires and was last used; never their secrets.")
    @Answer(status = 200, type = TokenInfo.class, list = true, description = "The user's tokens, without secrets")
    public List<TokenInfo> tokens(@PathParam("user") String user) {
        return accounts.tokens(user);
    }

    @POST
    @Path("{user}/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allow(Right.SELF)
    @Operation(
            id = "createToken",
            summary = "Create an API token",
            description = "Makes an API token (kind `api`) for the user, named after its use, valid until"
                    + " `expiresAt` (default: the configured apiTokenDays, 90 by default). The answer holds the"
                    + " secret `token` once: it is stored only as a hash and cannot be read again. Send it as"
                    + " `Authorization: Bearer <token>`.")
    @Answer(
            status = 201,
            type = TokenInfo.class,
            headers = {"Location"},
            description = "Created: the token, with its secret (shown once)")
    public Response createToken(
            @PathParam("user") String user, @Doc(example = NEW_TOKEN) TokenRequest request, @Context UriInfo uri) {
        TokenInfo token = accounts.createToken(user, request);
        return Response.created(uri.getAbsolutePathBuilder().path(token.id()).build())
                .entity(token)
                .build();
    }

    @DELETE
    @Path("{user}/tokens/{id}")
    @Allow(Right.SELF)
    @Operation(
            id = "revokeToken",
            summary = "Revoke a token",
            description = "Deletes the user's token of this id, of any kind (an API token, a sign-in or a console"
                    + " session): it is refused from now on.")
    @Answer(status = 204, description = "Revoked")
    public Response revokeToken(@PathParam("user") String user, @PathParam("id") String id) {
        accounts.revokeToken(user, id);
        return Response.noContent().build();
    }
}
