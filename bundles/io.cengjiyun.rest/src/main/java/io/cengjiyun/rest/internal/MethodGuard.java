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
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;

/**
 * Answers a method the runtime does not serve before any servlet sees it, the same on every path: 501 for one it does
 * not know (RFC 9110: 405 is for a method known and not allowed there), 405 for TRACE and CONNECT, which a servlet
 * would otherwise answer itself (TRACE echoes the request's headers, cookies included).
 */
@Component(service = Preprocessor.class)
public class MethodGuard implements Preprocessor {

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String method = request.getMethod();
        if (RuntimeProblems.METHODS.contains(method)) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        boolean known = method.equals("TRACE") || method.equals("CONNECT");
        if (known) {
            response.setHeader("Allow", String.join(", ", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        }
        Problem problem = known
                ? Problem.of(
                        405,
                        "method-not-allowed",
                        "Method Not Allowed",
                        "The method " + method + " is not allowed: the runtime serves "
                                + RuntimeProblems.SERVED_METHODS)
                : RuntimeProblems.of(501, method, null, null, 0, null);
        RuntimeProblems.send(response, problem.withInstance(RuntimeProblems.echo(request.getRequestURI())));
    }
}
