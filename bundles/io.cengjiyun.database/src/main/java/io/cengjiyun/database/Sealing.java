/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Gives each bundle the {@link Sealer} of its own key, so that no bundle reads key files or knows where the data
 * folder is. The format of sealed values and key files is the one {@link Sealer} defines: values sealed before this
 * service existed still open.
 */
@ProviderType
public interface Sealing {

    /**
     * The sealer of a key file, made (owner-only) on first use.
     *
     * @param keyFile    a file name in the data folder (e.g. {@code cluster.key}) or an absolute path
     * @param sealedWhat what the key seals, for errors, e.g. "cluster credentials"
     * @param ifLost     what to do if the key is lost, e.g. "register the clusters again"
     * @throws IllegalStateException if the file cannot be read or made, or holds no key
     */
    Sealer sealer(String keyFile, String sealedWhat, String ifLost);
}
