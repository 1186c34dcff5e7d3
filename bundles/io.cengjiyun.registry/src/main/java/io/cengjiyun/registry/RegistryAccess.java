/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        private static final ObjectMapper JSON = new ObjectMapper();

        /**
         * The registry's credentials as a Docker config, {@code {"auths": {"<address>": {username, password, auth}}}}:
         * what the kubelet reads from an image pull secret and buildah from {@code --authfile}.
         */
        public String dockerConfig() {
            Map<String, Object> auth = new LinkedHashMap<>();
            auth.put("username", username);
            auth.put("password", password);
            auth.put(
                    "auth",
                    Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
            try {
                return JSON.writeValueAsString(Map.of("auths", Map.of(address, auth)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() { // never the password
            return "Credentials[" + service + "/" + name + " at " + address + " as " + username + "]";
        }
    }

    /** The service's registry of that name, if there is one. */
    Optional<Credentials> find(String service, String name);

    /**
     * A build pushed {@code <registry>/<repository>:<tag>} as {@code digest}: every server of the service that
     * follows builds ({@code registry: {followBuilds: true}}) and runs that image rolls it out as a new revision
     * pinned to the digest, written by {@code author}.
     *
     * @return one line per server that follows it: rolled out as which revision, or why not
     */
    List<String> pushed(String service, String registry, String repository, String tag, String digest, String author);
}
