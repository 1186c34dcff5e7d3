/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;
import java.time.Instant;

/**
 * A team's space. {@code version}, {@code createdAt} and {@code updatedAt} are set by the store and
 * ignored on input.
 */
@Doc("A service: a team's space, with its members, the clusters allotted to it and its appmaps")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Service(
        @Doc(
                value = "The service's name, unique on the platform. Required on create; on update it may be left"
                        + " out (the path's), since a service cannot be renamed",
                example = "shop",
                pattern = Rules.DNS_LABEL,
                maxLength = Rules.MAX_LABEL)
        String name,

        @Doc(value = "A name for people", example = "Web shop", maxLength = Rules.MAX_DISPLAY_NAME)
        String displayName,

        @Doc(
                value = "What the service is for",
                example = "The shop's storefront and its back office",
                maxLength = Rules.MAX_DESCRIPTION)
        String description,

        @Doc(value = "The stored version, counted up by every change; the ETag of the service", example = "3")
        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        Long version,

        @Doc(value = "When the service was created", example = "2026-01-05T10:15:30Z")
        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        Instant createdAt,

        @Doc(value = "When the service was last changed", example = "2026-01-06T08:00:00Z")
        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        Instant updatedAt) {

    public static Service of(String name, String displayName, String description) {
        return new Service(name, displayName, description, null, null, null);
    }

    public Service withName(String newName) {
        return new Service(newName, displayName, description, version, createdAt, updatedAt);
    }
}
