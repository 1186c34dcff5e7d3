/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.security.Role;

/** A user's membership, seen from the user. */
@Doc("A service the user belongs to, with their role in it")
public record ServiceMembership(
        @Doc(value = "The service", example = "shop") String service,

        @Doc(value = "The user's role in it: viewer, developer or admin", example = "developer")
        Role role,

        @Doc(value = "Whether the user may open terminals in its servers", example = "false")
        boolean terminal) {}
