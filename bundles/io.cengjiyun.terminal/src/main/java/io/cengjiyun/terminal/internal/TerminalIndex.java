/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The web terminal's page itself: {@code /terminal/} answers its {@code index.html} (the whiteboard's resource servlet
 * has no welcome file), and {@code /terminal} redirects there with its query, since the page loads its files by
 * relative paths. The exact patterns win over {@link TerminalPage}'s {@code /terminal/*}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/terminal", "/terminal/"})
@HttpWhiteboardServletName("cengjiyun-terminal-page")
public class TerminalIndex extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String INDEX = TerminalPage.FOLDER + "/index.html";
    /**
     * Only this origin: the page's script, style and WebSocket. xterm.js adds style elements of its own; the console may
     * frame the page, nobody else.
     */
    static final String POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'self'";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String uri = request.getRequestURI();
        if (!uri.endsWith("/")) {
            String query = request.getQueryString();
            response.sendRedirect(uri + "/" + (query == null ? "" : "?" + query));
            return;
        }
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
