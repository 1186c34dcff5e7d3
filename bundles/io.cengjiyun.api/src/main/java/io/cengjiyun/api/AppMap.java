/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One environment of a service, placed on one cluster as one namespace. The namespace defaults to
 * {@code <service>-<appmap>}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppMap(
        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        String service,

        String name,
        String cluster,
        String namespace,
        String environment,
        Quota quota,

        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        Long version,

        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        Instant createdAt,

        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        Instant updatedAt) {

    public static AppMap of(
            String service, String name, String cluster, String namespace, String environment, Quota quota) {
        return new AppMap(service, name, cluster, namespace, environment, quota, null, null, null);
    }

    /** The namespace this appmap lives in: the explicit one, or {@code <service>-<appmap>}. */
    public String effectiveNamespace() {
        return namespace != null && !namespace.isBlank() ? namespace : service + "-" + name;
    }

    public AppMap inService(String serviceName) {
        return new AppMap(serviceName, name, cluster, namespace, environment, quota, version, createdAt, updatedAt);
    }

    public AppMap withName(String newName) {
        return new AppMap(service, newName, cluster, namespace, environment, quota, version, createdAt, updatedAt);
    }
}
