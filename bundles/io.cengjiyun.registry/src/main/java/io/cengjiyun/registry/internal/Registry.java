/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import io.cengjiyun.registry.RegistryAccess;
import java.time.Instant;
import java.util.List;

/** A stored registry, its password opened: never leaves the bundle ({@link RegistryView} does). */
record Registry(
        String service,
        String name,
        String address,
        String username,
        String password,
        String ca,
        long version,
        Instant createdAt,
        Instant updatedAt,
        String updatedBy,
        List<String> sharedWith) {

    Registry {
        sharedWith = sharedWith == null ? List.of() : List.copyOf(sharedWith);
    }

    /** Whether a service may use it: its own, or one it is shared with. */
    boolean usableBy(String other) {
        return service.equals(other) || sharedWith.contains(other);
    }

    /** As the members of {@code reader}'s service see it: the services it is shared with only for its own. */
    RegistryView view(String reader) {
        return new RegistryView(
                service,
                name,
                address,
                username,
                ca,
                RegistryRules.secretName(name),
                version,
                createdAt,
                updatedAt,
                updatedBy,
                service.equals(reader) ? sharedWith : null,
                null);
    }

    /** What other bundles may see of it (its password included: for the registry only). */
    RegistryAccess.Credentials credentials() {
        return new RegistryAccess.Credentials(
                service, name, address, username, password, ca, RegistryRules.secretName(name));
    }

    @Override
    public String toString() { // never the password, in a log or a message
        return "Registry[" + service + "/" + name + " at " + address + " as " + username + ", version " + version + "]";
    }
}
