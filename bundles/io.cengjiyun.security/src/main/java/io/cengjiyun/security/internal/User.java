/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.time.Instant;
import java.util.List;

/** A user as the API shows it: never the password hash. {@code memberships} only when one user is read. */
@Doc("A user of the platform (never the password)")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record User(
        @Doc(value = "The user name, to sign in with", example = "ana")
        String username,

        @Doc(value = "The name shown in the console", example = "Ana Lima")
        String displayName,

        @Doc(value = "Whether the user is a platform administrator (every right everywhere)", example = "false")
        boolean platformAdmin,

        @Doc(value = "When the user was created (UTC)", example = "2026-11-25T10:00:00Z")
        Instant createdAt,

        @Doc(value = "When the user was last changed (UTC)", example = "2026-11-25T10:00:00Z")
        Instant updatedAt,

        @Doc("The services the user belongs to: only when one user is read (absent from the list of users)")
        List<ServiceMembership> memberships) {

    User withMemberships(List<ServiceMembership> list) {
        return new User(username, displayName, platformAdmin, createdAt, updatedAt, list);
    }
}
