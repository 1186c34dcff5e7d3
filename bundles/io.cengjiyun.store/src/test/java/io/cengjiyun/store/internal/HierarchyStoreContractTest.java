/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import static io.cengjiyun.store.internal.Fixtures.APPMAP;
import static io.cengjiyun.store.internal.Fixtures.SERVICE;
import static io.cengjiyun.store.internal.Fixtures.appMap;
import static io.cengjiyun.store.internal.Fixtures.definition;
import static io.cengjiyun.store.internal.Fixtures.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Quota;
import io.cengjiyun.api.Revision;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.StaleVersionException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.database.internal.ConnectionFactory;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every database the store runs on must do alike. A subclass per database gives each test an
 * empty database of its own.
 */
abstract class HierarchyStoreContractTest {
    private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
    private ConnectionFactory database;
    private JdbcHierarchyStore store;
    /** Closed after each test: its pool keeps connections open. */
    private JdbcDatabaseService db;

    /** A new, empty database for one test. */
    protected abstract ConnectionFactory newDatabase() throws Exception;

    /** Removes what the test stored, once its store is closed. */
    protected abstract void emptyDatabase();

    /** Deletes every row of the store's tables, children first. */
    static void deleteAllRows(ConnectionFactory database) {
        try (Connection c = database.open();
                Statement s = c.createStatement()) {
            for (String table : List.of("revisions", "servers", "appmaps", "services")) {
                s.executeUpdate("DELETE FROM " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot empty the test database", e);
        }
    }

    @BeforeEach
    void openStore() throws Exception {
        database = newDatabase();
        db = new JdbcDatabaseService(database);
        store = new JdbcHierarchyStore(db, clock);
    }

    @AfterEach
    void closeStore() {
        store.close();
        db.close();
        emptyDatabase();
    }

    private void reopenStore() {
        store.close();
        db.close();
        db = new JdbcDatabaseService(database);
        store = new JdbcHierarchyStore(db, clock);
    }

    private Server createServer(String name) {
        return store.createServer(SERVICE, APPMAP, definition(name, "nginx:1.27"), "ana", "first");
    }

    private void createServiceAndAppMap() {
        store.createService(service(SERVICE));
        store.createAppMap(appMap(SERVICE, APPMAP));
    }

    // --- services

    @Test
    void createdServiceStartsAtVersionOneWithUtcTimes() {
        Service created = store.createService(service("shop"));

        Service expected = new Service("shop", "The shop", "What shop does", 1L, clock.stored(), clock.stored());
        assertEquals(expected, created);
        assertEquals(expected, store.findService("shop").orElseThrow());
    }

    @Test
    void listsServicesByName() {
        store.createService(service("zoo"));
        store.createService(service("a-b"));
        store.createService(service("ab"));

        assertEquals(
                List.of("a-b", "ab", "zoo"),
                store.listServices().stream().map(Service::name).toList());
    }

    @Test
    void refusesAnInvalidServiceAndStoresNothing() {
        ValidationException e =
                assertThrows(ValidationException.class, () -> store.createService(service("Not_A_Label")));

        assertEquals("name", e.errors().get(0).field());
        assertEquals(List.of(), store.listServices());
    }

    @Test
    void refusesATakenServiceName() {
        store.createService(service("shop"));

        ConflictException e = assertThrows(ConflictException.class, () -> store.createService(service("shop")));

        assertTrue(e.getMessage().contains("service 'shop' already exists"), e.getMessage());
    }

    @Test
    void serviceUpdateRaisesTheVersionAndKeepsTheCreationTime() {
        Service created = store.createService(service("shop"));
        clock.advance(Duration.ofMinutes(5));

        Service updated = store.updateService(Service.of("shop", "Shop", "Sells"), created.version());

        assertEquals(new Service("shop", "Shop", "Sells", 2L, created.createdAt(), clock.stored()), updated);
        assertEquals(updated, store.findService("shop").orElseThrow());
    }

    @Test
    void refusesAStaleServiceUpdateAndWritesNothing() {
        Service created = store.createService(service("shop"));
        store.updateService(Service.of("shop", "Second", null), 1);

        StaleVersionException e = assertThrows(
                StaleVersionException.class, () -> store.updateService(Service.of("shop", "Third", null), 1));

        assertEquals(1, e.expected());
        assertEquals(2, e.actual());
        assertEquals("Second", store.findService("shop").orElseThrow().displayName());
        assertEquals(
                created.createdAt(), store.findService("shop").orElseThrow().createdAt());
    }

    @Test
    void anyVersionSkipsTheCheckOfAServiceUpdate() {
        store.createService(service("shop"));
        store.updateService(Service.of("shop", "Second", null), 1);

        Service updated = store.updateService(Service.of("shop", "Third", null), HierarchyStore.ANY_VERSION);

        assertEquals(3L, updated.version());
        assertEquals("Third", updated.displayName());
    }

    @Test
    void updatingAMissingServiceIsNotFound() {
        assertThrows(NotFoundException.class, () -> store.updateService(service("ghost"), HierarchyStore.ANY_VERSION));
    }

    @Test
    void refusesToDeleteAServiceWithAppMaps() {
        createServiceAndAppMap();

        ConflictException e = assertThrows(ConflictException.class, () -> store.deleteService(SERVICE, false));

        assertTrue(e.getMessage().contains("[dev]"), e.getMessage());
        assertTrue(store.findService(SERVICE).isPresent());
    }

    @Test
    void cascadeDeletesAServiceWithEverythingUnderIt() {
        createServiceAndAppMap();
        createServer("web");
        store.updateServer(SERVICE, APPMAP, definition("web", "nginx:1.28"), 1, "ana", "second");

        store.deleteService(SERVICE, true);

        assertEquals(List.of(), store.listServices());
        createServiceAndAppMap();
        assertEquals(List.of(), store.listServers(SERVICE, APPMAP));
        assertEquals(1, createServer("web").version(), "the old revisions are gone");
        assertEquals(1, store.listRevisions(SERVICE, APPMAP, "web").size());
    }

    @Test
    void deletingAMissingServiceIsNotFound() {
        assertThrows(NotFoundException.class, () -> store.deleteService("ghost", true));
    }

    // --- appmaps

    @Test
    void anAppMapNeedsItsService() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> store.createAppMap(appMap("ghost", "dev")));

        assertTrue(e.getMessage().contains("service 'ghost'"), e.getMessage());
    }

    @Test
    void createdAppMapKeepsItsFields() {
        store.createService(service(SERVICE));
        AppMap given =
                AppMap.of(SERVICE, "prod", "big", "shop-live", "production", new Quota("500m", "1Gi", null, null));

        AppMap created = store.createAppMap(given);

        AppMap expected = new AppMap(
                SERVICE,
                "prod",
                "big",
                "shop-live",
                "production",
                new Quota("500m", "1Gi", null, null),
                1L,
                clock.stored(),
                clock.stored());
        assertEquals(expected, created);
        assertEquals(expected, store.findAppMap(SERVICE, "prod").orElseThrow());
        assertEquals(List.of(expected), store.listAppMaps(SERVICE));
    }

    @Test
    void anAppMapWithoutNamespaceIsStoredInItsDefaultOneAndWithoutQuota() {
        store.createService(service(SERVICE));

        AppMap created = store.createAppMap(AppMap.of(SERVICE, "dev", "local", null, null, null));

        AppMap found = store.findAppMap(SERVICE, "dev").orElseThrow();
        assertEquals("shop-dev", created.namespace());
        assertEquals("shop-dev", found.namespace());
        assertNull(found.quota());
        assertEquals(
                "shop-dev",
                store.updateAppMap(AppMap.of(SERVICE, "dev", "local", null, "staging", null), 1L)
                        .namespace(),
                "an update that leaves it out keeps it");
    }

    @Test
    void refusesAnInvalidAppMap() {
        store.createService(service(SERVICE));

        ValidationException e = assertThrows(
                ValidationException.class,
                () -> store.createAppMap(
                        AppMap.of(SERVICE, "dev", "local", null, null, new Quota("lots", null, null, null))));

        assertEquals("quota.cpu", e.errors().get(0).field());
        assertEquals(List.of(), store.listAppMaps(SERVICE));
    }

    @Test
    void refusesATakenAppMapNameButNotInAnotherService() {
        createServiceAndAppMap();
        store.createService(service("blog"));

        ConflictException e = assertThrows(ConflictException.class, () -> store.createAppMap(appMap(SERVICE, APPMAP)));

        assertTrue(e.getMessage().contains("appmap 'dev' of service 'shop' already exists"), e.getMessage());
        assertEquals(1L, store.createAppMap(appMap("blog", APPMAP)).version());
    }

    @Test
    void refusesAStaleAppMapUpdate() {
        createServiceAndAppMap();
        store.updateAppMap(appMap(SERVICE, APPMAP), 1);

        StaleVersionException e = assertThrows(
                StaleVersionException.class,
                () -> store.updateAppMap(AppMap.of(SERVICE, APPMAP, "other", null, null, null), 1));

        assertEquals(2, e.actual());
        assertEquals("local", store.findAppMap(SERVICE, APPMAP).orElseThrow().cluster());
    }

    @Test
    void appMapUpdateRaisesTheVersion() {
        createServiceAndAppMap();
        clock.advance(Duration.ofSeconds(1));

        AppMap updated = store.updateAppMap(
                AppMap.of(SERVICE, APPMAP, "local", null, "staging", new Quota("1", null, null, null)), 1);

        assertEquals(2L, updated.version());
        assertEquals("staging", updated.environment());
        assertEquals(new Quota("1", null, null, null), updated.quota());
        assertEquals(clock.stored(), updated.updatedAt());
        assertEquals(updated, store.findAppMap(SERVICE, APPMAP).orElseThrow());
    }

    @Test
    void refusesToMoveAnAppMapToAnotherClusterOrNamespace() {
        createServiceAndAppMap();

        ValidationException e = assertThrows(
                ValidationException.class,
                () -> store.updateAppMap(AppMap.of(SERVICE, APPMAP, "other", "elsewhere", null, null), 1));

        assertEquals(
                List.of("cluster", "namespace"),
                e.errors().stream().map(f -> f.field()).toList());
        assertTrue(e.getMessage().contains("cannot move"), e.getMessage());
        assertEquals(1L, store.findAppMap(SERVICE, APPMAP).orElseThrow().version());
    }

    @Test
    void theDefaultNamespaceNamedExplicitlyIsNoMove() {
        createServiceAndAppMap();

        assertEquals(
                2L,
                store.updateAppMap(AppMap.of(SERVICE, APPMAP, "local", SERVICE + "-" + APPMAP, null, null), 1)
                        .version());
    }

    @Test
    void refusesToDeleteAnAppMapWithServers() {
        createServiceAndAppMap();
        createServer("web");

        ConflictException e = assertThrows(ConflictException.class, () -> store.deleteAppMap(SERVICE, APPMAP, false));

        assertTrue(e.getMessage().contains("[web]"), e.getMessage());
        assertTrue(store.findServer(SERVICE, APPMAP, "web").isPresent());
    }

    @Test
    void cascadeDeletesAnAppMapWithItsServers() {
        createServiceAndAppMap();
        store.createAppMap(appMap(SERVICE, "prod"));
        createServer("web");
        store.createServer(SERVICE, "prod", definition("web", "nginx:1.27"), "ana", null);

        store.deleteAppMap(SERVICE, APPMAP, true);

        assertEquals(
                List.of("prod"),
                store.listAppMaps(SERVICE).stream().map(AppMap::name).toList());
        assertTrue(store.findServer(SERVICE, "prod", "web").isPresent(), "the other appmap keeps its server");
        assertThrows(NotFoundException.class, () -> store.listServers(SERVICE, APPMAP));
    }

    @Test
    void listingTheAppMapsOfAMissingServiceIsNotFound() {
        assertThrows(NotFoundException.class, () -> store.listAppMaps("ghost"));
    }

    @Test
    void deletingAMissingAppMapIsNotFound() {
        store.createService(service(SERVICE));

        assertThrows(NotFoundException.class, () -> store.deleteAppMap(SERVICE, "ghost", false));
    }

    // --- servers

    @Test
    void aServerNeedsItsAppMap() {
        store.createService(service(SERVICE));

        NotFoundException e = assertThrows(NotFoundException.class, () -> createServer("web"));

        assertTrue(e.getMessage().contains("appmap 'dev' of service 'shop'"), e.getMessage());
    }

    @Test
    void aServerInAMissingServiceNamesTheService() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> createServer("web"));

        assertTrue(e.getMessage().startsWith("service 'shop'"), e.getMessage());
    }

    @Test
    void refusesAnInvalidDefinitionAndStoresNothing() {
        createServiceAndAppMap();
        ServerDefinition noContainers = new ServerDefinition(
                "web", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);

        ValidationException e = assertThrows(
                ValidationException.class, () -> store.createServer(SERVICE, APPMAP, noContainers, "ana", null));

        assertEquals(
                List.of("kind", "containers"),
                e.errors().stream().map(f -> f.field()).toList());
        assertEquals(List.of(), store.listServers(SERVICE, APPMAP));
    }

    @Test
    void refusesAnInvalidUpdateAndWritesNothing() {
        createServiceAndAppMap();
        createServer("web");

        assertThrows(
                ValidationException.class,
                () -> store.updateServer(SERVICE, APPMAP, definition("web", "has spaces"), 1, "ana", null));

        assertEquals(1, store.findServer(SERVICE, APPMAP, "web").orElseThrow().version());
    }

    @Test
    void aCreatedServerIsAtRevisionOne() {
        createServiceAndAppMap();

        Server created = createServer("web");

        Server expected = new Server(
                SERVICE, APPMAP, "web", 1, definition("web", "nginx:1.27"), clock.stored(), clock.stored(), "ana");
        assertEquals(expected, created);
        assertEquals(expected, store.findServer(SERVICE, APPMAP, "web").orElseThrow());
        assertEquals(
                List.of(new Revision(1, "ana", clock.stored(), "first", definition("web", "nginx:1.27"))),
                store.listRevisions(SERVICE, APPMAP, "web"));
    }

    @Test
    void refusesATakenServerName() {
        createServiceAndAppMap();
        createServer("web");

        ConflictException e = assertThrows(ConflictException.class, () -> createServer("web"));

        assertTrue(
                e.getMessage().contains("server 'web' in appmap 'dev' of service 'shop' already exists"),
                e.getMessage());
        assertEquals(1, store.listRevisions(SERVICE, APPMAP, "web").size());
    }

    @Test
    void everyUpdateIsTheNextRevision() {
        createServiceAndAppMap();
        Server created = createServer("web");
        clock.advance(Duration.ofMinutes(1));

        Server second = store.updateServer(SERVICE, APPMAP, definition("web", "nginx:1.28"), 1, "bo", "upgrade");
        Server third = store.updateServer(SERVICE, APPMAP, definition("web", "nginx:1.29"), 2, "cy", "again");

        assertEquals(2, second.version());
        assertEquals(
                new Server(
                        SERVICE,
                        APPMAP,
                        "web",
                        3,
                        definition("web", "nginx:1.29"),
                        created.createdAt(),
                        clock.stored(),
                        "cy"),
                third);
        assertEquals(third, store.findServer(SERVICE, APPMAP, "web").orElseThrow());
    }

    @Test
    void revisionsAreListedNewestFirstAndFoundByNumber() {
        createServiceAndAppMap();
        Instant first = clock.stored();
        createServer("web");
        clock.advance(Duration.ofHours(1));
        store.updateServer(SERVICE, APPMAP, definition("web", "nginx:1.28"), 1, "bo", "upgrade");

        List<Revision> revisions = store.listRevisions(SERVICE, APPMAP, "web");

        assertEquals(
                List.of(
                        new Revision(2, "bo", clock.stored(), "upgrade", definition("web", "nginx:1.28")),
                        new Revision(1, "ana", first, "first", definition("web", "nginx:1.27"))),
                revisions);
        assertEquals(
                revisions.get(1), store.findRevision(SERVICE, APPMAP, "web", 1).orElseThrow());
        assertTrue(store.findRevision(SERVICE, APPMAP, "web", 3).isEmpty());
    }

    @Test
    void listingTheRevisionsOfAMissingServerIsNotFound() {
        createServiceAndAppMap();

        assertThrows(NotFoundException.class, () -> store.listRevisions(SERVICE, APPMAP, "ghost"));
    }

    @Test
    void refusesAStaleServerUpdateAndWritesNoRevision() {
        createServiceAndAppMap();
        createServer("web");
        store.updateServer(SERVICE, APPMAP, definition("web", "nginx:1.28"), 1, "bo", null);

        StaleVersionException e = assertThrows(
                StaleVersionException.class,
                () -> store.updateServer(SERVICE, APPMAP, definition("web", "nginx:1.29"), 1, "cy", null));

        assertEquals(1, e.expected());
        assertEquals(2, e.actual());
        Server current = store.findServer(SERVICE, APPMAP, "web").orElseThrow();
        assertEquals("nginx:1.28", current.definition().containers().get(0).image());
        assertEquals(2, store.listRevisions(SERVICE, APPMAP, "web").size());
    }

    @Test
    void anyVersionSkipsTheCheckOfAServerUpdate() {
        createServiceAndAppMap();
        createServer("web");
        store.updateServer(SERVICE, APPMAP, definition("web", "nginx:1.28"), 1, "bo", null);

        Server updated = store.updateServer(
                SERVICE, APPMAP, definition("web", "nginx:1.29"), HierarchyStore.ANY_VERSION, "cy", null);

        assertEquals(3, updated.version());
        assertEquals(3, store.listRevisions(SERVICE, APPMAP, "web").get(0).number());
    }

    @Test
    void updatingAMissingServerIsNotFound() {
        createServiceAndAppMap();

        assertThrows(
                NotFoundException.class,
                () -> store.updateServer(SERVICE, APPMAP, definition("ghost", "nginx:1.27"), 1, "ana", null));
    }

    @Test
    void deletingAServerChecksItsVersion() {
        createServiceAndAppMap();
        createServer("web");
        store.updateServer(SERVICE, APPMAP, definition("web", "nginx:1.28"), 1, "bo", null);

        assertThrows(StaleVersionException.class, () -> store.deleteServer(SERVICE, APPMAP, "web", 1));
        assertTrue(store.findServer(SERVICE, APPMAP, "web").isPresent());

        store.deleteServer(SERVICE, APPMAP, "web", 2);
        assertTrue(store.findServer(SERVICE, APPMAP, "web").isEmpty());
        assertThrows(
                NotFoundException.class, () -> store.deleteServer(SERVICE, APPMAP, "web", HierarchyStore.ANY_VERSION));
    }

    @Test
    void aDeletedServerTakesItsRevisionsAlong() {
        createServiceAndAppMap();
        createServer("web");
        store.updateServer(SERVICE, APPMAP, definition("web", "nginx:1.28"), 1, "bo", null);

        store.deleteServer(SERVICE, APPMAP, "web", HierarchyStore.ANY_VERSION);

        assertEquals(1, createServer("web").version());
        assertEquals(
                List.of(1L),
                store.listRevisions(SERVICE, APPMAP, "web").stream()
                        .map(Revision::number)
                        .toList());
    }

    @Test
    void ofTwentyConcurrentUpdatesFromOneVersionExactlyOneWins() throws Exception {
        createServiceAndAppMap();
        long version = createServer("web").version();
        int writers = 20;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                ServerDefinition change = definition("web", "nginx:1." + i);
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        store.updateServer(SERVICE, APPMAP, change, version, "writer", null);
                        return true;
                    } catch (StaleVersionException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> outcome : outcomes) {
                won += outcome.get(2, TimeUnit.MINUTES) ? 1 : 0;
            }
            assertEquals(1, won, "exactly one writer wins; the other 19 get StaleVersionException");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, store.findServer(SERVICE, APPMAP, "web").orElseThrow().version());
        assertEquals(
                List.of(2L, 1L),
                store.listRevisions(SERVICE, APPMAP, "web").stream()
                        .map(Revision::number)
                        .toList());
    }

    @Test
    void keepsTheKubernetesFieldsOfContainersAsGiven() throws Exception {
        createServiceAndAppMap();
        ServerDefinition pasted = new ObjectMapper().readValue("""
                {"name": "web", "kind": "Deployment", "replicas": 2,
                 "containers": [{"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 8080}],
                                 "env": [{"name": "MODE", "value": "prod"}],
                                 "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}},
                                 "readinessProbe": {"httpGet": {"path": "/", "port": 8080}}}],
                 "ports": [{"name": "http", "port": 80, "targetPort": 8080, "exposure": "NodePort"}],
                 "volumes": [{"name": "data", "type": "persistent", "size": "1Gi", "mountPath": "/data"}],
                 "updateStrategy": {"maxSurge": "25%", "maxUnavailable": 0},
                 "autoscaling": {"minReplicas": 1, "maxReplicas": 4, "cpuUtilization": 70}}
                """, ServerDefinition.class);

        store.createServer(SERVICE, APPMAP, pasted, "ana", null);

        assertEquals(
                pasted, store.findServer(SERVICE, APPMAP, "web").orElseThrow().definition());
        assertEquals(
                pasted,
                store.findRevision(SERVICE, APPMAP, "web", 1).orElseThrow().definition());
    }

    @Test
    void keepsAnAutoscalingBehaviorAsGiven() throws Exception {
        createServiceAndAppMap();
        ServerDefinition autoscaled = new ObjectMapper().readValue("""
                {"name": "web", "kind": "Deployment", "containers": [{"name": "web", "image": "nginx:1.27"}],
                 "autoscaling": {"minReplicas": 1, "maxReplicas": 3, "cpuUtilization": 50,
                  "behavior": {"scaleDown": {"stabilizationWindowSeconds": 30, "selectPolicy": "Min",
                   "policies": [{"type": "Pods", "value": 1, "periodSeconds": 60}]}}}}
                """, ServerDefinition.class);

        store.createServer(SERVICE, APPMAP, autoscaled, "ana", null);

        assertEquals(
                autoscaled,
                store.findServer(SERVICE, APPMAP, "web").orElseThrow().definition());
    }

    @Test
    void listsServersByName() {
        createServiceAndAppMap();
        createServer("zeta");
        createServer("alpha");

        assertEquals(
                List.of("alpha", "zeta"),
                store.listServers(SERVICE, APPMAP).stream().map(Server::name).toList());
    }

    @Test
    void listingTheServersOfAMissingAppMapIsNotFound() {
        store.createService(service(SERVICE));

        assertThrows(NotFoundException.class, () -> store.listServers(SERVICE, "ghost"));
    }

    @Test
    void refusesAnAuthorOrMessageLongerThanTheStoreKeeps() {
        createServiceAndAppMap();

        ValidationException e = assertThrows(
                ValidationException.class,
                () -> store.createServer(
                        SERVICE, APPMAP, definition("web", "nginx:1.27"), "a".repeat(256), "m".repeat(2001)));

        assertEquals(
                List.of("author", "message"),
                e.errors().stream().map(f -> f.field()).toList());
    }

    // --- the database

    @Test
    void keepsEverythingAcrossClosingAndReopening() {
        createServiceAndAppMap();
        Server server = createServer("web");

        reopenStore();

        assertEquals(List.of(server), store.listServers(SERVICE, APPMAP));
        assertEquals(1, store.listRevisions(SERVICE, APPMAP, "web").size());
        assertEquals(
                2,
                store.updateServer(SERVICE, APPMAP, definition("web", "nginx:1.28"), 1, "bo", null)
                        .version());
    }

    @Test
    void theSchemaIsAtTheNewestVersion() throws Exception {
        try (Connection c = database.open();
                Statement s = c.createStatement();
                java.sql.ResultSet rows = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rows.next();
            assertEquals(JdbcHierarchyStore.SCRIPTS.size(), rows.getInt(1));
        }
    }

    @Test
    void rawServerListingIsTheJsonOfTheTypedList() throws Exception {
        createServiceAndAppMap();
        createServer("web");
        createServer("api");
        Server api = store.findServer(SERVICE, APPMAP, "api").orElseThrow();
        store.updateServer(SERVICE, APPMAP, definition("api", "nginx:1.28"), api.version(), "bo", "bump");
        com.fasterxml.jackson.databind.ObjectMapper json = io.cengjiyun.rest.JsonMappers.json();

        com.fasterxml.jackson.databind.JsonNode raw = json.readTree(store.serversJson(SERVICE, APPMAP));

        assertEquals(json.readTree(json.writeValueAsBytes(store.listServers(SERVICE, APPMAP))), raw);
        assertEquals("api", raw.get(0).get("name").asText());
        assertEquals(2, raw.get(0).get("version").asInt());
    }

    @Test
    void otherSectionsAreStoredAsGivenInEveryRevisionAndTheRawListing() throws Exception {
        createServiceAndAppMap();
        Map<String, Object> hello =
                Map.of("greeting", "hi", "times", 3, "loud", true, "to", List.of("ana", Map.of("name", "bo")));
        ServerDefinition first = definition("web", "nginx:1.27").withSection("hello", hello);
        store.createServer(SERVICE, APPMAP, first, "ana", "first");
        ServerDefinition second = definition("web", "nginx:1.28")
                .withSection("hello", Map.of("greeting", "servus"))
                .withSection("ingress", Map.of("host", "web.example"));
        store.updateServer(SERVICE, APPMAP, second, 1, "bo", "second");
        reopenStore();

        assertEquals(
                second, store.findServer(SERVICE, APPMAP, "web").orElseThrow().definition());
        assertEquals(
                first,
                store.findRevision(SERVICE, APPMAP, "web", 1).orElseThrow().definition());
        assertEquals(
                hello,
                store.findRevision(SERVICE, APPMAP, "web", 1)
                        .orElseThrow()
                        .definition()
                        .sections()
                        .get("hello"));
        com.fasterxml.jackson.databind.ObjectMapper json = io.cengjiyun.rest.JsonMappers.json();
        com.fasterxml.jackson.databind.JsonNode raw = json.readTree(store.serversJson(SERVICE, APPMAP));
        assertEquals(
                "servus",
                raw.get(0).get("definition").get("hello").get("greeting").asText());
        assertEquals(
                "web.example",
                raw.get(0).get("definition").get("ingress").get("host").asText());
    }

    @Test
    void rawServerListingOfAMissingAppMapIsNotFound() {
        store.createService(service(SERVICE));
        assertThrows(NotFoundException.class, () -> store.serversJson(SERVICE, "nope"));
    }
}
