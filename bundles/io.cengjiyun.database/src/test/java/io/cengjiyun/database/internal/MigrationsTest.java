/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    private static final List<String> GOOD = List.of("V1__first.sql", "V2__second.sql");
    private String name;
    private Connection connection;

    @BeforeEach
    void openDatabase() throws SQLException {
        name = DerbyMemory.newName("migrations");
        connection = DerbyMemory.open(name);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        connection.close();
        DerbyMemory.drop(name);
    }

    private static Migrations load(String folder, List<String> names) {
        return Migrations.load(MigrationsTest.class.getClassLoader(), "migrations/" + folder, names);
    }

    private int count(String table) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private boolean tableExists(String table) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, table.toUpperCase(), null)) {
            return tables.next();
        }
    }

    @Test
    void aFreshDatabaseGetsEveryScriptInOrder() throws SQLException {
        Migrations migrations = load("good", List.of("V2__second.sql", "V1__first.sql"));

        assertEquals(2, migrations.migrate(connection, Dialect.DERBY));

        assertEquals(2, Migrations.currentVersion(connection));
        assertEquals(1, count("second_table"));
        assertTrue(connection.getAutoCommit(), "the connection is left as it was found");
    }

    @Test
    void runningAgainAppliesNothing() throws SQLException {
        load("good", GOOD).migrate(connection, Dialect.DERBY);

        assertEquals(0, load("good", GOOD).migrate(connection, Dialect.DERBY));

        assertEquals(1, count("first_table"), "no script ran twice");
    }

    @Test
    void appliesOnlyTheScriptsTheDatabaseHasNotSeen() throws SQLException {
        load("good", List.of("V1__first.sql")).migrate(connection, Dialect.DERBY);

        assertEquals(1, load("good", GOOD).migrate(connection, Dialect.DERBY));

        assertEquals(2, Migrations.currentVersion(connection));
    }

    @Test
    void refusesADatabaseWithANewerSchema() throws SQLException {
        load("good", GOOD).migrate(connection, Dialect.DERBY);

        IncompatibleSchemaException e = assertThrows(
                IncompatibleSchemaException.class,
                () -> load("good", List.of("V1__first.sql")).migrate(connection, Dialect.DERBY));

        assertTrue(e.getMessage().contains("at version 2, newer than the 1"), e.getMessage());
        assertEquals(2, Migrations.currentVersion(connection));
    }

    @Test
    void aFailingScriptLeavesNothingOfItself() throws SQLException {
        Migrations broken = load("broken", List.of("V1__first.sql", "V2__broken.sql"));

        SQLException e = assertThrows(SQLException.class, () -> broken.migrate(connection, Dialect.DERBY));

        assertTrue(e.getMessage().startsWith("Migration V2__broken.sql failed"), e.getMessage());
        assertEquals(1, Migrations.currentVersion(connection));
        assertFalse(tableExists("half_table"));
        assertTrue(connection.getAutoCommit());
    }

    @Test
    void refusesNumbersWithGaps() {
        List<Migrations.Script> scripts = List.of(
                new Migrations.Script(1, "V1__a.sql", List.of()), new Migrations.Script(3, "V3__c.sql", List.of()));

        assertThrows(IllegalArgumentException.class, () -> new Migrations(scripts));
    }

    @Test
    void refusesAScriptThatIsNotThere() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> load("good", List.of("V1__missing.sql")));

        assertTrue(e.getMessage().contains("migrations/good/V1__missing.sql"), e.getMessage());
    }

    @Test
    void splitsStatementsAtSemicolonsEndingALineAndDropsComments() {
        String sql = """
                -- comment
                CREATE TABLE t (
                    a INTEGER
                );

                INSERT INTO t VALUES (1);
                """;

        assertEquals(List.of("CREATE TABLE t (\na INTEGER\n)", "INSERT INTO t VALUES (1)"), Migrations.statements(sql));
    }
}
