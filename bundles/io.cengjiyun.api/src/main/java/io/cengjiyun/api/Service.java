/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A team's space. {@code version}, {@code createdAt} and {@code updatedAt} are set by the store and
 * ignored on input.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Service(
        String name,
        String displayName,
        String description,

        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        Long version,

        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        Instant createdAt,

        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        Instant updatedAt) {

    public static Service of(String name, String displayName, String description) {
        return new Service(name, displayName, description, null, null, null);
    }

    public Service withName(String newName) {
        return new Service(newName, displayName, description, version, createdAt, updatedAt);
    }
}
