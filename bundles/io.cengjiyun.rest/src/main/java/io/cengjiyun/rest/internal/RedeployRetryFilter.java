/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * While a bundle's resources come or go, the JAX-RS whiteboard (osgitech 1.2.2) reloads Jersey, and a
 * request caught in between fails before any resource method ran: a bare 500 or an exception from
 * Jersey, or a NoSuchMethodException that {@link ProblemMapper} marks as {@link ProblemMapper#REDEPLOYING}. Such a
 * request did nothing, so a read is simply run again once the reload is over (the client sees no
 * error); any other request is answered 503 with Retry-After, never a bare 500. A stream of events (a request that
 * accepts {@code text/event-stream}) is passed through as it is written: buffering would hold its events back.
 */
@Component(service = Filter.class)
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=ContextForRestWhiteboard*)")
@HttpWhiteboardFilterPattern("/*")
public class RedeployRetryFilter implements Filter {
    private static final Set<String> RETRIED_METHODS = Set.of("GET", "HEAD");
    private static final int ATTEMPTS = 30;
    private static final long PAUSE_MILLIS = 100;

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String accept = request.getHeader("Accept");
        if (accept != null && accept.contains("text/event-stream")) {
            chain.doFilter(request, response);
            return;
        }
        if (!RETRIED_METHODS.contains(request.getMethod())) {
            BufferedResponse once = new BufferedResponse(response);
            if (!attempt(request, once, chain) || raced(request, once)) {
                unavailable(response);
            } else {
                once.copyTo(response);
            }
            return;
        }
        for (int attempt = 1; ; attempt++) {
            BufferedResponse buffered = new BufferedResponse(response);
            request.removeAttribute(ProblemMapper.REDEPLOYING);
            request.removeAttribute(ProblemMapper.MAPPED_ERROR);
            if (attempt(request, buffered, chain) && !raced(request, buffered)) {
                buffered.copyTo(response);
                return;
            }
            if (attempt == ATTEMPTS) {
                unavailable(response);
                return;
            }
            pause();
        }
    }

    /**
     * Runs the request once; false when it failed outside Jersey's error handling, which during a reload
     * happens when even the exception mappers are being replaced (the container then sees the exception).
     */
    private static boolean attempt(HttpServletRequest request, BufferedResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
            return true;
        } catch (ServletException | RuntimeException e) {
            if (request.getAttribute(ProblemMapper.MAPPED_ERROR) != null) {
                throw e;
            }
            return false;
        }
    }

    private static boolean raced(HttpServletRequest request, BufferedResponse response) {
        return request.getAttribute(ProblemMapper.REDEPLOYING) != null
                || response.status() == 500 && request.getAttribute(ProblemMapper.MAPPED_ERROR) == null;
    }

    private static void pause() throws ServletException {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("interrupted while the API was being redeployed", e);
        }
    }

    static void unavailable(HttpServletResponse response) throws IOException {
        response.reset();
        response.setStatus(503);
        response.setHeader("Retry-After", "1");
        response.setContentType("application/problem+json");
        response.getOutputStream()
                .write(("{\"type\":\"https://cengjiyun.io/problems/unavailable\",\"title\":\"Service unavailable\","
                                + "\"status\":503,\"detail\":\"This part of the API is being redeployed; retry in a second\"}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
