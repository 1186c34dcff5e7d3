/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import io.cengjiyun.database.DataFolder;
import io.cengjiyun.database.Sealer;
import io.cengjiyun.database.Sealing;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Sealers of key files in the data folder (or at absolute paths), as {@link Sealer#fromKeyFile} reads and makes them. */
@Component(service = Sealing.class)
public final class KeyFileSealing implements Sealing {
    private final Path dataFolder;

    @Activate
    public KeyFileSealing(BundleContext context) {
        this(DataFolder.of(context));
    }

    public KeyFileSealing(Path dataFolder) {
        this.dataFolder = dataFolder;
    }

    @Override
    public Sealer sealer(String keyFile, String sealedWhat, String ifLost) {
        if (keyFile == null || keyFile.isBlank()) {
            throw new IllegalArgumentException("a key file is required to seal " + sealedWhat);
        }
        return Sealer.fromKeyFile(dataFolder.resolve(keyFile), sealedWhat, ifLost);
    }
}
