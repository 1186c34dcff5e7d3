/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.CengjiyunException;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
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
    public TokenInfo token(Credentials credentials, @Context ContainerRequestContext request) {
        return login(credentials, request, Accounts.KIND_LOGIN);
    }

    @POST
    @Path("session")
    @Allow(Right.ANYONE)
    public Response session(Credentials credentials, @Context ContainerRequestContext request) {
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

    @DELETE
    @Path("session")
    @Allow(Right.ANYONE)
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
