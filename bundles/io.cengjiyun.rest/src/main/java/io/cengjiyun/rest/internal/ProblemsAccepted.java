/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import io.cengjiyun.rest.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * A request that accepts nothing but problem details is matched as one that also accepts JSON. Clients generated
 * from the API document (api/openapi.json) ask so for the operations that answer without a body, such as a delete's
 * 204: only their errors have a body, and those are problem details. The resources declare JSON, so Jersey would
 * refuse such a request with 406 before it ran; its errors still come as problem details.
 */
@Component(service = ContainerRequestFilter.class)
@JakartarsExtension
@JakartarsName("cengjiyun.problems-accepted")
@PreMatching
@Priority(90)
public class ProblemsAccepted implements ContainerRequestFilter {
    private static final MediaType PROBLEM = MediaType.valueOf(Problem.MEDIA_TYPE);

    @Override
    public void filter(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null && onlyProblems(request.getAcceptableMediaTypes())) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, accept + ", " + MediaType.APPLICATION_JSON + ";q=0.5");
        }
    }

    static boolean onlyProblems(List<MediaType> accepted) {
        return !accepted.isEmpty()
                && accepted.stream()
                        .allMatch(t -> t.getType().equalsIgnoreCase(PROBLEM.getType())
                                && t.getSubtype().equalsIgnoreCase(PROBLEM.getSubtype()));
    }
}
