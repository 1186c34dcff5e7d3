/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * The web terminal's page itself: {@code /terminal/} answers its {@code index.html}, and {@code /terminal} redirects
 * there with its query, since the page loads its files by relative paths. A filter in front of {@link TerminalPage}'s
 * resources: the whiteboard's resource servlet has no welcome file (it answers a folder with an empty body), and a
 * servlet cannot have {@code /terminal/} as its pattern (the whiteboard refuses a pattern ending in a slash).
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern(TerminalPage.PATTERN)
@HttpWhiteboardFilterName("cengjiyun-terminal-page")
public class TerminalIndex extends HttpFilter {
    private static final long serialVersionUID = 1L;
    static final String INDEX = TerminalPage.FOLDER + "/index.html";
    /**
     * Only this origin: the page's script, style and WebSocket. xterm.js adds style elements of its own; the console
     * may frame the page, nobody else.
     */
    static final String POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'self'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        if (read && path.equals("/terminal")) {
            String query = request.getQueryString();
            response.sendRedirect(request.getRequestURI() + "/" + (query == null ? "" : "?" + query));
        } else if (read && path.equals("/terminal/")) {
            index(response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static void index(HttpServletResponse response) throws IOException {
        URL index = TerminalIndex.class.getResource(INDEX);
        if (index == null) {
            // only a bundle built without its web/ step: say so rather than answer an empty page
            response.sendError(
                    HttpServletResponse.SC_NOT_FOUND,
                    "The web terminal was not built into this bundle (" + INDEX + " is missing): build it with npm");
            return;
        }
        response.setContentType("text/html;charset=utf-8");
        // the page names its files by their hashes: a fresh page after an upgrade, its files cached as they are
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        try (InputStream in = index.openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }
}
