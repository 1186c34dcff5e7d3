/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.security.Role;

/** A member of a service, as PUT /services/{service}/members takes and GET gives: {user, role, terminal}. */
public record Member(String user, Role role, Boolean terminal) {
    boolean terminalOrFalse() {
        return terminal != null && terminal;
    }
}
