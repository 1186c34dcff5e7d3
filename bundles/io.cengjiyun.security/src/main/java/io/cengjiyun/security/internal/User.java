/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** A user as the API shows it: never the password hash. {@code memberships} only when one user is read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record User(
        String username,
        String displayName,
        boolean platformAdmin,
        Instant createdAt,
        Instant updatedAt,
        List<ServiceMembership> memberships) {

    User withMemberships(List<ServiceMembership> list) {
        return new User(username, displayName, platformAdmin, createdAt, updatedAt, list);
    }
}
