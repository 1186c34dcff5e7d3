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

    /** The services a registry may be shared with, at most. */
    static final int MAX_SHARED = 100;

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
        if (input.sharedWith() != null) {
            if (input.sharedWith().size() > MAX_SHARED) {
                c.error("sharedWith", "lists " + input.sharedWith().size() + " services: at most " + MAX_SHARED);
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < input.sharedWith().size() && i < MAX_SHARED; i++) {
                String other = input.sharedWith().get(i);
                if (c.dnsLabel("sharedWith[" + i + "]", other, 63) && !seen.add(other)) {
                    c.error("sharedWith[" + i + "]", "'" + other + "' is listed twice");
                }
            }
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
    /** A repository's name in the distribution spec: lower-case components separated by '/'. */
    static final Pattern REPOSITORY =
            Pattern.compile("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$");

    static final Pattern TAG = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");

    /**
     * An image reference taken apart: {@code [host/]repository[:tag][@digest]}; {@code host} null for one without a
     * registry host (Docker Hub's {@code nginx}, {@code shop/web}: the first part names a host only when it has a dot
     * or a port, or is {@code localhost}).
     */
    record ImageRef(String host, String repository, String tag, String digest) {
        static ImageRef parse(String image) {
            String rest = image;
            String digest = null;
            int at = rest.indexOf('@');
            if (at >= 0) {
                digest = rest.substring(at + 1);
                rest = rest.substring(0, at);
            }
            String tag = null;
            int colon = rest.lastIndexOf(':');
            if (colon > rest.lastIndexOf('/')) {
                tag = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
            }
            String host = null;
            int slash = rest.indexOf('/');
            if (slash > 0) {
                String first = rest.substring(0, slash);
                if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                    host = first;
                    rest = rest.substring(slash + 1);
                }
            }
            return new ImageRef(host, rest, tag, digest);
        }

        /** The reference without its digest: what a tag names, {@code host/repository:tag}. */
        String byTag() {
            return (host == null ? "" : host + "/") + repository + (tag == null ? "" : ":" + tag);
        }

        /** The same reference pinned to a digest ({@code ...:tag@sha256:...}), the tag kept for the reader. */
        String pinned(String newDigest) {
            return byTag() + "@" + newDigest;
        }
    }

    /**
     * The image a container runs: one without a registry host runs from the server's registry when its definition
     * names one ({@code registry: {name: team-registry}}), else as written.
     */
    static String resolve(String image, String registryAddress) {
        if (image == null || registryAddress == null || ImageRef.parse(image).host() != null) {
            return image;
        }
        return registryAddress + "/" + image;
    }

    /** @throws NotFoundException when the service does not exist */
    static void requireService(io.cengjiyun.api.HierarchyStore store, String service) {
        if (store.findService(service).isEmpty()) {
            throw new io.cengjiyun.api.NotFoundException("service '" + service + "'");
        }
    }
}
