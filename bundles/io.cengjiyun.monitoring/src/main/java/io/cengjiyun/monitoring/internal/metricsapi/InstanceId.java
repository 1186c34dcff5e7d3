/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * This runtime's identity on the clusters: written once into the bundle's data area, so a runtime that restarts after
 * a crash knows its own registrations again (and a second runtime, with its own data, never takes them for its own).
 */
final class InstanceId {
    private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

    private InstanceId() {}

    /** @param file null (no data area): a new id for this activation only */
    static String of(File file) {
        if (file == null) {
            return UUID.randomUUID().toString();
        }
        try {
            if (file.isFile()) {
                String kept = Files.readString(file.toPath(), StandardCharsets.US_ASCII)
                        .strip();
                if (ID.matcher(kept).matches()) {
                    return kept;
                }
            }
            String id = UUID.randomUUID().toString();
            Files.writeString(file.toPath(), id + "\n", StandardCharsets.US_ASCII);
            return id;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot keep this runtime's instance id in " + file + ": " + e.getMessage(), e);
        }
    }
}
