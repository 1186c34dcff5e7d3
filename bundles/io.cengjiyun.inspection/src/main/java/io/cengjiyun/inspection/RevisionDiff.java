/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.util.List;

/**
 * The difference between two revisions of a server: of their stored definitions, or of the objects they render.
 *
 * @param of {@code definition} or {@code objects}
 * @param unified a unified diff of the two as YAML (empty when equal)
 * @param changes the same field by field, for the console: the path, and each side's value as JSON (null: absent)
 */
@Doc("The difference between two revisions of a server")
public record RevisionDiff(
        @Doc(value = "The server's name", example = "web") String server,

        @Doc(value = "The revision compared from", example = "1")
        long from,

        @Doc(value = "The revision compared to", example = "2")
        long to,

        @Doc(value = "What was compared: `definition` or `objects`", example = "definition")
        String of,

        @Doc("A unified diff of the two as YAML; empty when they are equal")
        String unified,

        @Doc("The same changes field by field") List<Change> changes) {
    /** One field that differs. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Doc("One field that differs between the two revisions")
    public record Change(
            @Doc(
                    value = "The field's path (with `of=objects`, after the object's `Kind/name: `)",
                    example = "containers[0].image")
            String path,

            @Doc(
                    value = "The value in `from`, as JSON; absent when the field was not there",
                    example = "\"nginx:1.26\"")
            String before,

            @Doc(value = "The value in `to`, as JSON; absent when the field is gone", example = "\"nginx:1.27\"")
            String after) {}
}
