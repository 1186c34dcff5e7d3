/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import java.nio.file.Path;
import java.util.Map;

/** The key files that seal values at rest, which a backup of the database must carry. */
public interface KeyFiles {

    /**
     * Every key file that exists: those the bundles asked for a sealer of, and any {@code *.key} in the data folder
     * (a bundle may not have asked yet).
     *
     * @return the file by the name it is configured with: a name in the data folder (e.g. {@code cluster.key}) or an
     *     absolute path
     */
    Map<String, Path> keyFiles();
}
