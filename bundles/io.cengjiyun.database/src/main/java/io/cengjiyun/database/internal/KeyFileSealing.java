/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import io.cengjiyun.database.DataFolder;
import io.cengjiyun.database.Sealer;
import io.cengjiyun.database.Sealing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Sealers of key files in the data folder (or at absolute paths), as {@link Sealer#fromKeyFile} reads and makes them. */
@Component(service = {Sealing.class, KeyFiles.class})
public final class KeyFileSealing implements Sealing, KeyFiles {
    private final Path dataFolder;
    /** The key files handed out, by the name they are configured with. */
    private final Map<String, Path> used = new ConcurrentHashMap<>();

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
        Path file = dataFolder.resolve(keyFile);
        Sealer sealer = Sealer.fromKeyFile(file, sealedWhat, ifLost);
        used.put(keyFile, file);
        return sealer;
    }

    @Override
    public Map<String, Path> keyFiles() {
        Map<String, Path> files = new TreeMap<>(used);
        if (Files.isDirectory(dataFolder)) {
            try (Stream<Path> inData = Files.list(dataFolder)) {
                inData.filter(f -> f.getFileName().toString().endsWith(".key") && Files.isRegularFile(f))
                        .forEach(f -> files.putIfAbsent(f.getFileName().toString(), f));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list the key files in " + dataFolder, e);
            }
        }
        files.values().removeIf(f -> !Files.isRegularFile(f));
        return files;
    }
}
