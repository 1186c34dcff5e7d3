/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.util.List;

/**
 * Where a server's live objects differ from what its stored revision renders, field by field. Only fields the
 * definition renders are compared: what the cluster fills in by itself (defaults, status, IPs) is not drift.
 *
 * @param revision the stored revision compared against
 * @param state {@code none} (in sync), {@code drifted}, or {@code stopped} (not compared: its objects are scaled down
 *     or gone on purpose)
 */
@Doc("Where a server's live objects differ from what its stored revision renders")
public record FieldDrift(
        @Doc(value = "The server's name", example = "web") String server,

        @Doc(value = "The stored revision compared against", example = "4")
        long revision,

        @Doc(
                value = "`none` (in sync), `drifted`, or `stopped` (not compared: its objects are scaled down or"
                        + " gone on purpose)",
                example = "drifted")
        String state,

        @Doc("Each field that differs; empty unless drifted")
        List<Field> fields) {
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
    @Doc("One field where the live object differs from the stored revision")
    public record Field(
            @Doc(value = "The object, as `Kind/name`", example = "Deployment/web")
            String object,

            @Doc(value = "The field in the object", example = "spec.template.spec.containers[0].image")
            String path,

            @Doc(
                    value = "What the stored revision renders (JSON); absent when the object is missing",
                    example = "\"nginx:1.26\"")
            String stored,

            @Doc(value = "What the cluster has (JSON); absent when absent there", example = "\"nginx:1.27\"")
            String live,

            @Doc(
                    value = "Where adopt would store it in the definition; absent when the definition cannot"
                            + " express it",
                    example = "containers[0].image")
            String definitionPath,

            @Doc("When it cannot be adopted: why, and what to do")
            String why) {}
}
