/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.apidocs.internal;

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
 * The reference page itself: {@code /api/docs/} answers its {@code index.html}, {@code /api/docs} redirects there (the
 * page loads its files by relative paths), and every file of the page goes out with a Content-Security-Policy that
 * lets it load from this origin only, so that no request leaves for a CDN, a font or a validator whatever the package
 * does in a later version. A filter in front of {@link ApiDocsPage}'s resources: the whiteboard's resource servlet has
 * no welcome file, and a servlet cannot have a pattern ending in a slash.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern({ApiDocsPage.PATTERN, "/api/docs"})
@HttpWhiteboardFilterName("cengjiyun-api-docs")
public class ApiDocsIndex extends HttpFilter {
    private static final long serialVersionUID = 1L;
    static final String INDEX = ApiDocsPage.FOLDER + "/index.html";
    /** This origin only; Swagger UI sets styles inline and shows data: images. */
    static final String POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'self'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        if (read && path.equals("/api/docs")) {
            response.sendRedirect(request.getRequestURI() + "/");
        } else if (read && path.equals("/api/docs/")) {
            index(response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static void index(HttpServletResponse response) throws IOException {
        URL index = ApiDocsIndex.class.getResource(INDEX);
        if (index == null) {
            // only a bundle built without its web/ step: say so rather than answer an empty page
            response.sendError(
                    HttpServletResponse.SC_NOT_FOUND,
                    "The API reference page was not built into this bundle (" + INDEX + " is missing): build it with"
                            + " npm");
            return;
        }
        response.setContentType("text/html;charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        try (InputStream in = index.openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }
}
