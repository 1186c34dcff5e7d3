/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest;

import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.ValidationException;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.SecurityContext;

/**
 * ETags are the stored version; If-Match names the version a change is based on. The check itself is
 * done by the store, atomically with the write, so two clients can never both win.
 */
public final class Versions {
    private Versions() {}

    public static EntityTag etag(long version) {
        return new EntityTag(Long.toString(version));
    }

    /** The version an If-Match header asks for, or {@link HierarchyStore#ANY_VERSION} without one (or with *). */
    public static long expected(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return HierarchyStore.ANY_VERSION;
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            long version = Long.parseLong(tag);
            if (version < 0) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw new ValidationException(
                    "If-Match",
                    "'" + ifMatch + "' is not an ETag of this API: send the ETag"
                            + " header of your last GET, e.g. If-Match: \"3\"");
        }
    }

    /** The signed-in user's name, the author of a change. */
    public static String author(SecurityContext security) {
        return security != null && security.getUserPrincipal() != null
                ? security.getUserPrincipal().getName()
                : "anonymous";
    }
}
