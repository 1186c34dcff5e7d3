/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import static io.cengjiyun.volumes.internal.Fixtures.byField;
import static io.cengjiyun.volumes.internal.Fixtures.definition;
import static io.cengjiyun.volumes.internal.Fixtures.json;
import static io.cengjiyun.volumes.internal.Fixtures.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.rest.JsonMappers;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the REST resources and console commands do with config maps and secrets, on Derby. */
class ConfigChangesTest {
    private static final DerbyPlatform PLATFORM = new DerbyPlatform();
    private final ConfigChanges changes = PLATFORM.changes();

    @AfterEach
    void empty() throws SQLException {
        PLATFORM.empty();
    }

    @AfterAll
    static void drop() {
        PLATFORM.close();
    }

    private static ConfigInput input(String name, Map<String, String> data, Boolean restart) {
        return new ConfigInput(name, data, restart);
    }

    private static ServerDefinition mounting(String server, String kind, String type, String source) {
        return definition("""
                {'name': '%s', 'kind': '%s', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'volumes': [{'name': 'conf', 'type': '%s', 'source': '%s', 'mountPath': '/etc/app'}]}""".formatted(server, kind, type, source));
    }

    @Test
    void aCreatedConfigMapIsStoredAndAppliedToTheAppmapsNamespace() {
        ConfigView view =
                changes.create("shop", "dev", ConfigKind.CONFIG_MAP, input("app", Map.of("mode", "prod"), null), "ann");

        assertEquals(Map.of("mode", "prod"), view.data());
        assertEquals(1, view.version());
        assertEquals(1, PLATFORM.applied.size());
        JsonNode object = sent(PLATFORM.applied.get(0));
        assertEquals("ConfigMap", object.path("kind").asText());
        assertEquals("shop-dev", object.at("/metadata/namespace").asText());
        assertEquals(json("""
                {'app.kubernetes.io/managed-by': 'cengjiyun', 'app.kubernetes.io/name': 'app', 'cengjiyun.io/service': 'shop',
                 'cengjiyun.io/appmap': 'dev', 'cengjiyun.io/config': 'configmap'}"""), object.at("/metadata/labels"));
        assertEquals(json("{'mode': 'prod'}"), object.path("data"));
    }

    @Test
    void aSecretIsAppliedInBase64DataAndReadBackAsItsKeysOnly() throws Exception {
        changes.create("shop", "dev", ConfigKind.SECRET, input("db", Map.of("password", "hunter2"), false), "ann");

        JsonNode object = sent(PLATFORM.applied.get(0));
        assertEquals("Secret", object.path("kind").asText());
        assertEquals("Opaque", object.path("type").asText());
        assertEquals(json("{'password': 'aHVudGVyMg=='}"), object.path("data"));
        assertTrue(object.path("stringData").isMissingNode());

        ConfigView view = changes.get("shop", "dev", ConfigKind.SECRET, "db");
        String sentToClient = JsonMappers.json().writeValueAsString(view)
                + JsonMappers.json().writeValueAsString(changes.list("shop", "dev", ConfigKind.SECRET));
        assertEquals(List.of("password"), view.keys());
        assertNull(view.data());
        assertFalse(sentToClient.contains("hunter2"), sentToClient);
        assertFalse(sentToClient.contains("aHVudGVyMg"), sentToClient);
    }

    @Test
    void aWriteTheClusterCannotTakeStoresNothing() {
        PLATFORM.clusterDown = true;

        assertThrows(
                UnavailableException.class,
                () -> changes.create(
                        "shop", "dev", ConfigKind.CONFIG_MAP, input("app", Map.of("a", "1"), null), "ann"));

        PLATFORM.clusterDown = false;
        assertThrows(NotFoundException.class, () -> changes.get("shop", "dev", ConfigKind.CONFIG_MAP, "app"));
    }

    @Test
    void invalidInputIsRefusedFieldByField() {
        ValidationException e = assertThrows(
                ValidationException.class,
                () -> changes.create(
                        "shop",
                        "dev",
                        ConfigKind.CONFIG_MAP,
                        input("App_Config", Map.of("bad key", "x", "ok", "y"), null),
                        "ann"));
        assertEquals(Set.of("name", "data.bad key"), byField(e.errors()).keySet());

        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("k", null);
        e = assertThrows(
                ValidationException.class,
                () -> changes.replace("shop", "dev", ConfigKind.SECRET, "db", input("other", nullValue, null), "ann"));
        assertEquals(Set.of("name", "data.k"), byField(e.errors()).keySet());

        e = assertThrows(
                ValidationException.class,
                () -> changes.create("shop", "dev", ConfigKind.SECRET, input("db", null, null), "ann"));
        assertEquals(Set.of("data"), byField(e.errors()).keySet());

        e = assertThrows(
                ValidationException.class,
                () -> changes.create(
                        "shop", "dev", ConfigKind.CONFIG_MAP, input("n".repeat(52), Map.of(), null), "ann"));
        assertTrue(byField(e.errors()).get("name").contains("at most 51"));

        e = assertThrows(
                ValidationException.class,
                () -> changes.create(
                        "shop",
                        "dev",
                        ConfigKind.CONFIG_MAP,
                        input("big", Map.of("a", "x".repeat(ConfigRules.MAX_BYTES)), null),
                        "ann"));
        assertTrue(byField(e.errors()).get("data").contains("1 MiB"));
        assertEquals(List.of(), PLATFORM.applied);
    }

    @Test
    void anUnknownAppmapIsNotFound() {
        assertThrows(
                NotFoundException.class,
                () -> changes.create("shop", "prod", ConfigKind.CONFIG_MAP, input("app", Map.of(), null), "ann"));
        assertThrows(NotFoundException.class, () -> changes.list("shop", "prod", ConfigKind.SECRET));
    }

    @Test
    void withRestartServersAChangeOfDataRollsTheServersThatUseIt() {
        changes.create("shop", "dev", ConfigKind.CONFIG_MAP, input("app", Map.of("mode", "prod"), true), "ann");
        PLATFORM.server(mounting("web", "Deployment", "config", "app"));
        PLATFORM.server(mounting("job", "Job", "config", "app"));
        PLATFORM.server(mounting("other", "Deployment", "emptyDir", "app").withName("other"));
        PLATFORM.server(definition("""
                {'name': 'api', 'kind': 'StatefulSet', 'containers': [{'name': 'api', 'image': 'nginx:1.27',
                  'envFrom': [{'configMapRef': {'name': 'app'}}]}]}"""));

        ConfigView same = changes.replace(
                "shop", "dev", ConfigKind.CONFIG_MAP, "app", input(null, Map.of("mode", "prod"), true), "ann");
        assertNull(same.restarted(), "same data: nothing to roll");

        ConfigView changed = changes.replace(
                "shop", "dev", ConfigKind.CONFIG_MAP, "app", input(null, Map.of("mode", "dev"), true), "ann");

        assertEquals(List.of("api", "job", "web"), changed.usedBy());
        assertEquals(List.of("api", "web"), changed.restarted());
        assertEquals(Set.of("job"), changed.notRestarted().keySet());
        assertEquals(List.of("api", "web"), PLATFORM.restarted);
    }

    @Test
    void withoutRestartServersNoServerIsApplied() {
        changes.create("shop", "dev", ConfigKind.SECRET, input("db", Map.of("p", "1"), false), "ann");
        PLATFORM.server(mounting("web", "Deployment", "secret", "db"));

        ConfigView view =
                changes.replace("shop", "dev", ConfigKind.SECRET, "db", input("db", Map.of("p", "2"), null), "ann");

        assertNull(view.restarted());
        assertEquals(List.of(), PLATFORM.restarted);
        assertEquals(2, PLATFORM.applied.size(), "the Secret itself is applied each time");
    }

    @Test
    void aServerThatCannotBeAppliedIsReportedAndTheOthersStillRoll() {
        changes.create("shop", "dev", ConfigKind.CONFIG_MAP, input("app", Map.of("a", "1"), false), "ann");
        PLATFORM.server(mounting("broken", "Deployment", "config", "app"));
        PLATFORM.server(mounting("web", "Deployment", "config", "app"));

        ConfigView view = changes.replace(
                "shop", "dev", ConfigKind.CONFIG_MAP, "app", input(null, Map.of("a", "1"), true), "ann");

        assertEquals(List.of("web"), view.restarted(), "turning the option on rolls them once, to carry the digest");
        assertTrue(view.notRestarted().get("broken").contains("does not answer"));
    }

    @Test
    void oneInUseCannotBeDeleted() {
        changes.create("shop", "dev", ConfigKind.SECRET, input("db", Map.of("p", "1"), false), "ann");
        PLATFORM.server(mounting("web", "Deployment", "secret", "db"));

        ConflictException e =
                assertThrows(ConflictException.class, () -> changes.delete("shop", "dev", ConfigKind.SECRET, "db"));

        assertTrue(e.getMessage().contains("[web]"), e.getMessage());
        assertEquals(List.of(), PLATFORM.deleted);
        assertEquals(
                List.of("db"),
                changes.list("shop", "dev", ConfigKind.SECRET).stream()
                        .map(ConfigView::name)
                        .toList());
    }

    @Test
    void oneNotInUseIsDeletedFromTheClusterAndTheDatabase() {
        changes.create("shop", "dev", ConfigKind.CONFIG_MAP, input("app", Map.of("p", "1"), false), "ann");

        changes.delete("shop", "dev", ConfigKind.CONFIG_MAP, "app");

        assertEquals(List.of("ConfigMap shop-dev/app"), PLATFORM.deleted);
        assertEquals(List.of(), changes.list("shop", "dev", ConfigKind.CONFIG_MAP));
        assertThrows(NotFoundException.class, () -> changes.delete("shop", "dev", ConfigKind.CONFIG_MAP, "app"));
    }

    @Test
    void aServerCanOnlyMountOneTheAppmapHas() {
        changes.create("shop", "dev", ConfigKind.CONFIG_MAP, input("app", Map.of(), false), "ann");
        VolumesContributor contributor = new VolumesContributor(PLATFORM.configs, new FakeStorage());

        contributor.contribute(new TestServerObjects(mounting("web", "Deployment", "config", "app"), null));
        ValidationException e = assertThrows(
                ValidationException.class,
                () -> contributor.contribute(
                        new TestServerObjects(mounting("web", "Deployment", "secret", "app"), null)));
        assertTrue(byField(e.errors()).get("volumes[0].source").contains("it has none yet"));
    }

    @Test
    void theConsoleListsKeysAndUsersAndSetsFromEntries() {
        VolumesCommands commands = new VolumesCommands(changes, null);
        PLATFORM.server(mounting("web", "Deployment", "secret", "db"));

        String set = commands.setSecret(true, "shop", "dev", "db", new String[] {"user=app", "password=s3cr3t"});
        String listed = commands.secrets("shop", "dev");

        assertEquals("secret db stored and applied (version 1, keys [password, user])\nrestarted: web\n", set);
        assertTrue(listed.startsWith("NAME  KEYS           RESTART  VERSION"), listed);
        assertTrue(listed.contains("db    password,user  yes      1"), listed);
        assertTrue(listed.endsWith("web\n"), listed);
        assertFalse(listed.contains("s3cr3t"));
        assertEquals("no config maps\n", commands.configmaps("shop", "dev"));
        assertThrows(ConflictException.class, () -> commands.deleteSecret("shop", "dev", "db"));
    }
}
