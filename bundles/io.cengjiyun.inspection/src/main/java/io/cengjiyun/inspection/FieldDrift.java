/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Where a server's live objects differ from what its stored revision renders, field by field. Only fields the
 * definition renders are compared: what the cluster fills in by itself (defaults, status, IPs) is not drift.
 *
 * @param revision the stored revision compared against
 * @param state {@code none} (in sync), {@code drifted}, or {@code stopped} (not compared: its objects are scaled down
 *     or gone on purpose)
 */
public record FieldDrift(String server, long revision, String state, List<Field> fields) {
    /**
     * One field that differs.
     *
     * @param object {@code Kind/name}
     * @param path the field in the object, e.g. {@code spec.template.spec.containers[0].image}
     * @param stored what the stored revision renders (JSON), null when the object is missing
     * @param live what the cluster has (JSON), null when absent
     * @param definitionPath where adopt would store it in the definition, e.g. {@code containers[0].image}; null when
     *     the definition cannot express it
     * @param why when it cannot be adopted: why, and what to do
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Field(String object, String path, String stored, String live, String definitionPath, String why) {}
}
