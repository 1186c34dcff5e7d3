/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import java.time.Instant;

/** What POST /users/{user}/tokens takes: a name, and an expiry (default: in 90 days). */
public record TokenRequest(String name, Instant expiresAt) {}
