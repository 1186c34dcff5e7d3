/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One audited event: who ({@code actor}), when, from where ({@code address}: a client address, or
 * {@code console} for the shell), what ({@code action}: the HTTP method, LOGIN, LOGOUT or SHELL), on which
 * object ({@code target}: the path, or the command line), in which service, and the outcome
 * ({@code status}: the HTTP status; {@code outcome}: success, denied, failed, throttled).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
        long id,
        Instant at,
        String actor,
        String address,
        String action,
        String target,
        String service,
        int status,
        String outcome,
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
