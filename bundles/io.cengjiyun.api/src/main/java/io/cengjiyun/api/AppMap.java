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
 * One environment of a service, placed on one cluster as one namespace. The namespace defaults to
 * {@code <service>-<appmap>}.
 */
@Doc("An application map: one environment of a service, placed on one cluster as one namespace, with a quota")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppMap(
        @Doc(value = "The service it belongs to: the path's", example = "shop")
        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        String service,

        @Doc(
                value = "The appmap's name, unique in its service. Required on create; on update it may be left"
                        + " out (the path's), since an appmap cannot be renamed",
                example = "dev",
                pattern = Rules.DNS_LABEL,
                maxLength = Rules.MAX_LABEL)
        String name,

        @Doc(
                value = "The registered cluster it is placed on, which must be allotted to the service; it cannot"
                        + " change",
                example = "local",
                required = true,
                pattern = Rules.DNS_LABEL,
                maxLength = Rules.MAX_LABEL)
        String cluster,

        @Doc(
                value = "Its Kubernetes namespace on the cluster, which the platform creates; left out:"
                        + " `<service>-<appmap>`, which must then be at most " + Rules.MAX_LABEL
                        + " characters. It cannot change",
                example = "shop-dev",
                pattern = Rules.DNS_LABEL,
                maxLength = Rules.MAX_LABEL)
        String namespace,

        @Doc(
                value = "A label of the environment it is, for people and filters",
                example = "staging",
                pattern = Rules.DNS_LABEL,
                maxLength = Rules.MAX_LABEL)
        String environment,

        @Doc("The ResourceQuota of its namespace. It must bound every resource the service's allotment of the"
                + " cluster bounds, and fit in what that allotment leaves beside the service's other"
                + " appmaps there")
        Quota quota,

        @Doc(value = "The stored version, counted up by every change; the ETag of the appmap", example = "2")
        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        Long version,

        @Doc(value = "When the appmap was created", example = "2026-01-05T10:15:30Z")
        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        Instant createdAt,

        @Doc(value = "When the appmap was last changed", example = "2026-01-06T08:00:00Z")
        @JsonProperty(access = JsonProperty.Access.READ_ONLY)
        Instant updatedAt) {

    public static AppMap of(
            String service, String name, String cluster, String namespace, String environment, Quota quota) {
        return new AppMap(service, name, cluster, namespace, environment, quota, null, null, null);
    }

    /** The namespace this appmap lives in: the explicit one, or {@code <service>-<appmap>}. */
    public String effectiveNamespace() {
        return namespace != null && !namespace.isBlank() ? namespace : defaultNamespace(service, name);
    }

    /** The namespace of an appmap that names none: {@code <service>-<appmap>}. */
    public static String defaultNamespace(String service, String appmap) {
        return service + "-" + appmap;
    }

    public AppMap inService(String serviceName) {
        return new AppMap(serviceName, name, cluster, namespace, environment, quota, version, createdAt, updatedAt);
    }

    public AppMap withName(String newName) {
        return new AppMap(service, newName, cluster, namespace, environment, quota, version, createdAt, updatedAt);
    }
}
