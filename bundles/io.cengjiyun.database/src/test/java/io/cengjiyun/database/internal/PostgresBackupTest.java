/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ConflictException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL the platform makes no backup of its own (409, naming pg_dump), and the commands the README gives,
 * pg_dump and pg_restore, bring the platform's tables back into a fresh database.
 */
class PostgresBackupTest {
    private static PostgresServer postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void aBackupIsRefusedSayingToUsePgDump(@TempDir Path data) throws Exception {
        String url = postgres.createDatabase();
        JdbcDatabaseService db = JdbcDatabaseService.of(url, "postgres", "", data);
        try {
            KeyFileSealing sealing = new KeyFileSealing(data);
            sealing.sealer("cluster.key", "cluster credentials", "register the clusters again");
            DatabaseBackups backups = new DatabaseBackups(db, sealing, data, Clock.systemUTC());

            ConflictException e = assertThrows(ConflictException.class, () -> backups.create(null));

            assertTrue(e.getMessage().contains("pg_dump --format=custom --username=postgres"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + url.substring("jdbc:".length()) + "'"), e.getMessage());
            assertTrue(e.getMessage().contains(data.resolve("cluster.key").toString()), e.getMessage());
            assertEquals(List.of(), backups.list());
        } finally {
            db.close();
        }
    }

    @Test
    void pgDumpAndPgRestoreBringTheTablesBackIntoAFreshDatabase() throws Exception {
        String url = postgres.createDatabase();
        JdbcDatabaseService db = JdbcDatabaseService.of(url, "postgres", "", null);
        try {
            db.write("make a table with rows", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE notes (id SERIAL PRIMARY KEY, text VARCHAR(100) NOT NULL)");
                    s.execute("INSERT INTO notes (text) VALUES ('first'), ('second')");
                }
                return null;
            });
        } finally {
            db.close();
        }
        String dump = postgres.folder().resolve("cengjiyun.dump").toString();
        String bin = postgres.binDirectory().toString();
        postgres.runAsServerUser(
                List.of(
                        bin + "/pg_dump",
                        "--format=custom",
                        "--username=postgres",
                        "--file=" + dump,
                        url.substring("jdbc:".length())),
                "pg_dump failed");
        String fresh = postgres.createDatabase();
        postgres.runAsServerUser(
                List.of(
                        bin + "/pg_restore",
                        "--clean",
                        "--if-exists",
                        "--no-owner",
                        "--username=postgres",
                        "--dbname=" + fresh.substring("jdbc:".length()),
                        dump),
                "pg_restore failed");

        JdbcDatabaseService restored = JdbcDatabaseService.of(fresh, "postgres", "", null);
        try {
            assertEquals(List.of("first", "second"), restored.read("read the notes", c -> {
                try (Statement s = c.createStatement();
                        ResultSet rows = s.executeQuery("SELECT text FROM notes ORDER BY id")) {
                    List<String> texts = new java.util.ArrayList<>();
                    while (rows.next()) {
                        texts.add(rows.getString(1));
                    }
                    return texts;
                }
            }));
        } finally {
            restored.close();
        }
    }
}
