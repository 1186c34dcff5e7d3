/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import java.time.Instant;
import java.util.Map;

/**
 * A stored config map or secret of an appmap with its data (a secret's opened). {@code digest} changes with the data
 * and tells nothing about it; {@code version} counts the writes.
 */
record AppConfig(
        ConfigKind kind,
        String name,
        Map<String, String> data,
        boolean restartServers,
        String digest,
        long version,
        Instant createdAt,
        Instant updatedAt,
        String updatedBy) {

    ConfigRef ref() {
        return new ConfigRef(kind, name, restartServers, digest);
    }
}
