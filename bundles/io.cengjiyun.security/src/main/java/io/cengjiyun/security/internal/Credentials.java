/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

/** What POST /auth/token and POST /auth/session take. */
public record Credentials(String username, String password) {
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
