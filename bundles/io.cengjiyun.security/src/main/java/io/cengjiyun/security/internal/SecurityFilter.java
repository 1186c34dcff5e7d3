/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.ForbiddenException;
import io.cengjiyun.api.UnauthenticatedException;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Caller;
import io.cengjiyun.api.security.Membership;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.rest.Problem;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Authenticates and authorises every request to every bundle's resources, and audits every mutating one.
 * <ul>
 * <li>Credentials: {@code Authorization: Bearer <token>}, or the console's session cookie, which needs the
 * header {@value #CSRF_HEADER} on every request that changes something.</li>
 * <li>Authorisation: the resource method's (or class's) {@link Allow}; a method without one is closed to
 * everybody, so a new resource is denied until it says what it needs.</li>
 * <li>Audit: each POST, PUT, PATCH and DELETE, allowed or not, with its outcome.</li>
 * </ul>
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class})
@JakartarsExtension
@JakartarsName("cengjiyun.security")
@Priority(Priorities.AUTHENTICATION)
public class SecurityFilter implements ContainerRequestFilter, ContainerResponseFilter {
    static final String CALLER = "io.cengjiyun.security.caller";
    /** The hash of the token the request came with. */
    static final String TOKEN_HASH = "io.cengjiyun.security.tokenHash";
    /** Set by a resource that wrote its own audit record (sign-in, sign-out). */
    static final String AUDITED = "io.cengjiyun.security.audited";

    static final String SESSION_COOKIE = io.cengjiyun.security.Authentication.SESSION_COOKIE;
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String SIGN_IN = "Sign in first: send Authorization: Bearer <token>; POST /api/v1/auth/token"
            + " with {\"username\", \"password\"} gives one";

    private final Accounts accounts;

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest servlet;

    @Activate
    public SecurityFilter(@Reference Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Allow allow = allowOf(resource);
        boolean open = allow != null && allow.value() == Right.ANYONE;
        Caller caller;
        try {
            caller = authenticate(request);
        } catch (UnauthenticatedException e) {
            if (!open) {
                throw e;
            }
            caller = null; // bad credentials do not matter where none are needed
        }
        if (caller != null) {
            request.setProperty(CALLER, caller);
            request.setSecurityContext(
                    new CallerContext(caller, request.getSecurityContext().isSecure()));
        }
        if (allow == null) {
            Method method = resource == null ? null : resource.getResourceMethod();
            throw new ForbiddenException("This call is closed: "
                    + (method == null
                            ? "its resource method"
                            : method.getDeclaringClass().getName() + "." + method.getName())
                    + " declares no @Allow, and"
                    + " what declares nothing is denied. Its bundle must say who may call it"
                    + " (io.cengjiyun.api.security.Allow).");
        }
        if (!open) {
            if (caller == null) {
                throw new UnauthenticatedException(SIGN_IN);
            }
            String subject = subject(allow, request);
            if (!caller.has(allow.value(), subject)) {
                throw new ForbiddenException(denial(caller, allow.value(), subject));
            }
        }
        request.setProperty(Allow.AUTHORIZED_PROPERTY, Boolean.TRUE);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!MUTATING.contains(request.getMethod()) || request.getProperty(AUDITED) != null) {
            return;
        }
        Caller caller = (Caller) request.getProperty(CALLER);
        List<String> services = request.getUriInfo().getPathParameters().get("service");
        int status = response.getStatus();
        String detail = status >= 400 && response.getEntity() instanceof Problem problem ? problem.detail() : null;
        accounts.audit(new AuditRecord(
                0,
                accounts.now(),
                caller == null ? "anonymous" : caller.name(),
                address(servlet),
                request.getMethod(),
                "/" + request.getUriInfo().getPath(),
                services == null || services.isEmpty() ? null : services.get(0),
                status,
                AuditRecord.outcomeOf(status),
                detail));
    }

    static String address(HttpServletRequest servlet) {
        try {
            return servlet == null ? null : servlet.getRemoteAddr();
        } catch (IllegalStateException e) {
            return null; // outside a request
        }
    }

    private Caller authenticate(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new UnauthenticatedException(
                        "Only bearer tokens are accepted: send Authorization: Bearer <token>");
            }
            String token = header.substring(7).trim();
            Caller caller = accounts.authenticate(token, null);
            request.setProperty(TOKEN_HASH, Accounts.tokenHash(token));
            return caller;
        }
        Cookie session = request.getCookies().get(SESSION_COOKIE);
        if (session == null) {
            return null;
        }
        Caller caller = accounts.authenticate(session.getValue(), Accounts.KIND_SESSION);
        request.setProperty(TOKEN_HASH, Accounts.tokenHash(session.getValue()));
        if (MUTATING.contains(request.getMethod())) {
            String sent = request.getHeaderString(CSRF_HEADER);
            String expected = Secrets.csrf(session.getValue());
            if (sent == null
                    || !MessageDigest.isEqual(
                            sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
                throw new ForbiddenException("A change made with the session cookie needs the header " + CSRF_HEADER
                        + " with the csrfToken that POST /api/v1/auth/session returned");
            }
        }
        return caller;
    }

    static Allow allowOf(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        Allow allow = method.getAnnotation(Allow.class);
        return allow != null ? allow : resource.getResourceClass().getAnnotation(Allow.class);
    }

    private static String subject(Allow allow, ContainerRequestContext request) {
        String param = !allow.param().isEmpty() ? allow.param() : allow.value() == Right.SELF ? "user" : "service";
        List<String> values = request.getUriInfo().getPathParameters().get(param);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static String denial(Caller caller, Right right, String subject) {
        String who = "user '" + caller.name() + "'";
        if (right == Right.PLATFORM_ADMIN) {
            return "Only a platform administrator may do this, and " + who + " is not one";
        }
        if (right == Right.SELF) {
            return who + " may do this only for themselves, not for user '" + subject
                    + "' (a platform administrator may)";
        }
        if (subject == null) {
            return "This call names no service, so " + who + " cannot be granted " + right;
        }
        Membership membership = caller.memberships().get(subject);
        if (membership == null) {
            return who + " is not a member of service '" + subject + "': a service admin can add them";
        }
        if (right == Right.TERMINAL) {
            return who + " has no terminal right in service '" + subject + "': a service admin can grant it";
        }
        String needed = right == Right.SERVICE_ADMIN ? "admin" : right.name().toLowerCase(java.util.Locale.ROOT);
        return who + " is " + membership.role().id() + " of service '" + subject + "'; this needs the role " + needed
                + " or higher";
    }

    /** The request's security context once the caller is known. */
    record CallerContext(Caller caller, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return "platform-admin".equals(role) && caller.platformAdmin();
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
