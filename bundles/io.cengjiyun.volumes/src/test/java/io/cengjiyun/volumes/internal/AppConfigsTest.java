/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.database.Sealer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The config maps and secrets on a real embedded Derby database, with the store's schema and the bundle's own. */
class AppConfigsTest {
    private static final DerbyPlatform PLATFORM = new DerbyPlatform();
    private final AppConfigs configs = PLATFORM.configs;

    @AfterEach
    void empty() throws SQLException {
        PLATFORM.empty();
    }

    @AfterAll
    static void drop() {
        PLATFORM.close();
    }

    private AppConfigs.Written put(
            ConfigKind kind, String name, Map<String, String> data, boolean restart, AppConfigs.Mode mode) {
        return configs.write("shop", "dev", kind, name, data, restart, "ann", mode, saved -> {});
    }

    private static String rawData(String name) throws SQLException {
        try (Connection c = PLATFORM.database.open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT data FROM volume_configs WHERE name = '" + name + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aConfigMapIsStoredWithItsDataAndFirstVersion() {
        put(ConfigKind.CONFIG_MAP, "app", Map.of("b", "2", "a", "1"), false, AppConfigs.Mode.CREATE);

        AppConfig found =
                configs.find("shop", "dev", ConfigKind.CONFIG_MAP, "app").orElseThrow();
        assertEquals(Map.of("a", "1", "b", "2"), found.data());
        assertEquals(List.of("a", "b"), List.copyOf(found.data().keySet()), "keys sorted");
        assertEquals(1, found.version());
        assertEquals(Instant.parse("2026-03-01T09:00:00Z"), found.updatedAt());
        assertEquals("ann", found.updatedBy());
        assertFalse(found.restartServers());
        assertTrue(configs.find("shop", "dev", ConfigKind.SECRET, "app").isEmpty(), "a secret is another kind");
    }

    @Test
    void aSecretsDataIsSealedAtRest() throws SQLException {
        put(ConfigKind.SECRET, "db", Map.of("password", "hunter2-very-secret"), false, AppConfigs.Mode.CREATE);

        String raw = rawData("db");
        assertTrue(raw.startsWith("aesgcm1:"), raw);
        assertFalse(raw.contains("hunter2"));
        assertFalse(raw.contains("password"), "not even the keys are readable");
        assertEquals(
                Map.of("password", "hunter2-very-secret"),
                configs.find("shop", "dev", ConfigKind.SECRET, "db")
                        .orElseThrow()
                        .data());
    }

    @Test
    void aConfigMapsDataIsPlainJson() throws SQLException {
        put(ConfigKind.CONFIG_MAP, "app", Map.of("mode", "prod"), false, AppConfigs.Mode.CREATE);

        assertEquals("{\"mode\":\"prod\"}", rawData("app"));
    }

    @Test
    void theDigestChangesWithTheDataAndNothingElse() {
        String first = put(ConfigKind.CONFIG_MAP, "app", Map.of("mode", "prod"), false, AppConfigs.Mode.CREATE)
                .now()
                .digest();
        AppConfigs.Written same =
                put(ConfigKind.CONFIG_MAP, "app", Map.of("mode", "prod"), true, AppConfigs.Mode.REPLACE);
        AppConfigs.Written changed =
                put(ConfigKind.CONFIG_MAP, "app", Map.of("mode", "dev"), true, AppConfigs.Mode.REPLACE);

        assertEquals(first, same.now().digest());
        assertFalse(same.dataChanged());
        assertEquals(2, same.now().version());
        assertNotEquals(first, changed.now().digest());
        assertTrue(changed.dataChanged());
        assertEquals(3, changed.now().version());
    }

    @Test
    void theDigestOfEqualDataDiffersBetweenObjects() {
        String a = put(ConfigKind.SECRET, "a", Map.of("password", "1234"), false, AppConfigs.Mode.CREATE)
                .now()
                .digest();
        String b = put(ConfigKind.SECRET, "b", Map.of("password", "1234"), false, AppConfigs.Mode.CREATE)
                .now()
                .digest();

        assertNotEquals(a, b, "salted: a digest seen in a pod annotation cannot be matched against a guess");
    }

    @Test
    void createOfOneThatExistsIsAConflictAndReplaceOfOneThatDoesNotIsNotFound() {
        put(ConfigKind.CONFIG_MAP, "app", Map.of(), false, AppConfigs.Mode.CREATE);

        assertThrows(
                ConflictException.class,
                () -> put(ConfigKind.CONFIG_MAP, "app", Map.of(), false, AppConfigs.Mode.CREATE));
        assertThrows(
                NotFoundException.class,
                () -> put(ConfigKind.CONFIG_MAP, "nope", Map.of(), false, AppConfigs.Mode.REPLACE));
        assertEquals(
                1,
                put(ConfigKind.CONFIG_MAP, "new", Map.of(), false, AppConfigs.Mode.CREATE_OR_REPLACE)
                        .now()
                        .version());
    }

    @Test
    void aFailingStepAfterTheWriteLeavesNothingStored() {
        assertThrows(
                IllegalStateException.class,
                () -> configs.write(
                        "shop",
                        "dev",
                        ConfigKind.CONFIG_MAP,
                        "app",
                        Map.of("a", "1"),
                        false,
                        "ann",
                        AppConfigs.Mode.CREATE,
                        saved -> {
                            throw new IllegalStateException("cluster refused");
                        }));

        assertTrue(configs.find("shop", "dev", ConfigKind.CONFIG_MAP, "app").isEmpty());
    }

    @Test
    void aFailingStepAfterAReplaceStoresWhatWasBeforeAgain() {
        AppConfig first = put(ConfigKind.SECRET, "db", Map.of("p", "old"), false, AppConfigs.Mode.CREATE)
                .now();

        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> configs.write(
                        "shop",
                        "dev",
                        ConfigKind.SECRET,
                        "db",
                        Map.of("p", "new"),
                        true,
                        "bob",
                        AppConfigs.Mode.REPLACE,
                        saved -> {
                            throw new IllegalStateException("cluster refused");
                        }));

        assertEquals("cluster refused", e.getMessage());
        assertEquals(first, configs.find("shop", "dev", ConfigKind.SECRET, "db").orElseThrow());
        assertEquals(
                2,
                put(ConfigKind.SECRET, "db", Map.of("p", "newer"), false, AppConfigs.Mode.REPLACE)
                        .now()
                        .version());
    }

    @Test
    void theStepRunsOnceTheWriteIsCommittedNotInsideItsTransaction() {
        put(ConfigKind.CONFIG_MAP, "app", Map.of("a", "1"), false, AppConfigs.Mode.CREATE);
        AppConfig[] seenByOthers = new AppConfig[2];

        configs.write(
                "shop",
                "dev",
                ConfigKind.CONFIG_MAP,
                "app",
                Map.of("a", "2"),
                false,
                "ann",
                AppConfigs.Mode.REPLACE,
                saved -> seenByOthers[0] = configs.find("shop", "dev", ConfigKind.CONFIG_MAP, "app")
                        .orElseThrow());
        configs.delete(
                "shop",
                "dev",
                ConfigKind.CONFIG_MAP,
                "app",
                gone -> seenByOthers[1] = configs.find("shop", "dev", ConfigKind.CONFIG_MAP, "app")
                        .orElseThrow());

        assertEquals(
                Map.of("a", "2"), seenByOthers[0].data(), "another connection reads the write while it is applied");
        assertEquals(2, seenByOthers[1].version(), "the delete goes to the database after the cluster");
        assertTrue(configs.find("shop", "dev", ConfigKind.CONFIG_MAP, "app").isEmpty());
    }

    @Test
    void aFailingStepOfADeleteKeepsIt() {
        put(ConfigKind.CONFIG_MAP, "app", Map.of("a", "1"), false, AppConfigs.Mode.CREATE);

        assertThrows(
                IllegalStateException.class,
                () -> configs.delete("shop", "dev", ConfigKind.CONFIG_MAP, "app", c -> {
                    throw new IllegalStateException("cluster down");
                }));

        assertEquals(
                Map.of("a", "1"),
                configs.find("shop", "dev", ConfigKind.CONFIG_MAP, "app")
                        .orElseThrow()
                        .data());
    }

    @Test
    void refsListBothKindsWithoutData() {
        put(ConfigKind.SECRET, "db", Map.of("p", "x"), true, AppConfigs.Mode.CREATE);
        String digest = put(ConfigKind.CONFIG_MAP, "app", Map.of("a", "1"), false, AppConfigs.Mode.CREATE)
                .now()
                .digest();

        List<ConfigRef> refs = configs.refs("shop", "dev");

        assertEquals(2, refs.size());
        assertEquals(new ConfigRef(ConfigKind.CONFIG_MAP, "app", false, digest), refs.get(0));
        assertEquals(ConfigKind.SECRET, refs.get(1).kind());
        assertTrue(refs.get(1).restartServers());
        assertEquals(List.of(), configs.refs("shop", "prod"));
    }

    @Test
    void deleteRemovesOneAndSaysWhatWasThere() {
        put(ConfigKind.CONFIG_MAP, "app", Map.of("a", "1"), false, AppConfigs.Mode.CREATE);

        AppConfig gone = configs.delete("shop", "dev", ConfigKind.CONFIG_MAP, "app", c -> {});

        assertEquals(Map.of("a", "1"), gone.data());
        assertTrue(configs.find("shop", "dev", ConfigKind.CONFIG_MAP, "app").isEmpty());
        assertThrows(
                NotFoundException.class, () -> configs.delete("shop", "dev", ConfigKind.CONFIG_MAP, "app", c -> {}));
    }

    @Test
    void theyGoWithTheirAppmap() {
        put(ConfigKind.CONFIG_MAP, "app", Map.of("a", "1"), false, AppConfigs.Mode.CREATE);

        PLATFORM.store.deleteAppMap("shop", "dev", false);

        assertEquals(List.of(), configs.refs("shop", "dev"));
        assertNull(configs.find("shop", "dev", ConfigKind.CONFIG_MAP, "app").orElse(null));
    }

    @Test
    void anotherKeyCannotOpenTheSecrets() {
        put(ConfigKind.SECRET, "db", Map.of("p", "x"), false, AppConfigs.Mode.CREATE);
        AppConfigs otherKey = new AppConfigs(PLATFORM.db, Sealer.random(), java.time.Clock.systemUTC());

        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> otherKey.find("shop", "dev", ConfigKind.SECRET, "db"));
        assertTrue(e.getMessage().contains("secret 'db' of appmap 'dev'"), e.getMessage());
    }
}
