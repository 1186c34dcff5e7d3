/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore of a backup's layout into a data folder: a real Derby backup is restored in the store's tests. */
class RestoreTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T01:02:03Z"), ZoneOffset.UTC);

    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);

    private static Path backup(Path folder, String... keys) throws IOException {
        Files.createDirectories(folder.resolve("db/seg0"));
        Files.writeString(folder.resolve("db/service.properties"), "derby");
        Files.writeString(folder.resolve("db/seg0/c10.dat"), "rows");
        Files.createDirectories(folder.resolve("keys"));
        StringBuilder manifest = new StringBuilder("created=2026-12-06T00\\:30\\:15Z\ndatabase=derby\n");
        for (String key : keys) {
            String stored = Path.of(key).getFileName().toString();
            Files.writeString(folder.resolve("keys").resolve(stored), "key of " + key);
            manifest.append("key.").append(stored).append('=').append(key).append('\n');
        }
        Files.writeString(folder.resolve(Restore.MANIFEST), manifest);
        return folder;
    }

    @Test
    void putsTheDatabaseAndTheKeyFilesWhereTheyWereConfigured(@TempDir Path dir) throws IOException {
        Path elsewhere = dir.resolve("keys-elsewhere/volumes.key");
        Path backup = backup(dir.resolve("backup"), "cluster.key", elsewhere.toString());
        Path data = dir.resolve("data");

        new Restore(data, out, CLOCK).from(backup);

        assertEquals("rows", Files.readString(data.resolve("db/seg0/c10.dat")));
        assertEquals("key of cluster.key", Files.readString(data.resolve("cluster.key")));
        assertEquals("key of " + elsewhere, Files.readString(elsewhere));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere)));
    }

    @Test
    void movesWhatItReplacesAsideAndDeletesNothing(@TempDir Path dir) throws IOException {
        Path backup = backup(dir.resolve("backup"), "cluster.key");
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("db"));
        Files.writeString(data.resolve("db/service.properties"), "the database before");
        Files.writeString(data.resolve("cluster.key"), "the key before");

        new Restore(data, out, CLOCK).from(backup);

        assertEquals(
                "the database before",
                Files.readString(data.resolve("db.before-restore-20261206T010203Z/service.properties")));
        assertEquals("the key before", Files.readString(data.resolve("cluster.key.before-restore-20261206T010203Z")));
        assertEquals("key of cluster.key", Files.readString(data.resolve("cluster.key")));
        assertTrue(
                said.toString(StandardCharsets.UTF_8).contains("db.before-restore-20261206T010203Z"), said.toString());
    }

    @Test
    void refusesAFolderWithoutTheManifestAndChangesNothing(@TempDir Path dir) throws IOException {
        Path backup = backup(dir.resolve("backup"));
        Files.delete(backup.resolve(Restore.MANIFEST));
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("db"));

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Restore(data, out, CLOCK).from(backup));

        assertTrue(e.getMessage().contains("no backup.properties"), e.getMessage());
        assertTrue(e.getMessage().contains("cj:backup"), e.getMessage());
        try (var left = Files.list(data)) {
            assertEquals(1, left.count(), "the data folder is as it was");
        }
    }

    @Test
    void refusesABackupThatLacksAKeyFileItLists(@TempDir Path dir) throws IOException {
        Path backup = backup(dir.resolve("backup"), "cluster.key");
        Files.delete(backup.resolve("keys/cluster.key"));
        Path data = dir.resolve("data");

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Restore(data, out, CLOCK).from(backup));

        assertTrue(e.getMessage().contains("cluster.key"), e.getMessage());
        assertFalse(Files.exists(data.resolve("db")));
    }
}
