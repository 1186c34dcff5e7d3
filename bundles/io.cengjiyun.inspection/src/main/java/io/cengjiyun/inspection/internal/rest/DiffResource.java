/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal.rest;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import io.cengjiyun.inspection.RevisionDiff;
import io.cengjiyun.inspection.internal.Inspections;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The difference between two revisions of a server: {@code ?from=1&to=2&of=definition} (default) compares the stored
 * definitions, {@code of=objects} the objects each renders. As JSON (a unified diff and the changes field by field), or
 * the unified diff alone as {@code text/x-diff}.
 */
@Component(service = DiffResource.class)
@JakartarsResource
@Path("services/{service}/appmaps/{appmap}/servers/{server}/diff")
public class DiffResource {
    private final Inspections inspections;

    @Activate
    public DiffResource(@Reference Inspections inspections) {
        this.inspections = inspections;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Allow(Right.VIEWER)
    public RevisionDiff diff(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("of") String of) {
        List<FieldError> errors = new ArrayList<>();
        long a = number("from", from, errors);
        long b = number("to", to, errors);
        String what = of == null || of.isEmpty() ? "definition" : of;
        if (!what.equals("definition") && !what.equals("objects")) {
            errors.add(new FieldError("of", "'" + of + "' is not what can be compared: use definition or objects"));
        }
        ValidationException.throwIfAny(errors);
        return inspections.diff(service, appmap, server, a, b, what);
    }

    @GET
    @Produces("text/x-diff")
    @Allow(Right.VIEWER)
    public String unified(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("of") String of) {
        return diff(service, appmap, server, from, to, of).unified();
    }

    private static long number(String field, String value, List<FieldError> errors) {
        try {
            long n = Long.parseLong(value == null ? "" : value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        errors.add(new FieldError(
                field,
                (value == null ? "is missing" : "'" + value + "' is not a revision number")
                        + ": give a revision of the server, e.g. ?from=1&to=2"));
        return 0;
    }
}
