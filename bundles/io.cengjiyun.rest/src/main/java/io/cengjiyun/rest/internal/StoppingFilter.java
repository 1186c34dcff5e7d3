/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import io.cengjiyun.api.Stopping;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * While the runtime stops (the launcher's drain, after SIGTERM), every answer closes its connection
 * ({@code Connection: close}). A client that keeps connections open (a browser, Java's HttpClient, a proxy) would
 * otherwise go on sending to this replica through the connection it has, after the Service has dropped the replica,
 * until the bundles that answer are gone (404s); with the connection closed it opens a new one, which the Service
 * sends to a replica that stays.
 */
// Outermost (ranked first): the header is set on the container's response, not on a filter's buffer.
@Component(service = Filter.class, property = "service.ranking:Integer=1000")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=*)")
@HttpWhiteboardFilterPattern("/*")
public class StoppingFilter implements Filter {

    /** Registered by the launcher when the runtime begins to stop. */
    @Reference(
            service = BooleanSupplier.class,
            target = Stopping.TARGET,
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    volatile BooleanSupplier stopping;

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (stopping != null) {
            ((HttpServletResponse) res).setHeader("Connection", "close");
        }
        chain.doFilter(req, res);
    }
}
