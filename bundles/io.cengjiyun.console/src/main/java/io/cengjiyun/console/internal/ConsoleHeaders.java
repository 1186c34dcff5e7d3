/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.console.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * The headers of the console's hashed files ({@link ConsoleAssets}): kept a year and never revalidated, since a
 * changed file gets a new name and a new {@code index.html} names it; and the console's security headers, so that a
 * file opened on its own is as closed as the page.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern(ConsoleAssets.PATTERN)
@HttpWhiteboardFilterName("cengjiyun-console-assets")
public class ConsoleHeaders extends HttpFilter {
    private static final long serialVersionUID = 1L;
    static final String LONG_LIVED = "public, max-age=31536000, immutable";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Cache-Control", LONG_LIVED);
        secure(request, response);
        chain.doFilter(request, response);
    }

    /** The headers every answer of the console carries. */
    static void secure(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", ConsoleRoutes.policy(request.getHeader("Host")));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
    }
}
