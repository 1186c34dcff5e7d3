/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A config map or secret as a client reads it. A config map shows its {@code data}; a secret only its {@code keys},
 * never a value. {@code usedBy}: the servers of the appmap that mount it or take environment variables from it. After
 * a write, {@code restarted} names the servers applied again to roll their pods, and {@code notRestarted} those that
 * could not be, with why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfigView(
        String name,
        Map<String, String> data,
        List<String> keys,
        boolean restartServers,
        List<String> usedBy,
        long version,
        Instant createdAt,
        Instant updatedAt,
        String updatedBy,
        List<String> restarted,
        Map<String, String> notRestarted) {

    static ConfigView of(AppConfig c, List<String> usedBy) {
        boolean secret = c.kind() == ConfigKind.SECRET;
        return new ConfigView(
                c.name(),
                secret ? null : c.data(),
                secret ? List.copyOf(c.data().keySet()) : null,
                c.restartServers(),
                usedBy,
                c.version(),
                c.createdAt(),
                c.updatedAt(),
                c.updatedBy(),
                null,
                null);
    }

    ConfigView withRestarts(List<String> done, Map<String, String> failed) {
        return new ConfigView(
                name, data, keys, restartServers, usedBy, version, createdAt, updatedAt, updatedBy, done, failed);
    }
}
