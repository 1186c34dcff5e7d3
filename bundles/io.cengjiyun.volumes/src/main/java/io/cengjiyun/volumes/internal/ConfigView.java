/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A config map or secret as a client reads it. A config map shows its {@code data}; a secret only its {@code keys},
 * never a value. {@code usedBy}: the servers of the appmap that mount it or take environment variables from it. After
 * a write, {@code restarted} names the servers applied again to roll their pods, and {@code notRestarted} those that
 * could not be, with why.
 */
@Doc("A config map or secret as a client reads it: a secret shows its keys, never its values")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfigView(
        @Doc(value = "The name", example = "app-config") String name,

        @Doc("A config map's entries, key to value (absent for a secret)")
        Map<String, String> data,

        @Doc("A secret's keys, without their values (absent for a config map)")
        List<String> keys,

        @Doc(value = "Whether the servers that use it roll when its data changes", example = "false")
        boolean restartServers,

        @Doc("The servers of the appmap that mount it or take environment variables from it")
        List<String> usedBy,

        @Doc(value = "The stored version, also the ETag", example = "3")
        long version,

        @Doc(value = "When it was created (UTC)", example = "2026-11-25T10:00:00Z")
        Instant createdAt,

        @Doc(value = "When it was last written (UTC)", example = "2026-11-25T10:05:00Z")
        Instant updatedAt,

        @Doc(value = "Who wrote it last", example = "ana") String updatedBy,

        @Doc("After a write with `restartServers`: the servers applied again to roll their pods")
        List<String> restarted,

        @Doc("After a write with `restartServers`: the servers that could not be rolled, with why")
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
