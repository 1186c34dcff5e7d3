/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.time.Instant;

/**
 * A token as listed: never its secret. {@code token} is set once, in the answer that creates it.
 * {@code kind}: api (created by the user), login (POST /auth/token), session (the console's cookie).
 */
@Doc("A token of a user, never its secret but in the answer that creates it")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenInfo(
        @Doc(value = "The token's id, to revoke it", example = "3f2a9c0d1e4b5a67")
        String id,

        @Doc(value = "The user it signs in as", example = "ana")
        String user,

        @Doc(
                value = "What it is for: the name given, or how it was made (`sign-in from <address>`, `console"
                        + " session`)",
                example = "ci")
        String name,

        @Doc(
                value = "`api` (created with POST /users/{user}/tokens), `login` (POST /auth/token) or"
                        + " `session` (the console's cookie)",
                example = "api")
        String kind,

        @Doc(value = "When it was made (UTC)", example = "2026-11-25T10:00:00Z")
        Instant createdAt,

        @Doc(value = "When it stops being accepted (UTC)", example = "2027-02-23T10:00:00Z")
        Instant expiresAt,

        @Doc(value = "When it was last used (to the minute); absent if never", example = "2026-11-25T10:05:00Z")
        Instant lastUsedAt,

        @Doc(
                value = "The secret, to send as `Authorization: Bearer <token>`: only in the answer that"
                        + " creates the token, never again",
                example = "cjt_q7bS1r9Zb0m3Xr2Vw4YtU8oP6iLk5JhGf3DsA1zQxWe")
        String token) {

    TokenInfo withSecret(String secret) {
        return new TokenInfo(id, user, name, kind, createdAt, expiresAt, lastUsedAt, secret);
    }

    TokenInfo usedAt(Instant when) {
        return new TokenInfo(id, user, name, kind, createdAt, expiresAt, when, token);
    }
}
