/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A member's role in a service; each includes the rights of the ones before it. */
public enum Role {
    VIEWER,
    DEVELOPER,
    ADMIN;

    /** As written in JSON and the shell: viewer, developer, admin. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the roles there are */
    @JsonCreator
    public static Role of(String id) {
        for (Role role : values()) {
            if (role.id().equals(id)) {
                return role;
            }
        }
        throw new IllegalArgumentException("'" + id + "' is not a role: use one of " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
    }

    /** True if this role has at least the rights of {@code other}. */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }
}
