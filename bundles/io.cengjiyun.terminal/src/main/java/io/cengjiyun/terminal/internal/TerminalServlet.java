/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import io.cengjiyun.api.CengjiyunException;
import io.cengjiyun.api.security.Caller;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.security.Authentication;
import io.fabric8.kubernetes.api.model.Pod;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The terminal's WebSocket endpoint: {@code /ws/v1/services/{service}/appmaps/{appmap}/servers/{server}/terminal}
 * with the query parameters {@code pod}, {@code container}, {@code cols}, {@code rows} and {@code ticket}.
 *
 * <p>It is a servlet, outside the REST layer and its security filter, so the upgrade is checked here through the
 * security bundle's {@link Authentication}: the {@code Origin}, then the caller (a single-use ticket from {@code POST
 * .../terminal/tickets}, else a bearer token, else the console's session cookie), then the terminal right of the
 * service. A refused upgrade is answered with its status (401, 403, 404, 422, 429, 503) and audited.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(TerminalServlet.PATTERN)
@HttpWhiteboardServletName("cengjiyun-terminal")
public class TerminalServlet extends JettyWebSocketServlet {
    private static final long serialVersionUID = 1L;
    static final String PATTERN = "/ws/v1/*";
    static final Pattern PATH = Pattern.compile("/services/([^/]+)/appmaps/([^/]+)/servers/([^/]+)/terminal");

    private final transient Authentication auth;
    private final transient Targets targets;
    private final transient Sessions sessions;

    @Activate
    public TerminalServlet(@Reference Authentication auth, @Reference Targets targets, @Reference Sessions sessions) {
        this.auth = auth;
        this.targets = targets;
        this.sessions = sessions;
    }

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        // the sessions' own idle timeout and heartbeat decide; this only bounds a connection nobody watches
        factory.setIdleTimeout(
                sessions.idleTimeout.plus(sessions.heartbeat.multipliedBy(4)).plus(Duration.ofMinutes(1)));
        factory.setMaxBinaryMessageSize(64 * 1024);
        factory.setMaxTextMessageSize(4 * 1024);
        factory.setCreator(this::create);
    }

    private Object create(JettyServerUpgradeRequest request, JettyServerUpgradeResponse response) {
        HttpServletRequest http = request.getHttpServletRequest();
        String path = http.getPathInfo() == null ? "" : http.getPathInfo();
        String address = http.getRemoteAddr();
        Matcher m = PATH.matcher(path);
        String target = "/ws/v1" + path;
        if (!m.matches()) {
            return refuse(
                    response,
                    null,
                    address,
                    target,
                    null,
                    404,
                    "No terminal at this path: open /ws/v1/services/{service}/appmaps/{appmap}/servers/{server}/terminal");
        }
        String service = m.group(1);
        String appmap = m.group(2);
        String server = m.group(3);
        Caller caller = null;
        try {
            auth.checkOrigin(request.getHeader("Origin"), http.getScheme(), request.getHeader("Host"));
            caller = authenticate(request, http, TerminalPaths.scope(service, appmap, server));
            if (!caller.has(Right.TERMINAL, service)) {
                throw new io.cengjiyun.api.ForbiddenException("user '" + caller.name()
                        + "' has no terminal right in service '" + service + "': a service admin can grant it");
            }
            sessions.checkLimit(caller.name());
            Target t = targets.of(service, appmap, server);
            Pod pod = Targets.pod(t, http.getParameter("pod"));
            String container = Targets.container(t, pod, http.getParameter("container"));
            int cols = Params.number(http.getParameter("cols"), "cols", 0, 1000, "a number");
            int rows = Params.number(http.getParameter("rows"), "rows", 0, 1000, "a number");
            return new TerminalSession(
                    sessions,
                    caller.name(),
                    address,
                    t,
                    pod.getMetadata().getName(),
                    pod.getMetadata().getUid(),
                    container,
                    cols,
                    rows,
                    sessions.recordsTranscripts(service));
        } catch (CengjiyunException e) {
            return refuse(response, caller, address, target, service, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            return refuse(response, caller, address, target, service, 500, "the terminal could not start: " + e);
        }
    }

    private Caller authenticate(JettyServerUpgradeRequest request, HttpServletRequest http, String scope) {
        String ticket = http.getParameter("ticket");
        if (ticket != null) {
            return auth.redeem(ticket, scope);
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            return auth.bearer(authorization);
        }
        Cookie[] cookies = http.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (Authentication.SESSION_COOKIE.equals(c.getName())) {
                    return auth.session(c.getValue());
                }
            }
        }
        throw new io.cengjiyun.api.UnauthenticatedException("Sign in first: open the terminal with ?ticket= from POST"
                + " /api/v1/services/{service}/appmaps/{appmap}/servers/{server}/terminal/tickets, an"
                + " Authorization: Bearer header, or the console's session cookie");
    }

    private Object refuse(
            JettyServerUpgradeResponse response,
            Caller caller,
            String address,
            String target,
            String service,
            int status,
            String message) {
        auth.audit(caller == null ? "anonymous" : caller.name(), address, "TERMINAL", target, service, status, message);
        try {
            if (status == 403) {
                response.sendForbidden(message);
            } else {
                if (status == 429) {
                    response.setHeader("Retry-After", "5");
                }
                response.sendError(status, message);
            }
        } catch (IOException e) {
            // the client is gone
        }
        return null;
    }
}
