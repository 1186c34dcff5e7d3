/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.console.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.function.Function;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The console's page, {@code index.html}, for every console route a browser navigates to ({@link ConsoleRoutes}).
 * Registered for the console's own top-level paths only, not as the default servlet: a path no bundle serves still
 * gets the runtime's problem-details 404 from its error handler, and so does a console path asked for as anything
 * but HTML.
 */
@Component(service = Servlet.class)
// "/x/*" also matches "/x". Kept in step with ConsoleRoutes.ROOTS; the root itself is ConsoleRoot's.
@HttpWhiteboardServletPattern({"/services/*", "/audit/*", "/clusters/*", "/users/*"})
@HttpWhiteboardServletName("cengjiyun-console")
public class ConsoleIndex extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String FOLDER = "/web/console";
    static final String INDEX = FOLDER + "/index.html";

    /** Reads a file of the bundle by its path; a seam for tests. */
    private final transient Function<String, URL> files;

    public ConsoleIndex() {
        this(ConsoleIndex.class::getResource);
    }

    ConsoleIndex(Function<String, URL> files) {
        this.files = files;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!ConsoleRoutes.isRoute(path) || !ConsoleRoutes.wantsPage(request.getHeader("Accept"))) {
            // the runtime's error handler writes the problem document, as for any path nobody serves
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        URL index = files.apply(INDEX);
        if (index == null) {
            // only a bundle built without its web/ step: say so rather than answer an empty page
            response.sendError(
                    HttpServletResponse.SC_NOT_FOUND,
                    "The web console was not built into this bundle (" + INDEX + " is missing): build it with npm");
            return;
        }
        response.setContentType("text/html;charset=utf-8");
        // the page names its files by their hashes: a fresh page after an upgrade, its files cached as they are
        response.setHeader("Cache-Control", "no-cache");
        ConsoleHeaders.secure(request, response);
        try (InputStream in = index.openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }
}
