/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import java.time.Instant;

/** One numbered change of a server definition, with who made it, when and why. */
public record Revision(long number, String author, Instant createdAt, String message, ServerDefinition definition) {}
