/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JdbcDatabaseTest {

    @Test
    void anEmptyUrlIsEmbeddedDerbyInTheDataFolder() {
        JdbcDatabase database = JdbcDatabase.of("", "", "", Path.of("/srv/cengjiyun/data"));

        assertEquals("jdbc:derby:/srv/cengjiyun/data/db;create=true", database.url());
    }

    @Test
    void aRelativeDataFolderBecomesAbsolute() {
        JdbcDatabase database = JdbcDatabase.of("  ", null, null, Path.of("data"));

        assertEquals("jdbc:derby:" + Path.of("data", "db").toAbsolutePath() + ";create=true", database.url());
    }

    @Test
    void keepsACreateAttributeGiven() {
        assertEquals(
                "jdbc:derby:/tmp/x;create=false",
                JdbcDatabase.of("jdbc:derby:/tmp/x;create=false", "", "", null).url());
    }

    @Test
    void refusesNetworkDerbyNamingTheUrl() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> JdbcDatabase.of("jdbc:derby://db.example:1527/cj", "", "", null));

        assertTrue(e.getMessage().contains("jdbc:derby://db.example:1527/cj"), e.getMessage());
    }

    @Test
    void refusesOtherDatabasesSayingWhatWorks() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> JdbcDatabase.of("jdbc:mysql://db/cj", "", "", null));

        assertTrue(e.getMessage().contains("'jdbc:mysql://db/cj' is not supported"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:postgresql://"), e.getMessage());
    }

    @Test
    void aPostgresUrlUsesThePostgresDriver() {
        JdbcDatabase database = JdbcDatabase.of("jdbc:postgresql://db:5432/cj", "cj", "secret", null);

        assertEquals("jdbc:postgresql://db:5432/cj", database.description());
    }

    @Test
    void descriptionsHidePasswords() {
        String description = JdbcDatabase.of("jdbc:postgresql://db/cj?user=cj&password=secret&ssl=true", "", "", null)
                .description();

        assertFalse(description.contains("secret"), description);
        assertEquals("jdbc:postgresql://db/cj?user=cj&password=***&ssl=true", description);
    }
}
