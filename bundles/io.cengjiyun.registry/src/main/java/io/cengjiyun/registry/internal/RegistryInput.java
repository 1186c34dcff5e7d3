/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.cengjiyun.api.doc.Doc;
import java.util.List;

/** A registry as a client writes it: its password is written, never read back. */
@Doc("An image registry of a service, to create or change: its address and the credentials to pull from it")
@JsonIgnoreProperties(ignoreUnknown = false)
public record RegistryInput(
        @Doc(
                value = "Its name in the service (a DNS-1123 label); required to create, on PUT left out or the"
                        + " path's (no renaming)",
                example = "team-registry",
                maxLength = RegistryRules.MAX_NAME)
        String name,

        @Doc(
                value = "Where it is: host[:port], no scheme and no path; images from it are named"
                        + " `<address>/<repository>:<tag>`",
                example = "registry.example.com:5443",
                maxLength = 255)
        String address,

        @Doc(value = "The user to pull as", example = "shop-puller", maxLength = 255)
        String username,

        @Doc(
                value = "The user's password or token: required to create; on PUT left out to keep the stored one."
                        + " Sealed at rest, never returned",
                example = "pull-s3cret")
        String password,

        @Doc(
                value = "The PEM certificate of the authority that signed the registry's TLS certificate, when"
                        + " it is not a public one (kept for the platform's own calls to it; the nodes' container"
                        + " runtime must trust it too)")
        String ca,

        @Doc(
                value = "Other services of the platform that may use it: their members read and browse it, their"
                        + " appmaps get its pull secret and their servers pull from it, their builds push to it; only"
                        + " this service's administrators change it. Empty: this service's own; left out on PUT: kept")
        List<String> sharedWith) {

    /** A registry that no other service may use. */
    RegistryInput(String name, String address, String username, String password, String ca) {
        this(name, address, username, password, ca, null);
    }
}
