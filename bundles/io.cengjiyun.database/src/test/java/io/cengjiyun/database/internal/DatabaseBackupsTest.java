/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.derby.jdbc.EmbeddedDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups of an embedded Derby database in a data folder, as the runtime makes them. */
class DatabaseBackupsTest {
    @TempDir
    Path folder;

    private Path data;
    private JdbcDatabaseService db;
    private KeyFileSealing sealing;

    @BeforeEach
    void database() {
        data = folder.resolve("data");
        db = JdbcDatabaseService.of("", "", "", data);
        db.write("make a table with a row", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE notes (text VARCHAR(100))");
                s.execute("INSERT INTO notes VALUES ('before the backup')");
            }
            return null;
        });
        sealing = new KeyFileSealing(data);
        sealing.sealer("cluster.key", "cluster credentials", "register the clusters again");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private DatabaseBackups backups(String time) {
        return new DatabaseBackups(db, sealing, data, Clock.fixed(Instant.parse(time), ZoneOffset.UTC));
    }

    @Test
    void backsUpTheDatabaseAndTheKeyFilesIntoAFolderNamedAfterTheTime() throws Exception {
        Backup backup = backups("2026-12-06T00:30:15Z").create(null);

        Path made = data.resolve("backups/20261206T003015Z");
        assertEquals(made.toString(), backup.path());
        assertEquals(List.of("cluster.key"), backup.keyFiles());
        assertTrue(backup.bytes() > 100_000, backup.bytes() + " bytes");
        assertEquals(Files.readString(data.resolve("cluster.key")), Files.readString(made.resolve("keys/cluster.key")));
        try (Connection copy = new EmbeddedDriver().connect("jdbc:derby:" + made.resolve("db"), new Properties());
                Statement s = copy.createStatement();
                ResultSet rows = s.executeQuery("SELECT text FROM notes")) {
            assertTrue(rows.next());
            assertEquals("before the backup", rows.getString(1));
        } finally {
            shutdown(made.resolve("db"));
        }
    }

    @Test
    void listsTheBackupsNewestFirstAlsoThoseMadeElsewhere() throws Exception {
        Path elsewhere = Files.createDirectory(folder.resolve("elsewhere"));
        backups("2026-12-06T00:30:15Z").create(null);
        backups("2026-12-06T00:40:00Z").create(elsewhere.toString());
        backups("2026-12-06T00:35:00Z").create(" ");

        List<Backup> listed = backups("2026-12-06T01:00:00Z").list();

        assertEquals(
                List.of(
                        elsewhere.resolve("20261206T004000Z").toString(),
                        data.resolve("backups/20261206T003500Z").toString(),
                        data.resolve("backups/20261206T003015Z").toString()),
                listed.stream().map(Backup::path).toList());
        assertEquals(Instant.parse("2026-12-06T00:40:00Z"), listed.get(0).created());
        assertEquals(List.of("cluster.key"), listed.get(0).keyFiles());
    }

    @Test
    void twoBackupsInTheSameSecondGetTwoFolders() {
        DatabaseBackups backups = backups("2026-12-06T00:30:15Z");

        assertEquals("20261206T003015Z", backups.create(null).name());
        assertEquals("20261206T003015Z-2", backups.create(null).name());
    }

    @Test
    void aTargetMustBeAnAbsoluteFolderOutsideTheDatabase() throws Exception {
        DatabaseBackups backups = backups("2026-12-06T00:30:15Z");
        Path file = Files.writeString(folder.resolve("a-file"), "x");

        assertTargetRefused(backups, "backups/today", "is not an absolute path");
        assertTargetRefused(backups, data.resolve("db/seg0").toString(), "inside the database's own folder");
        assertTargetRefused(backups, file.toString(), "is not a folder the runtime can write to");
        assertTargetRefused(backups, folder.resolve("no/such/folder").toString(), "make it first");
    }

    private static void assertTargetRefused(DatabaseBackups backups, String target, String why) {
        ValidationException e = assertThrows(ValidationException.class, () -> backups.create(target));
        FieldError error = e.errors().get(0);
        assertEquals("target", error.field());
        assertTrue(error.message().contains(why), error.message());
    }

    private static void shutdown(Path database) {
        try (Connection ignored =
                new EmbeddedDriver().connect("jdbc:derby:" + database + ";shutdown=true", new Properties())) {
            // Derby answers a shutdown with an exception.
        } catch (SQLException expected) {
            // 08006: shut down
        }
    }
}
