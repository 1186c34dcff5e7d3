/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.time.Instant;
import java.util.List;

/** A registry as the API answers it: never its password. */
@Doc("An image registry of a service, without its password")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistryView(
        @Doc(value = "The service it belongs to", example = "shop")
        String service,

        @Doc(value = "Its name in the service", example = "team-registry")
        String name,

        @Doc(value = "Where it is: host[:port]", example = "registry.example.com:5443")
        String address,

        @Doc(value = "The user it pulls as", example = "shop-puller")
        String username,

        @Doc("The PEM certificate of its authority, if one was given")
        String ca,

        @Doc(
                value = "The image pull secret made for it in every appmap namespace of the service",
                example = "cj-registry-team-registry")
        String pullSecret,

        @Doc(value = "The stored version, also the ETag", example = "1")
        long version,

        @Doc("When it was created (UTC)") Instant createdAt,
        @Doc("When it was last changed (UTC)") Instant updatedAt,
        @Doc(value = "Who changed it last", example = "ana") String updatedBy,

        @Doc("The other services that may use it (shown to its own service only); a registry another service"
                + " shares with this one has that service as `service`")
        List<String> sharedWith,

        @Doc("After a write: its pull secret in each appmap namespace of the service, applied or why not")
        List<SecretSync> appmaps) {

    /** The pull secret of one appmap after a write. */
    @Doc("A registry's pull secret in one appmap's namespace")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecretSync(
            @Doc(value = "The appmap", example = "dev") String appmap,

            @Doc(value = "Its namespace", example = "shop-dev")
            String namespace,

            @Doc(value = "`applied`, `deleted`, or `failed`", example = "applied")
            String outcome,

            @Doc("Why it failed, and what to do; absent otherwise")
            String detail) {}

    RegistryView withAppMaps(List<SecretSync> synced) {
        return new RegistryView(
                service,
                name,
                address,
                username,
                ca,
                pullSecret,
                version,
                createdAt,
                updatedAt,
                updatedBy,
                sharedWith,
                synced);
    }
}
