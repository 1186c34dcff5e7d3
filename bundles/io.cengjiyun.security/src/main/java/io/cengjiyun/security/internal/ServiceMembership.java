/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import io.cengjiyun.api.security.Role;

/** A user's membership, seen from the user. */
public record ServiceMembership(String service, Role role, boolean terminal) {}
