/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.doc.Doc;
import java.time.Instant;

/** What POST /users/{user}/tokens takes: a name, and an expiry (default: in 90 days). */
@Doc("An API token to create: its name and, optionally, when it expires")
public record TokenRequest(
        @Doc(
                value = "What the token is for, without control characters",
                example = "ci",
                required = true,
                maxLength = Accounts.MAX_TOKEN_NAME)
        String name,

        @Doc(
                value = "When it expires (UTC, in the future); default: in the configured apiTokenDays (90)",
                example = "2027-03-01T00:00:00Z")
        Instant expiresAt) {}
