/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.security;

import java.security.Principal;
import java.util.Map;
import java.util.Objects;

/**
 * Who makes a request: the principal of the request's SecurityContext once the security filter has
 * authenticated it. Resources use it to limit what they show ({@link #canSee}) and to name the author
 * of a change.
 *
 * @param name the user name
 * @param platformAdmin whether the user administers the whole platform
 * @param memberships the user's membership per service name
 */
public record Caller(String name, boolean platformAdmin, Map<String, Membership> memberships) implements Principal {
    /** The operator of the local console: the shell runs as a platform administrator. */
    public static final Caller OPERATOR = new Caller("console", true, Map.of());

    public Caller {
        Objects.requireNonNull(name, "name");
        memberships = Map.copyOf(memberships);
    }

    @Override
    public String getName() {
        return name;
    }

    /** True if the caller may read the service at all (a list shows only these). */
    public boolean canSee(String service) {
        return platformAdmin || memberships.containsKey(service);
    }

    /**
     * Whether the caller holds a right.
     *
     * @param subject the service for per-service rights, the user for {@link Right#SELF}; ignored otherwise
     */
    public boolean has(Right right, String subject) {
        if (right == Right.ANYONE || right == Right.USER || platformAdmin) {
            return true;
        }
        Membership membership = subject == null ? null : memberships.get(subject);
        return switch (right) {
            case SELF -> name.equals(subject);
            case VIEWER -> membership != null;
            case DEVELOPER -> membership != null && membership.role().includes(Role.DEVELOPER);
            case SERVICE_ADMIN -> membership != null && membership.role().includes(Role.ADMIN);
            case TERMINAL -> membership != null && membership.terminal();
            default -> false;
        };
    }

    /** The caller of a request, if the security filter made one; works on any {@link Principal}. */
    public static Caller of(Principal principal) {
        return principal instanceof Caller caller ? caller : null;
    }
}
