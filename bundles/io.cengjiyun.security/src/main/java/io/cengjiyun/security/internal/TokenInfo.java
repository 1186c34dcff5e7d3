/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A token as listed: never its secret. {@code token} is set once, in the answer that creates it.
 * {@code kind}: api (created by the user), login (POST /auth/token), session (the console's cookie).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenInfo(
        String id,
        String user,
        String name,
        String kind,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        String token) {

    TokenInfo withSecret(String secret) {
        return new TokenInfo(id, user, name, kind, createdAt, expiresAt, lastUsedAt, secret);
    }
}
