/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.validation.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What a registry must be: the same checks for REST and the console commands. */
final class RegistryRules {
    /** So that its pull secret's name, {@code cj-registry-<name>}, stays a DNS-1123 label too. */
    static final int MAX_NAME = 51;

    static final String SECRET_PREFIX = "cj-registry-";

    /** host or IPv4 or [IPv6], then an optional port: what a container image reference starts with. */
    private static final Pattern ADDRESS = Pattern.compile(
            "^([A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*|\\[[0-9A-Fa-f:.]+\\])"
                    + "(:[0-9]{1,5})?$");

    private RegistryRules() {}

    /**
     * @param pathName the name in the path, or null when the body names it (a create)
     * @param creating whether the password is required (a create, or a PUT that makes one)
     */
    static List<FieldError> check(RegistryInput input, String pathName, boolean creating) {
        Checks c = new Checks(new ArrayList<>());
        if (input == null) {
            c.error(
                    "body",
                    "is empty: send {\"name\": \"team-registry\", \"address\": \"registry.example.com:5443\","
                            + " \"username\": \"puller\", \"password\": \"...\"}");
            return c.errors();
        }
        if (pathName == null) {
            c.dnsLabel("name", input.name(), MAX_NAME);
        } else if (input.name() != null && !input.name().equals(pathName)) {
            c.error(
                    "name",
                    "'" + input.name() + "' is not the registry of the path, '" + pathName + "': a registry cannot be"
                            + " renamed; create one of the new name, then delete this one");
        }
        address(c, input.address());
        if (input.username() == null || input.username().isBlank()) {
            c.error("username", "is required: the user the nodes pull images as, e.g. 'puller'");
        } else if (input.username().length() > 255
                || input.username().contains(":")
                || input.username().chars().anyMatch(Character::isISOControl)) {
            c.error("username", "must be at most 255 characters without ':' or control characters");
        }
        if (input.password() == null || input.password().isEmpty()) {
            if (creating) {
                c.error("password", "is required to create a registry: the user's password or access token");
            }
        } else if (input.password().length() > 4096
                || input.password().chars().anyMatch(ch -> ch == '\n' || ch == '\r')) {
            c.error("password", "must be one line of at most 4096 characters");
        }
        if (input.ca() != null && !input.ca().isBlank()) {
            String ca = input.ca().strip();
            if (!ca.startsWith("-----BEGIN CERTIFICATE-----") || !ca.endsWith("-----END CERTIFICATE-----")) {
                c.error(
                        "ca",
                        "is not a PEM certificate: give the authority's certificate as text from"
                                + " '-----BEGIN CERTIFICATE-----' to '-----END CERTIFICATE-----'");
            } else if (ca.length() > 65536) {
                c.error("ca", "is " + ca.length() + " characters long; give one certificate of at most 65536");
            }
        }
        return c.errors();
    }

    private static void address(Checks c, String address) {
        if (address == null || address.isBlank()) {
            c.error("address", "is required: the registry's host and port, e.g. 'registry.example.com:5443'");
            return;
        }
        String a = address.strip();
        if (a.contains("://")) {
            c.error(
                    "address",
                    "'" + a + "' has a scheme: give only host[:port], e.g. '"
                            + a.substring(a.indexOf("://") + 3).replaceAll("/.*$", "")
                            + "' (the registry is reached over HTTPS)");
            return;
        }
        if (a.contains("/")) {
            c.error(
                    "address",
                    "'" + a + "' has a path: give only host[:port], e.g. '" + a.replaceAll("/.*$", "") + "'");
            return;
        }
        if (a.length() > 255 || !ADDRESS.matcher(a).matches()) {
            c.error("address", "'" + a + "' is not a host[:port], e.g. 'registry.example.com' or '10.0.0.5:5443'");
            return;
        }
        int colon = a.lastIndexOf(':');
        if (colon > a.lastIndexOf(']')) {
            int port = Integer.parseInt(a.substring(colon + 1));
            if (port < 1 || port > 65535) {
                c.error("address", "has port " + port + ": give one from 1 to 65535");
            }
        }
    }

    /** The name of a registry's image pull secret in every appmap namespace of its service. */
    static String secretName(String registry) {
        return SECRET_PREFIX + registry;
    }

    /**
     * Whether an image reference is of this registry: {@code <address>/...}. Docker Hub's short names ({@code nginx},
     * {@code library/nginx}) have no registry host and belong to none.
     */
    static boolean isFrom(String image, String address) {
        return image != null && image.startsWith(address + "/");
    }
}
