/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.security.Role;

/** A member of a service, as PUT /services/{service}/members takes and GET gives: {user, role, terminal}. */
@Doc("A member of a service: a user, their role and whether they may open terminals")
public record Member(
        @Doc(value = "The user (who must exist), listed once", example = "ana", required = true)
        String user,

        @Doc(
                value = "The role: viewer (reads), developer (also changes servers), admin (also manages" + " members)",
                example = "developer",
                required = true)
        Role role,

        @Doc(
                value = "Whether the member may open terminals in the service's servers",
                example = "false",
                defaultValue = "false")
        Boolean terminal) {
    boolean terminalOrFalse() {
        return terminal != null && terminal;
    }
}
