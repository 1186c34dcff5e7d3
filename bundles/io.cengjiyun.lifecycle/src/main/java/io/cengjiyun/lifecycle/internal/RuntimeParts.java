/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.UnavailableException;

/**
 * The lifecycle's parts that run servers need a cluster registry: while the bundle io.cengjiyun.cluster is stopped
 * they are gone, and the resources and commands that use them answer 503 for what needs them rather than vanishing with them
 * (reading definitions, and the services and appmaps themselves, keep working).
 */
public final class RuntimeParts {
    private RuntimeParts() {}

    /** The part, or 503 saying why it is missing and what to do; nothing was changed. */
    public static <T> T require(T part, String action) {
        if (part == null) {
            throw new UnavailableException(
                    action + " needs the server runtime, which runs only while the bundle"
                            + " io.cengjiyun.cluster runs; nothing was changed. Start it (at the console: start io.cengjiyun.cluster)"
                            + " and try again.",
                    null);
        }
        return part;
    }
}
