/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.StaleVersionException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.database.Sealer;
import io.cengjiyun.database.internal.ConnectionFactory;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.lifecycle.ServerObjects;
import io.cengjiyun.store.internal.JdbcHierarchyStore;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.derby.jdbc.EmbeddedDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registries on a real embedded Derby database with the store's schema and the bundle's own; their pull secrets
 * through a writer that records what it is asked (and can fail for one appmap); the contributor on a pod template.
 */
class RegistriesTest {
    private static final String DB = "registry-" + ProcessHandle.current().pid();
    private static final ConnectionFactory DATABASE =
            () -> new EmbeddedDriver().connect("jdbc:derby:memory:" + DB + ";create=true", new Properties());
    private static final JdbcDatabaseService JDBC = new JdbcDatabaseService(DATABASE);
    private static final JdbcHierarchyStore STORE =
            new JdbcHierarchyStore(JDBC, Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC));
    private static final Registries REGISTRIES = new Registries(
            JDBC,
            Sealer.random(),
            Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC),
            name -> STORE.findService(name).isPresent());

    private final List<String> written = new ArrayList<>();
    private final List<Secret> secrets = new ArrayList<>();
    private String unreachable = "";
    private final PullSecrets pull = new PullSecrets(STORE, REGISTRIES, new PullSecrets.Writer() {
        @Override
        public void apply(AppMap appMap, Secret secret) {
            fail(appMap);
            secrets.add(secret);
            written.add("apply " + secret.getMetadata().getNamespace() + "/"
                    + secret.getMetadata().getName());
        }

        @Override
        public void delete(AppMap appMap, String name) {
            fail(appMap);
            written.add("delete " + appMap.effectiveNamespace() + "/" + name);
        }

        private void fail(AppMap appMap) {
            if (appMap.name().equals(unreachable)) {
                throw new IllegalStateException("cluster 'kind' does not answer");
            }
        }
    });

    @BeforeEach
    void seed() {
        STORE.createService(Service.of("shop", null, null));
        STORE.createAppMap(AppMap.of("shop", "dev", "kind", null, null, null));
        STORE.createAppMap(AppMap.of("shop", "prod", "kind", null, null, null));
        STORE.createService(Service.of("blog", null, null));
    }

    @AfterEach
    void empty() throws SQLException {
        try (Connection c = DATABASE.open();
                Statement s = c.createStatement()) {
            for (String table : List.of("registries", "revisions", "servers", "appmaps", "services")) {
                s.executeUpdate("DELETE FROM " + table);
            }
        }
    }

    @AfterAll
    static void close() {
        STORE.close();
        JDBC.close();
    }

    private static RegistryInput input(String name, String password) {
        return new RegistryInput(name, "10.1.2.3:5443", "puller", password, null);
    }

    @Test
    void aRegistryIsStoredWithItsPasswordSealedAndNeverShown() throws SQLException {
        REGISTRIES.create("shop", input("team", "hunter2-pull-secret"), "ana");

        Registry found = REGISTRIES.get("shop", "team");
        assertEquals("10.1.2.3:5443", found.address());
        assertEquals("hunter2-pull-secret", found.password(), "opened for the bundle");
        assertEquals(1, found.version());
        assertEquals("ana", found.updatedBy());
        try (Connection c = DATABASE.open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT password FROM registries")) {
            assertTrue(rs.next());
            assertTrue(rs.getString(1).startsWith("aesgcm1:"), rs.getString(1));
            assertFalse(rs.getString(1).contains("hunter2"));
        }
        assertFalse(found.toString().contains("hunter2"), found.toString());
        assertFalse(found.view("shop").toString().contains("hunter2"), "the view has no password at all");
        assertEquals("cj-registry-team", found.view("shop").pullSecret());
        assertTrue(REGISTRIES.list("blog").isEmpty(), "another service's");
    }

    @Test
    void aSecondRegistryOfTheNameIsAConflictAndAnUnknownServiceIsNotFound() {
        REGISTRIES.create("shop", input("team", "pw-1"), "ana");
        assertThrows(ConflictException.class, () -> REGISTRIES.create("shop", input("team", "pw-2"), "ana"));
        REGISTRIES.create("blog", input("team", "pw-3"), "ana"); // the name again, in another service
        assertThrows(NotFoundException.class, () -> REGISTRIES.create("nowhere", input("team", "pw"), "ana"));
    }

    @Test
    void aChangeWithoutAPasswordKeepsTheStoredOneAndAStaleVersionIsRefused() {
        REGISTRIES.create("shop", input("team", "first-password"), "ana");
        Registry[] changed = REGISTRIES.replace(
                "shop", "team", new RegistryInput(null, "10.1.2.3:6000", "other", null, null), 1, "bo");
        assertEquals("first-password", changed[0].password());
        assertEquals("10.1.2.3:6000", changed[0].address());
        assertEquals(2, changed[0].version());
        assertEquals(1, changed[1].version(), "what was before");
        assertThrows(
                StaleVersionException.class,
                () -> REGISTRIES.replace("shop", "team", input(null, "x-password"), 1, "bo"));
        assertThrows(StaleVersionException.class, () -> REGISTRIES.delete("shop", "team", 1));
        REGISTRIES.replace("shop", "team", input(null, "new-password"), HierarchyStore.ANY_VERSION, "bo");
        assertEquals("new-password", REGISTRIES.get("shop", "team").password());
        assertEquals("team", REGISTRIES.delete("shop", "team", 3).name());
        assertThrows(NotFoundException.class, () -> REGISTRIES.get("shop", "team"));
    }

    @Test
    void badInputNamesEachFieldAndItsFix() {
        ValidationException e = assertThrows(
                ValidationException.class,
                () -> REGISTRIES.create(
                        "shop", new RegistryInput("Team_1", "https://reg.example.com/v2", "", null, "not pem"), "ana"));
        List<String> fields = e.errors().stream().map(f -> f.field()).toList();
        assertEquals(List.of("name", "address", "username", "password", "ca"), fields);
        String address = e.errors().get(1).message();
        assertTrue(address.contains("give only host[:port], e.g. 'reg.example.com'"), address);
        assertEquals(
                List.of("address"),
                RegistryRules.check(new RegistryInput("a", "reg:99999", "u", "p", null), null, true).stream()
                        .map(f -> f.field())
                        .toList());
        assertTrue(RegistryRules.check(new RegistryInput("a", "[::1]:5000", "u", "p", null), null, true)
                .isEmpty());
        assertTrue(RegistriesTest.names("a".repeat(52)).contains("name"), "its pull secret's name must fit 63");
    }

    private static List<String> names(String name) {
        return RegistryRules.check(new RegistryInput(name, "reg", "u", "p", null), null, true).stream()
                .map(f -> f.field())
                .toList();
    }

    @Test
    void aRegistrySharedWithAnotherServiceIsUsableThereAndItsSecretFollowsTheSharing() {
        STORE.createAppMap(AppMap.of("blog", "www", "kind", null, null, null));
        Registry team = REGISTRIES.create(
                "shop", new RegistryInput("team", "10.1.2.3:5443", "puller", "pw", null, List.of("blog")), "ana");
        assertEquals(List.of("blog"), team.sharedWith());
        assertEquals(
                List.of("team"),
                REGISTRIES.usable("blog").stream().map(Registry::name).toList());
        assertEquals("shop", REGISTRIES.getUsable("blog", "team").service());
        assertTrue(REGISTRIES.registry("blog", "team").isEmpty(), "not blog's own: blog cannot change it");
        assertEquals(null, team.view("blog").sharedWith(), "blog does not see with whom else it is shared");
        assertEquals(List.of("blog"), team.view("shop").sharedWith());

        pull.apply(team, null);
        assertEquals(
                List.of(
                        "apply shop-dev/cj-registry-team",
                        "apply shop-prod/cj-registry-team",
                        "apply blog-www/cj-registry-team"),
                written);

        // blog cannot have a registry of that name of its own, nor can shop share a second one with it
        assertThrows(
                ConflictException.class,
                () -> REGISTRIES.create("blog", new RegistryInput("team", "r.example.com", "u", "p", null), "bo"));
        ValidationException unknown = assertThrows(
                ValidationException.class,
                () -> REGISTRIES.create(
                        "shop", new RegistryInput("more", "r.example.com", "u", "p", null, List.of("nope")), "ana"));
        assertEquals("sharedWith[0]", unknown.errors().get(0).field());
        assertEquals(
                "sharedWith[1]",
                RegistryRules.check(new RegistryInput("x", "r", "u", "p", null, List.of("blog", "blog")), null, true)
                        .get(0)
                        .field());

        // no longer shared: blog's secret goes, shop's stay
        written.clear();
        Registry[] changed = REGISTRIES.replace(
                "shop",
                "team",
                new RegistryInput(null, "10.1.2.3:5443", "puller", null, null, List.of()),
                HierarchyStore.ANY_VERSION,
                "ana");
        pull.apply(changed[0], changed[1]);
        assertTrue(written.contains("delete blog-www/cj-registry-team"), String.valueOf(written));
        assertTrue(written.contains("apply shop-dev/cj-registry-team"), String.valueOf(written));
        assertTrue(REGISTRIES.usable("blog").isEmpty());
    }

    @Test
    void aDeletedServiceIsForgottenByTheRegistriesSharedWithIt() {
        REGISTRIES.create(
                "shop", new RegistryInput("team", "10.1.2.3:5443", "puller", "pw", null, List.of("blog")), "ana");
        STORE.deleteService("blog", true);
        assertEquals(1, REGISTRIES.forget("blog"));
        STORE.createService(Service.of("blog", null, null));
        assertTrue(REGISTRIES.usable("blog").isEmpty(), "a new service of that name is not shared with");
        assertEquals(List.of(), REGISTRIES.get("shop", "team").sharedWith());
    }

    @Test
    void aServicesRegistriesGoWithIt() {
        REGISTRIES.create("shop", input("team", "pw"), "ana");
        STORE.deleteService("shop", true);
        assertTrue(REGISTRIES.list("shop").isEmpty());
    }

    @Test
    void everyAppmapOfTheServiceGetsThePullSecretAndTheAnswerSaysWhereItFailed() {
        Registry team = REGISTRIES.create("shop", input("team", "pull-pw"), "ana");
        unreachable = "prod";

        List<RegistryView.SecretSync> synced = pull.apply(team, null);

        assertEquals(List.of("apply shop-dev/cj-registry-team"), written);
        assertEquals("applied", synced.get(0).outcome());
        assertEquals("failed", synced.get(1).outcome());
        assertTrue(
                synced.get(1).detail().contains("does not answer"),
                synced.get(1).detail());
        Secret secret = secrets.get(0);
        assertEquals("kubernetes.io/dockerconfigjson", secret.getType());
        String config = new String(
                Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson")), StandardCharsets.UTF_8);
        String auth = Base64.getEncoder().encodeToString("puller:pull-pw".getBytes(StandardCharsets.UTF_8));
        assertEquals(
                "{\"auths\":{\"10.1.2.3:5443\":{\"username\":\"puller\",\"password\":\"pull-pw\",\"auth\":\"" + auth
                        + "\"}}}",
                config);

        unreachable = "";
        written.clear();
        pull.remove(team);
        assertEquals(List.of("delete shop-dev/cj-registry-team", "delete shop-prod/cj-registry-team"), written);
    }

    @Test
    void aPodWhoseImageComesFromARegistryOfItsServiceGetsItsPullSecret() {
        REGISTRIES.create("shop", input("team", "pw"), "ana");
        REGISTRIES.create("shop", new RegistryInput("other", "other.example.com", "u", "pw", null), "ana");
        REGISTRIES.create("blog", new RegistryInput("blogs", "blog.example.com", "u", "pw", null), "ana");
        RegistryImages contributor = new RegistryImages(REGISTRIES);

        PodTemplateSpec template = template("10.1.2.3:5443/shop/web:1.4", "blog.example.com/x:1");
        contributor.contribute(objects("shop", template));
        assertEquals(
                List.of(new LocalObjectReference("cj-registry-team")),
                template.getSpec().getImagePullSecrets(),
                "only its own service's registries, only those its images come from");

        contributor.contribute(objects("shop", template));
        assertEquals(1, template.getSpec().getImagePullSecrets().size(), "the same on every apply");

        PodTemplateSpec hub = template("nginx:1.27", "library/busybox:1");
        contributor.contribute(objects("shop", hub));
        assertTrue(hub.getSpec().getImagePullSecrets() == null
                || hub.getSpec().getImagePullSecrets().isEmpty());
    }

    @Test
    void aServerThatNamesItsRegistryRunsItsShortImagesFromIt() {
        REGISTRIES.create("shop", input("team", "pw"), "ana");
        RegistryImages contributor = new RegistryImages(REGISTRIES);
        String withSection = "{\"name\": \"web\", \"kind\": \"Deployment\", \"registry\": {\"name\": \"team\"}}";

        PodTemplateSpec template = template("shop/web:1.4", "blog.example.com/x:1");
        contributor.contribute(objects("shop", template, withSection));
        assertEquals(
                "10.1.2.3:5443/shop/web:1.4",
                template.getSpec().getContainers().get(0).getImage());
        assertEquals(
                "blog.example.com/x:1",
                template.getSpec().getInitContainers().get(0).getImage(),
                "a full reference stays as written");
        assertEquals(
                List.of(new LocalObjectReference("cj-registry-team")),
                template.getSpec().getImagePullSecrets());

        PodTemplateSpec gone = template("shop/web:1.4", "busybox:1");
        ValidationException refused = assertThrows(
                ValidationException.class,
                () -> contributor.contribute(objects("shop", gone, withSection.replace("\"team\"", "\"nope\""))));
        assertEquals("registry.name", refused.errors().get(0).field());
    }

    @Test
    void theRegistrySectionIsChecked() {
        assertEquals(List.of(), RegistryImages.check(null));
        assertEquals(List.of(), RegistryImages.check(Map.of("name", "team", "followBuilds", true)));
        assertEquals("registry", RegistryImages.check("team").get(0).field());
        assertEquals(
                Set.of("registry.name", "registry.followBuilds", "registry.tag"),
                RegistryImages.check(Map.of("name", 3, "followBuilds", "yes", "tag", "1")).stream()
                        .map(FieldError::field)
                        .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void imageReferencesAreTakenApartAndPinned() {
        RegistryRules.ImageRef hub = RegistryRules.ImageRef.parse("shop/web:1.4");
        assertEquals(new RegistryRules.ImageRef(null, "shop/web", "1.4", null), hub);
        RegistryRules.ImageRef full = RegistryRules.ImageRef.parse("10.1.2.3:5443/shop/web:1.4@sha256:abc");
        assertEquals(new RegistryRules.ImageRef("10.1.2.3:5443", "shop/web", "1.4", "sha256:abc"), full);
        assertEquals("10.1.2.3:5443/shop/web:1.4@sha256:def", full.pinned("sha256:def"));
        assertEquals(
                new RegistryRules.ImageRef("localhost", "web", null, null),
                RegistryRules.ImageRef.parse("localhost/web"));
        assertEquals("reg.example.com/nginx", RegistryRules.resolve("nginx", "reg.example.com"));
        assertEquals("other.io/nginx:1", RegistryRules.resolve("other.io/nginx:1", "reg.example.com"));

        assertTrue(ServerImages.isNewer("sha256:b", null, List.of("sha256:a")), "a pod runs another digest");
        assertFalse(ServerImages.isNewer("sha256:a", null, List.of("sha256:a")));
        assertFalse(ServerImages.isNewer("sha256:a", null, List.of()), "nothing runs: nothing to compare");
        assertTrue(ServerImages.isNewer("sha256:b", "sha256:a", List.of("sha256:b")), "the pin decides");
        assertFalse(ServerImages.isNewer(null, null, List.of("sha256:a")), "the registry's digest is not known");
    }

    @Test
    void pinningChangesOnlyTheImagesOfThoseContainersAndKeepsTheSections() throws Exception {
        ServerDefinition d = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(
                        "{\"name\": \"web\", \"kind\": \"Deployment\", \"replicas\": 2, \"containers\": ["
                                + "{\"name\": \"web\", \"image\": \"shop/web:1.4\", \"command\": [\"httpd\"]},"
                                + "{\"name\": \"side\", \"image\": \"busybox:1\"}],"
                                + " \"registry\": {\"name\": \"team\", \"followBuilds\": true}, \"hello\": {\"greeting\": \"hi\"}}",
                        ServerDefinition.class);
        ServerDefinition p = ServerImages.pinned(d, Map.of("web", "sha256:abc"));
        assertEquals("shop/web:1.4@sha256:abc", p.containers().get(0).image());
        assertEquals(List.of("httpd"), p.containers().get(0).command());
        assertEquals("busybox:1", p.containers().get(1).image());
        assertEquals(d.sections(), p.sections());
        assertEquals(2, p.replicas());
        assertEquals(
                "shop/web:1.4@sha256:def",
                ServerImages.pinned(p, Map.of("web", "sha256:def"))
                        .containers()
                        .get(0)
                        .image(),
                "a pin replaces the pin before");
    }

    private static PodTemplateSpec template(String image, String initImage) {
        return new PodTemplateSpecBuilder()
                .withNewSpec()
                .addToContainers(
                        new ContainerBuilder().withName("web").withImage(image).build())
                .addToInitContainers(new ContainerBuilder()
                        .withName("init")
                        .withImage(initImage)
                        .build())
                .endSpec()
                .build();
    }

    private static ServerObjects objects(String service, PodTemplateSpec template) {
        return objects(service, template, "{\"name\": \"web\", \"kind\": \"Deployment\"}");
    }

    private static ServerObjects objects(String service, PodTemplateSpec template, String definition) {
        ServerDefinition parsed;
        try {
            parsed = new com.fasterxml.jackson.databind.ObjectMapper().readValue(definition, ServerDefinition.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return (ServerObjects) Proxy.newProxyInstance(
                RegistriesTest.class.getClassLoader(),
                new Class<?>[] {ServerObjects.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "service" -> service;
                    case "podTemplate" -> template;
                    case "definition" -> parsed;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
