/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import io.cengjiyun.rest.Problem;
import java.nio.ByteBuffer;
import java.util.Set;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's server-wide error handler, in place of its HTML page: every error Jetty writes itself is a problem
 * document. It gets both the refusals of the connection (bad request line or URI, headers too large: the request never
 * reaches a servlet) and the {@code sendError} of the servlet context (404 where no servlet is registered, 501 for a
 * method a servlet does not know), because Felix's servlet context has no error handler of its own and Jetty falls
 * back to the server's.
 */
final class ProblemErrorHandler implements Request.Handler {

    /** What the servlet container sets on the request for {@code sendError(code, message)}. */
    private static final String SERVLET_ERROR_MESSAGE = "jakarta.servlet.error.message";

    private static final String SERVLET_ERROR_EXCEPTION = "jakarta.servlet.error.exception";

    /** The paths Jetty's HttpConnection gives a request line it could not read. */
    private static final Set<String> JETTY_PLACEHOLDERS = Set.of("/badMessage", "/badURI");

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String reason = attribute(request, ErrorHandler.ERROR_MESSAGE, SERVLET_ERROR_MESSAGE, String.class);
        Throwable cause = attribute(request, ErrorHandler.ERROR_EXCEPTION, SERVLET_ERROR_EXCEPTION, Throwable.class);
        if (cause instanceof HttpException http) {
            status = http.getCode();
            response.setStatus(status);
            reason = reason == null ? http.getReason() : reason;
        }
        if (status < 400) {
            status = 500;
            response.setStatus(status);
        }
        response.getHeaders().put(ErrorHandler.ERROR_CACHE_CONTROL);
        if (status == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        }
        if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        Problem problem = RuntimeProblems.of(
                status,
                request.getMethod(),
                cause == null || cause instanceof HttpException ? reason : null,
                instance(request, status),
                request.getConnectionMetaData().getHttpConfiguration().getRequestHeaderSize(),
                cause);
        byte[] body = RuntimeProblems.json(problem);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /**
     * The path, unless it is what was refused (a bad URI is not echoed) or one Jetty put in place of a request line
     * it could not read.
     */
    private static String instance(Request request, int status) {
        HttpURI uri = request.getHttpURI();
        if (status == 400 || uri == null || uri.hasViolations()) {
            return null;
        }
        String path = uri.getPath();
        return path == null || JETTY_PLACEHOLDERS.contains(path) ? null : path;
    }

    private static <T> T attribute(Request request, String jetty, String servlet, Class<T> type) {
        Object value = request.getAttribute(jetty);
        if (!type.isInstance(value)) {
            value = request.getAttribute(servlet);
        }
        return type.isInstance(value) ? type.cast(value) : null;
    }
}
