/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal.rest;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
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
    /** What can be compared ({@code of}): the stored definitions, or the objects each revision renders. */
    enum Of {
        definition,
        objects
    }

    private static final String FROM_DOC =
            "The revision compared from: its number (1 or more; see the server's" + " revisions)";
    private static final String TO_DOC = "The revision compared to: its number (1 or more)";
    private static final String OF_DOC = "What is compared: `definition` (the stored definitions, the default) or"
            + " `objects` (the objects each revision renders on the appmap's cluster now)";

    private final Inspections inspections;

    @Activate
    public DiffResource(@Reference Inspections inspections) {
        this.inspections = inspections;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Allow(Right.VIEWER)
    @Operation(
            id = "diffServerRevisions",
            summary = "Compare two revisions of a server",
            description = "The difference between revisions `from` and `to` of the server: of their stored definitions"
                    + " (`of=definition`, the default) or of the objects each renders on the appmap's cluster now"
                    + " (`of=objects`). Answers a unified diff of the two as YAML (empty when equal) and the same"
                    + " changes field by field. With `Accept: text/x-diff` the same path answers the unified diff"
                    + " alone (diffServerRevisionsUnified). Changes nothing.")
    @Answer(type = RevisionDiff.class, description = "The unified diff and the changed fields")
    @Fails({406, 422})
    public RevisionDiff diff(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @QueryParam("from") @Doc(value = FROM_DOC, required = true, example = "1") String from,
            @QueryParam("to") @Doc(value = TO_DOC, required = true, example = "2") String to,
            @QueryParam("of") @Doc(value = OF_DOC, oneOf = Of.class, defaultValue = "definition") String of) {
        List<FieldError> errors = new ArrayList<>();
        long a = number("from", from, errors);
        long b = number("to", to, errors);
        String what = of == null || of.isEmpty() ? Of.definition.name() : of;
        if (!what.equals(Of.definition.name()) && !what.equals(Of.objects.name())) {
            errors.add(new FieldError("of", "'" + of + "' is not what can be compared: use definition or objects"));
        }
        ValidationException.throwIfAny(errors);
        return inspections.diff(service, appmap, server, a, b, what);
    }

    @GET
    @Produces("text/x-diff")
    @Allow(Right.VIEWER)
    @Operation(
            id = "diffServerRevisionsUnified",
            summary = "Get the unified diff of two revisions of a server",
            description = "With `Accept: text/x-diff`: the unified diff (as YAML) between revisions `from` and `to` of"
                    + " the server's stored definitions or, with `of=objects`, of the objects each renders; empty"
                    + " when they are equal. The JSON answer of the same path adds the changes field by field."
                    + " Changes nothing.")
    @Answer(type = String.class, description = "The unified diff (empty when equal)")
    @Fails({406, 422})
    public String unified(
            @PathParam("service") String service,
            @PathParam("appmap") String appmap,
            @PathParam("server") String server,
            @QueryParam("from") @Doc(value = FROM_DOC, required = true, example = "1") String from,
            @QueryParam("to") @Doc(value = TO_DOC, required = true, example = "2") String to,
            @QueryParam("of") @Doc(value = OF_DOC, oneOf = Of.class, defaultValue = "definition") String of) {
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
