/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import io.cengjiyun.rest.Problem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;

/**
 * With {@code cengjiyun.https.redirect=true} (the launcher sets it from etc/framework.properties, and only with HTTPS
 * served), nothing is served over plain HTTP: a GET or HEAD is sent to the same URL over HTTPS (301), any other request
 * is refused (403) rather than redirected, so a client that sent a password or a token in clear learns it at once
 * instead of a redirect quietly sending it again.
 */
@Component(service = Preprocessor.class)
public class PlainHttpRedirect implements Preprocessor {

    static final String REDIRECT = "cengjiyun.https.redirect";
    static final String SECURE_PORT = "org.osgi.service.http.port.secure";

    private final boolean redirect;
    private final int securePort;

    @Activate
    public PlainHttpRedirect(BundleContext context) {
        this(
                "true".equals(context.getProperty(REDIRECT))
                        && "true".equals(context.getProperty("org.apache.felix.https.enable")),
                port(context.getProperty(SECURE_PORT)));
    }

    PlainHttpRedirect(boolean redirect, int securePort) {
        this.redirect = redirect && securePort > 0;
        this.securePort = securePort;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (!redirect || request.isSecure()) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        String target = httpsUrl(request.getServerName(), request.getRequestURI(), request.getQueryString());
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            response.setStatus(301);
            response.setHeader("Location", target);
            response.setContentLength(0);
            return;
        }
        RuntimeProblems.send(
                response,
                Problem.of(
                                403,
                                "https-required",
                                "HTTPS required",
                                "This runtime accepts " + RuntimeProblems.echo(method)
                                        + " requests over HTTPS only, so that passwords and tokens do not cross the"
                                        + " network in clear: send it to " + RuntimeProblems.echo(target)
                                        + " (and change any password or token this request carried)")
                        .withInstance(RuntimeProblems.echo(request.getRequestURI())));
    }

    /** The same URL on the HTTPS port. */
    String httpsUrl(String host, String uri, String query) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "https://" + h + (securePort == 443 ? "" : ":" + securePort) + uri + (query == null ? "" : "?" + query);
    }

    private static int port(String value) {
        try {
            return value == null ? -1 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
