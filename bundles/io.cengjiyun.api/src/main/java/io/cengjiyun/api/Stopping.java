/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

/**
 * The runtime's stop, as the launcher announces it: when it begins (SIGTERM, then the drain of
 * {@code CENGJIYUN_DRAIN_SECONDS}), the launcher registers a {@code java.util.function.BooleanSupplier} with the
 * property {@value #PROPERTY}={@value #VALUE}. A component that must act then (readiness false, connections closed,
 * streams ended with a reconnect hint, the Lease given up) takes an optional dynamic reference to that service with
 * the target {@link #TARGET}.
 */
public final class Stopping {
    /** The service property the launcher sets. */
    public static final String PROPERTY = "cengjiyun.role";

    /** Its value. */
    public static final String VALUE = "stopping";

    /** The reference target that finds the service. */
    public static final String TARGET = "(" + PROPERTY + "=" + VALUE + ")";

    private Stopping() {}
}
