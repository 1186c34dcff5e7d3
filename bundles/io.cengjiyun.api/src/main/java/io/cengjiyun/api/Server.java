/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import io.cengjiyun.api.doc.Doc;
import java.time.Instant;

/**
 * A stored server: its current definition and where it stands in its history. {@code version} is the
 * number of the newest revision and doubles as the optimistic-concurrency token (ETag).
 */
@Doc("A stored server: its current definition, and where it stands in its history")
public record Server(
        @Doc(value = "The service it belongs to", example = "shop")
        String service,

        @Doc(value = "The appmap it belongs to", example = "dev")
        String appmap,

        @Doc(value = "The server's name", example = "web") String name,

        @Doc(
                value = "The number of its newest revision; the ETag of the server, which If-Match sends back",
                example = "3")
        long version,

        @Doc("The current definition: the newest revision's")
        ServerDefinition definition,

        @Doc(value = "When the server was created", example = "2026-01-05T10:15:30Z")
        Instant createdAt,

        @Doc(value = "When its newest revision was stored", example = "2026-01-06T08:00:00Z")
        Instant updatedAt,

        @Doc(value = "Who stored the newest revision", example = "alice")
        String updatedBy) {}
