/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

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
public record Backup(String name, String path, Instant created, long bytes, List<String> keyFiles) {}
