/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.time.Instant;

/**
 * One audited event: who ({@code actor}), when, from where ({@code address}: a client address, or
 * {@code console} for the shell), what ({@code action}: the HTTP method, LOGIN, LOGOUT or SHELL), on which
 * object ({@code target}: the path, or the command line), in which service, and the outcome
 * ({@code status}: the HTTP status; {@code outcome}: success, denied, failed, throttled).
 */
@Doc("One audited event: who did what, when, from where, on which object, and how it ended")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
        @Doc(value = "The record's number, increasing: give it as `before` to page back", example = "5121")
        long id,

        @Doc(value = "When it happened (UTC)", example = "2026-11-25T10:00:00Z")
        Instant at,

        @Doc(value = "Who: a user name, `anonymous` (no valid credentials) or `system`", example = "ana")
        String actor,

        @Doc(value = "From where: the client's address, or `console` for the shell", example = "10.0.0.7")
        String address,

        @Doc(value = "What: the HTTP method, or LOGIN, LOGOUT, SHELL", example = "PUT")
        String action,

        @Doc(value = "On what: the path under /api/v1, or the shell's command line", example = "/services/shop/members")
        String target,

        @Doc(value = "The service the object belongs to, if any", example = "shop")
        String service,

        @Doc(value = "The HTTP status it was answered with", example = "200")
        int status,

        @Doc(value = "How it ended: success, denied (401, 403), throttled (429) or failed", example = "success")
        String outcome,

        @Doc(value = "Why it failed (the problem's detail), or what was made", example = "token 3f2a9c0d1e4b5a67")
        String detail) {

    static String outcomeOf(int status) {
        if (status < 400) {
            return "success";
        }
        if (status == 401 || status == 403) {
            return "denied";
        }
        return status == 429 ? "throttled" : "failed";
    }
}
