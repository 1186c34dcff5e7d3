/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import io.cengjiyun.api.doc.Doc;
import java.time.Instant;

/** One numbered change of a server definition, with who made it, when and why. */
@Doc("One numbered change of a server's definition, with who made it, when and why")
public record Revision(
        @Doc(value = "The revision's number: 1 for the create, then one more per change", example = "3")
        long number,

        @Doc(value = "Who made the change", example = "alice")
        String author,

        @Doc(value = "When it was made", example = "2026-01-05T10:15:30Z")
        Instant createdAt,

        @Doc(
                value = "Why: the message given with the change, or what the platform did (created, updated,"
                        + " scaled to 3, rollback to revision 1...)",
                example = "scaled to 3")
        String message,

        @Doc("The definition as of this revision") ServerDefinition definition) {}
