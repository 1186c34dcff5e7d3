/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The difference between two revisions of a server: of their stored definitions, or of the objects they render.
 *
 * @param of {@code definition} or {@code objects}
 * @param unified a unified diff of the two as YAML (empty when equal)
 * @param changes the same field by field, for the console: the path, and each side's value as JSON (null: absent)
 */
public record RevisionDiff(String server, long from, long to, String of, String unified, List<Change> changes) {
    /** One field that differs. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(String path, String before, String after) {}
}
