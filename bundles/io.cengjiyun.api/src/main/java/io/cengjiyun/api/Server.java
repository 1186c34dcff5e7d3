/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import java.time.Instant;

/**
 * A stored server: its current definition and where it stands in its history. {@code version} is the
 * number of the newest revision and doubles as the optimistic-concurrency token (ETag).
 */
public record Server(
        String service,
        String appmap,
        String name,
        long version,
        ServerDefinition definition,
        Instant createdAt,
        Instant updatedAt,
        String updatedBy) {}
