/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.doc.Doc;

/** What POST /auth/token and POST /auth/session take. */
@Doc("A user name and password, to sign in")
public record Credentials(
        @Doc(value = "The user name", example = "ana", required = true)
        String username,

        @Doc(value = "The user's password", example = "correct-horse-battery", required = true)
        String password) {
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
