/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
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
    @Operation(
            id = "listAudit",
            summary = "Read the audit log",
            description = "The audit records that match every filter given, newest first (by `id`, descending):"
                    + " each change (POST, PUT, PATCH, DELETE) made through the API, allowed or not, each sign-in"
                    + " and sign-out, and each shell command. To page back, pass the smallest `id` of a page as"
                    + " `before` of the next call. Read only: no call changes or removes a record.")
    @Answer(status = 200, type = AuditRecord.class, list = true, description = "The matching records, newest first")
    @Fails({422})
    public List<AuditRecord> read(
            @Doc(value = "Only the records of this service (its exact name)", example = "shop") @QueryParam("service")
                    String service,
            @Doc(
                            value = "Only what this user did (the records' `actor`: a user name, or `anonymous`,"
                                    + " `system`)",
                            example = "ana")
                    @QueryParam("user")
                    String user,
            @Doc(
                            value = "Only the records at or after this UTC time (ISO-8601)",
                            format = "date-time",
                            example = "2026-11-25T10:00:00Z")
                    @QueryParam("since")
                    String since,
            @Doc(
                            value = "Only the records before this UTC time (ISO-8601); it must be after `since`",
                            format = "date-time",
                            example = "2026-11-26T10:00:00Z")
                    @QueryParam("until")
                    String until,
            @Doc(
                            value = "Only the records whose `id` is below this one (a whole number from 1): the"
                                    + " smallest `id` of the previous page, to page back",
                            example = "5120")
                    @QueryParam("before")
                    String before,
            @Doc(
                            value = "The most records to answer: a whole number from 1 to " + MAX_LIMIT,
                            type = "integer",
                            minimum = 1,
                            maximum = MAX_LIMIT,
                            example = "50",
                            defaultValue = "" + DEFAULT_LIMIT)
                    @QueryParam("limit")
                    String limit) {
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
