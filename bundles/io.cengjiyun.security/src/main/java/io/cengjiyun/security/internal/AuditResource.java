/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The audit log, newest first, for platform administrators. Read only: the API has no call that
 * changes or removes a record.
 */
@Component(service = AuditResource.class)
@JakartarsResource
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private final Accounts accounts;

    @Activate
    public AuditResource(@Reference Accounts accounts) {
        this.accounts = accounts;
    }

    @GET
    @Allow(Right.PLATFORM_ADMIN)
    public List<AuditRecord> read(
            @QueryParam("service") String service,
            @QueryParam("user") String user,
            @QueryParam("since") String since,
            @QueryParam("until") String until,
            @QueryParam("before") String before,
            @QueryParam("limit") String limit) {
        return accounts.audit(query(service, user, since, until, before, limit));
    }

    /** Parses the filters, naming every bad one. */
    static AuditRows.Query query(String service, String user, String since, String until, String before, String limit) {
        List<FieldError> errors = new ArrayList<>();
        Instant from = instant("since", since, errors);
        Instant to = instant("until", until, errors);
        Long beforeId = number("before", before, Long.MAX_VALUE, errors);
        Long max = number("limit", limit, MAX_LIMIT, errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new FieldError("until", "is not after since: give a later until"));
        }
        ValidationException.throwIfAny(errors);
        return new AuditRows.Query(
                blankToNull(service),
                blankToNull(user),
                from,
                to,
                beforeId,
                max == null ? DEFAULT_LIMIT : max.intValue());
    }

    private static Instant instant(String field, String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "'" + text + "' is not a UTC time: write it as 2026-11-25T10:00:00Z"));
            return null;
        }
    }

    private static Long number(String field, String text, long max, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < 1 || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "'" + text + "' is not a whole number from 1 to " + max));
            return null;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
