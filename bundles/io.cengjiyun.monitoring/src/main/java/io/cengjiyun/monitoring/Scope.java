/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

/**
 * What a series is of. Its target is the path of names: {@code service/appmap/server}, {@code service/appmap},
 * {@code service}, {@code cluster/node}.
 */
public enum Scope {
    SERVER,
    APPMAP,
    SERVICE,
    NODE;

    /** The name in the database and in answers: lower case. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
