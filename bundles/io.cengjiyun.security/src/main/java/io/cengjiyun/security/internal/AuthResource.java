/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.CengjiyunException;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Signing in: POST /auth/token gives an API caller a bearer token; POST /auth/session gives the console an
 * HttpOnly, SameSite=Strict session cookie and the CSRF token to send with its changes. Every attempt,
 * successful or not, is audited as LOGIN.
 */
@Component(service = AuthResource.class)
@JakartarsResource
@Path("auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {
    /** The request body's example in the API's document: the user UsersResource's example creates. */
    static final String CREDENTIALS = "{\"username\": \"ana\", \"password\": \"correct-horse-battery\"}";

    private final Accounts accounts;

    @Context
    HttpServletRequest servlet;

    @Activate
    public AuthResource(@Reference Accounts accounts) {
        this.accounts = accounts;
    }

    @POST
    @Path("token")
    @Allow(Right.ANYONE)
    @Operation(
            id = "signIn",
            summary = "Sign in for a bearer token",
            description = "Checks the user name and password and answers a new sign-in token (kind `login`), valid"
                    + " for the configured loginTokenHours (12 by default): send it as `Authorization: Bearer"
                    + " <token>`. Its secret `token` is in this answer only. A wrong name and a wrong password get"
                    + " the same 401; after too many failures for the user or from the address, 429 until"
                    + " Retry-After. Every attempt is audited as LOGIN. With a valid session cookie, the request"
                    + " needs its X-CSRF-Token too (else 403).")
    @Answer(status = 200, type = TokenInfo.class, description = "Signed in: the token, with its secret")
    @Fails({401, 403, 429})
    public TokenInfo token(
            @Doc(example = CREDENTIALS) Credentials credentials, @Context ContainerRequestContext request) {
        return login(credentials, request, Accounts.KIND_LOGIN);
    }

    @POST
    @Path("session")
    @Allow(Right.ANYONE)
    @Operation(
            id = "startSession",
            summary = "Sign in to the console with a session cookie",
            description = "Checks the user name and password like `POST /auth/token`, then sets the HttpOnly,"
                    + " SameSite=Strict session cookie `cj_session` (a token of kind `session`, valid for"
                    + " loginTokenHours) and answers `{user, expiresAt, csrfToken}`: every change made with the"
                    + " cookie must send `csrfToken` as the X-CSRF-Token header. Audited as LOGIN; 429 after too"
                    + " many failures. With a valid session cookie already, the request needs its X-CSRF-Token"
                    + " too (else 403).")
    @Answer(
            status = 200,
            type = Map.class,
            headers = {"Set-Cookie"},
            description = "Signed in: `user`, `expiresAt` (UTC) and `csrfToken`; the session cookie is set")
    @Fails({401, 403, 429})
    public Response session(
            @Doc(example = CREDENTIALS) Credentials credentials, @Context ContainerRequestContext request) {
        TokenInfo session = login(credentials, request, Accounts.KIND_SESSION);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", session.user());
        body.put("expiresAt", session.expiresAt());
        body.put("csrfToken", Secrets.csrf(session.token()));
        int maxAge = (int) Duration.between(accounts.now(), session.expiresAt()).toSeconds();
        return Response.ok(body)
                .cookie(cookie(session.token(), maxAge, secure(request)))
                .build();
    }

    @GET
    @Path("session")
    @Allow(Right.USER)
    @Operation(
            id = "getSession",
            summary = "Read the console's session",
            description = "The user the `cj_session` cookie signs in and the session's `csrfToken` (to send as"
                    + " X-CSRF-Token with every change): what a console page opened in a new tab, or one that lost"
                    + " its storage, needs to go on (or to sign out). Readable by this origin only: browsers do not"
                    + " let another site's page read the answer. A request signed in with a bearer token has no"
                    + " session (404).")
    @Answer(status = 200, type = Map.class, description = "The session: `user` and `csrfToken`")
    @Fails({404})
    public Map<String, Object> currentSession(
            @CookieParam(SecurityFilter.SESSION_COOKIE) String token, @Context ContainerRequestContext request) {
        java.security.Principal caller = request.getSecurityContext().getUserPrincipal();
        // the security filter signed this request in with the cookie's token (not a bearer token sent beside it)
        if (token == null
                || caller == null
                || !Accounts.tokenHash(token).equals(request.getProperty(SecurityFilter.TOKEN_HASH))) {
            throw new io.cengjiyun.api.NotFoundException(
                    "A console session for this request (it is signed in with a bearer token, or has no cj_session"
                            + " cookie: sign in with POST /api/v1/auth/session)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", caller.getName());
        body.put("csrfToken", Secrets.csrf(token));
        return body;
    }

    @DELETE
    @Path("session")
    @Allow(Right.ANYONE)
    @Operation(
            id = "signOut",
            summary = "Sign out of the console",
            description = "Revokes the session the `cj_session` cookie holds, audits it as LOGOUT, and clears the"
                    + " cookie. Without a cookie (or with one already revoked or expired) it only clears it: 204"
                    + " either way. With a valid cookie it needs the X-CSRF-Token header (else 403). Bearer tokens"
                    + " are revoked with `DELETE /users/{user}/tokens/{id}`.")
    @Answer(
            status = 204,
            headers = {"Set-Cookie"},
            description = "Signed out: the session cookie is cleared")
    @Fails({403})
    public Response endSession(
            @CookieParam(SecurityFilter.SESSION_COOKIE) String token, @Context ContainerRequestContext request) {
        if (token != null) {
            accounts.logout(token);
            request.setProperty(SecurityFilter.AUDITED, Boolean.TRUE);
            String user = request.getSecurityContext().getUserPrincipal() == null
                    ? "anonymous"
                    : request.getSecurityContext().getUserPrincipal().getName();
            accounts.audit(new AuditRecord(
                    0,
                    accounts.now(),
                    user,
                    SecurityFilter.address(servlet),
                    "LOGOUT",
                    "/auth/session",
                    null,
                    204,
                    "success",
                    null));
        }
        return Response.noContent().cookie(cookie("", 0, secure(request))).build();
    }

    private TokenInfo login(Credentials credentials, ContainerRequestContext request, String kind) {
        String address = SecurityFilter.address(servlet);
        request.setProperty(SecurityFilter.AUDITED, Boolean.TRUE);
        String user = credentials == null || credentials.username() == null ? "anonymous" : credentials.username();
        try {
            TokenInfo token = accounts.login(credentials, address == null ? "unknown" : address, kind);
            accounts.audit(new AuditRecord(
                    0,
                    accounts.now(),
                    user,
                    address,
                    "LOGIN",
                    "/auth/" + kindPath(kind),
                    null,
                    200,
                    "success",
                    "token " + token.id()));
            return token;
        } catch (CengjiyunException e) {
            accounts.audit(new AuditRecord(
                    0,
                    accounts.now(),
                    user,
                    address,
                    "LOGIN",
                    "/auth/" + kindPath(kind),
                    null,
                    e.status(),
                    AuditRecord.outcomeOf(e.status()),
                    e.getMessage()));
            throw e;
        }
    }

    private static String kindPath(String kind) {
        return Accounts.KIND_SESSION.equals(kind) ? "session" : "token";
    }

    private static boolean secure(ContainerRequestContext request) {
        return request.getSecurityContext().isSecure()
                || "https".equalsIgnoreCase(request.getHeaderString("X-Forwarded-Proto"));
    }

    private static NewCookie cookie(String value, int maxAge, boolean secure) {
        return new NewCookie.Builder(SecurityFilter.SESSION_COOKIE)
                .value(value)
                .path("/")
                .maxAge(maxAge)
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }
}
