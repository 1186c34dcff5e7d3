/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The registries of the services as another bundle of the platform needs them: to push an image it built, or to pull
 * one. Its credentials are the registry's own and must not leave the platform but towards that registry.
 */
@ProviderType
public interface RegistryAccess {

    /** A registry of a service: where it is, who to be there, and the PEM of its authority (null for a public one). */
    record Credentials(
            String service,
            String name,
            String address,
            String username,
            String password,
            String ca,
            String pullSecret) {
        @Override
        public String toString() { // never the password
            return "Credentials[" + service + "/" + name + " at " + address + " as " + username + "]";
        }
    }

    /** The service's registry of that name, if there is one. */
    Optional<Credentials> find(String service, String name);
}
