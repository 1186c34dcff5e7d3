/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.telemetry.internal;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import java.lang.reflect.Method;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Times every request of the REST API and counts it by route: the matched resource's path template
 * ({@code /services/{service}/appmaps/{appmap}}), never the path itself, so that the number of series stays bounded
 * whatever the names; {@code (unmatched)} for a path no resource has. The clock starts before matching.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class})
@JakartarsExtension
@JakartarsName("cengjiyun.telemetry.requests")
@PreMatching
public class RequestMetrics implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String STARTED = "io.cengjiyun.telemetry.started";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RequestMetrics.class);

    private final Telemetry telemetry;
    private volatile boolean warned;

    @Context
    ResourceInfo resource;

    @Activate
    public RequestMetrics(@Reference Telemetry telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        long nanos = started instanceof Long t ? System.nanoTime() - t : 0;
        try {
            telemetry.request(route(resource), request.getMethod(), response.getStatus(), nanos);
        } catch (RuntimeException | LinkageError e) { // a metric is never worth a failed request
            if (!warned) {
                warned = true;
                LOG.warn("Counting a request failed; requests are answered, not counted: {}", e.toString());
            }
        }
    }

    /** The matched resource method's template, class path then method path; {@code (unmatched)} when none. */
    static String route(ResourceInfo info) {
        Method method = info == null ? null : info.getResourceMethod();
        Class<?> type = info == null ? null : info.getResourceClass();
        if (method == null || type == null) {
            return "(unmatched)";
        }
        return join(type.getAnnotation(Path.class), method.getAnnotation(Path.class));
    }

    static String join(Path type, Path method) {
        StringBuilder route = new StringBuilder();
        for (Path p : new Path[] {type, method}) {
            if (p == null) {
                continue;
            }
            String v = p.value().strip();
            if (v.isEmpty() || v.equals("/")) {
                continue;
            }
            route.append('/').append(v.replaceAll("^/+", "").replaceAll("/+$", ""));
        }
        // a template's regular expression ({name: [a-z]+}) is not part of the route's name
        String joined = route.toString().replaceAll("\\{\\s*([^:}\\s]+)\\s*:[^}]*}", "{$1}");
        return joined.isEmpty() ? "/" : joined;
    }
}
