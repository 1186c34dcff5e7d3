/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import io.cengjiyun.api.doc.Doc;
import java.time.Instant;
import java.util.List;

/**
 * A backup of the embedded database with the key files, in a folder of its own.
 *
 * @param name     the folder's name, the time it was made: {@code 20261206T003015Z}
 * @param path     the folder, absolute
 * @param created  when the backup began
 * @param bytes    the size of everything in the folder
 * @param keyFiles the key files it holds, by the name they are configured with
 */
@Doc("A backup of the embedded database with the key files, in a folder of its own")
public record Backup(
        @Doc(value = "The folder's name: the time it was made (UTC)", example = "20261206T003015Z")
        String name,

        @Doc(value = "The folder, as an absolute path", example = "/opt/cengjiyun/data/backups/20261206T003015Z")
        String path,

        @Doc(value = "When the backup began (UTC)", example = "2026-12-06T00:30:15Z")
        Instant created,

        @Doc(value = "The size of everything in the folder, in bytes", example = "52428800")
        long bytes,

        @Doc("The key files it holds, by the name they are configured with")
        List<String> keyFiles) {}
