/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@code bin/cengjiyun restore <backup>}: puts a backup made by {@code cj:backup} or {@code POST /api/v1/backups} in
 * place, while the runtime is stopped: its {@code db/} becomes {@code <data>/db} and each of its key files goes back
 * where it was configured ({@code <data>/<name>}, or its absolute path). Nothing is deleted: a database or key file it
 * replaces is moved aside to {@code <name>.before-restore-<time>}. The backup's layout is the database bundle's
 * (its DatabaseBackups): {@value #MANIFEST} with {@code created} and a {@code key.<file in keys/>=<where it goes>}
 * per key file, written last.
 */
public final class Restore {
    static final String MANIFEST = "backup.properties";
    private static final DateTimeFormatter SUFFIX =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path data;
    private final PrintStream out;
    private final Clock clock;

    public Restore(Path data, PrintStream out, Clock clock) {
        this.data = data.toAbsolutePath().normalize();
        this.out = out;
        this.clock = clock;
    }

    /**
     * @throws IllegalArgumentException if the folder is not a complete backup, saying what is missing
     */
    public void from(Path backup) throws IOException {
        Path folder = backup.toAbsolutePath().normalize();
        Path manifestFile = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalArgumentException(folder + " is not a complete Cengjiyun backup: it has no " + MANIFEST
                    + " (make one with cj:backup or POST /api/v1/backups; an interrupted backup has none)");
        }
        Path db = folder.resolve("db");
        if (!Files.isRegularFile(db.resolve("service.properties"))) {
            throw new IllegalArgumentException(
                    folder + " has no Derby database in db/: it is not a backup of the embedded database");
        }
        Properties manifest = new Properties();
        try (Reader in = Files.newBufferedReader(manifestFile, StandardCharsets.UTF_8)) {
            manifest.load(in);
        }
        List<String[]> keys = new ArrayList<>();
        for (String property : manifest.stringPropertyNames()) {
            if (property.startsWith("key.")) {
                Path stored = folder.resolve("keys").resolve(property.substring("key.".length()));
                if (!Files.isRegularFile(stored)) {
                    throw new IllegalArgumentException(
                            folder + " lacks the key file " + stored + " its " + MANIFEST + " lists");
                }
                keys.add(new String[] {stored.toString(), manifest.getProperty(property)});
            }
        }
        String aside = ".before-restore-" + SUFFIX.format(clock.instant());
        Files.createDirectories(data);
        Path target = data.resolve("db");
        if (Files.exists(target)) {
            Path moved = target.resolveSibling("db" + aside);
            Files.move(target, moved);
            out.println("Moved the database it replaces to " + moved);
        }
        copyTree(db, target);
        out.println(
                "Restored the database of " + manifest.getProperty("created", "an unknown time") + " into " + target);
        for (String[] key : keys) {
            Path to = data.resolve(key[1]);
            if (Files.exists(to)) {
                Path moved = to.resolveSibling(to.getFileName() + aside);
                Files.move(to, moved);
                out.println("Moved the key file it replaces to " + moved);
            }
            Files.createDirectories(to.toAbsolutePath().getParent());
            Files.copy(Path.of(key[0]), to);
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
            out.println("Restored the key file " + to);
        }
        out.println("Start the runtime (bin/cengjiyun): it applies the restored revisions to the clusters where they"
                + " differ, and publishes that drift.");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path copy = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
