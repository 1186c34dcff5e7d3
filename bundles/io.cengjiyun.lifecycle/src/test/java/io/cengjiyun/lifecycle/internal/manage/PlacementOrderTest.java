/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.manage;

import static io.cengjiyun.store.internal.Fixtures.APPMAP;
import static io.cengjiyun.store.internal.Fixtures.SERVICE;
import static io.cengjiyun.store.internal.Fixtures.appMap;
import static io.cengjiyun.store.internal.Fixtures.definition;
import static io.cengjiyun.store.internal.Fixtures.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.Quota;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.database.internal.DerbyMemory;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.store.internal.Fixtures;
import io.cengjiyun.store.internal.JdbcHierarchyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The order of store writes and cluster placement: an appmap is stored only placed, and removed placement first. */
class PlacementOrderTest {
    private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
    private final FakeAppMapPlacement placement = new FakeAppMapPlacement();
    private String name;
    private JdbcDatabaseService db;
    private JdbcHierarchyStore store;
    private AppMapsManager appMaps;
    private ServicesManager services;
    private final List<io.cengjiyun.api.event.DomainEvent> events = new ArrayList<>();

    @BeforeEach
    void openStore() {
        name = DerbyMemory.newName("placement");
        db = new JdbcDatabaseService(() -> DerbyMemory.open(name));
        store = new JdbcHierarchyStore(db, clock);
        appMaps = new AppMapsManager(store, placement, events::add);
        services = new ServicesManager(store, appMaps, events::add);
        store.createService(service(SERVICE));
    }

    @AfterEach
    void closeStore() {
        store.close();
        db.close();
        DerbyMemory.drop(name);
    }

    private static UnavailableException clusterDown() {
        return new UnavailableException("cluster 'local' does not answer.", null);
    }

    @Test
    void anAppMapIsCheckedThenStoredThenPlaced() {
        placement.onPlace =
                m -> assertTrue(store.findAppMap(SERVICE, m.name()).isPresent(), "stored before it is placed");

        AppMap created = appMaps.create(appMap(SERVICE, APPMAP), "ana");

        assertEquals(List.of("check dev", "place dev"), placement.calls);
        assertEquals(Optional.of(created), store.findAppMap(SERVICE, APPMAP));
    }

    @Test
    void anAppMapBeyondItsAllotmentIsNeitherStoredNorPlaced() {
        placement.failCheck = new ValidationException("quota.memory", "asks 5Gi, more than the 4Gi left");

        assertThrows(ValidationException.class, () -> appMaps.create(appMap(SERVICE, APPMAP), "ana"));

        assertEquals(List.of("check dev"), placement.calls);
        assertEquals(Optional.empty(), store.findAppMap(SERVICE, APPMAP));
    }

    @Test
    void anAppMapThatCannotBePlacedIsRemovedAgainAndSaysSo() {
        placement.failPlace = clusterDown();

        UnavailableException e =
                assertThrows(UnavailableException.class, () -> appMaps.create(appMap(SERVICE, APPMAP), "ana"));

        assertTrue(
                e.getMessage().contains("does not answer") && e.getMessage().contains("was not stored"),
                e.getMessage());
        assertEquals(Optional.empty(), store.findAppMap(SERVICE, APPMAP));
        placement.failPlace = null;
        assertEquals(1L, appMaps.create(appMap(SERVICE, APPMAP), "ana").version(), "the name is free again");
    }

    @Test
    void aForeignNamespaceIsAConflictAndNothingIsStored() {
        placement.failPlace = new ConflictException("namespace 'shop-dev' already exists on cluster 'local'");

        ConflictException e =
                assertThrows(ConflictException.class, () -> appMaps.create(appMap(SERVICE, APPMAP), "ana"));

        assertTrue(e.getMessage().contains("shop-dev"), e.getMessage());
        assertEquals(Optional.empty(), store.findAppMap(SERVICE, APPMAP));
    }

    @Test
    void aTakenNameIsRefusedBeforeAnyCheck() {
        appMaps.create(appMap(SERVICE, APPMAP), "ana");
        placement.calls.clear();

        assertThrows(ConflictException.class, () -> appMaps.create(appMap(SERVICE, APPMAP), "ana"));

        assertEquals(List.of(), placement.calls);
    }

    @Test
    void withoutAPlacementServiceAppMapsAreUnavailableNamingTheClusterBundle() {
        AppMapsManager unplaced = new AppMapsManager(store, null, events::add);

        UnavailableException e =
                assertThrows(UnavailableException.class, () -> unplaced.create(appMap(SERVICE, APPMAP), "ana"));

        assertEquals(503, e.status());
        assertTrue(
                e.getMessage().contains("appmaps cannot be placed: the bundle io.cengjiyun.cluster is not running"),
                e.getMessage());
        assertEquals(Optional.empty(), store.findAppMap(SERVICE, APPMAP));
    }

    @Test
    void aNewQuotaIsCheckedAndPlacedAnotherEnvironmentIsNot() {
        appMaps.create(appMap(SERVICE, APPMAP), "ana");
        placement.calls.clear();

        appMaps.update(
                AppMap.of(
                        SERVICE,
                        APPMAP,
                        "local",
                        null,
                        "staging",
                        appMap(SERVICE, APPMAP).quota()),
                1,
                "ana");
        assertEquals(List.of(), placement.calls);

        AppMap updated = appMaps.update(
                AppMap.of(SERVICE, APPMAP, "local", null, "staging", new Quota("1", "1Gi", 5, "1Gi")), 2, "ana");
        assertEquals(List.of("check dev", "place dev"), placement.calls);
        assertEquals(3L, updated.version());
    }

    @Test
    void aQuotaThatCannotBePlacedIsSetBack() {
        AppMap original = appMaps.create(appMap(SERVICE, APPMAP), "ana");
        placement.failPlace = clusterDown();

        UnavailableException e = assertThrows(
                UnavailableException.class,
                () -> appMaps.update(
                        AppMap.of(SERVICE, APPMAP, "local", null, "development", new Quota("1", "1Gi", 5, "1Gi")),
                        1,
                        "ana"));

        assertTrue(e.getMessage().contains("undone"), e.getMessage());
        assertEquals(
                original.quota(),
                store.findAppMap(SERVICE, APPMAP).orElseThrow().quota());
    }

    @Test
    void anAppMapCannotMove() {
        appMaps.create(appMap(SERVICE, APPMAP), "ana");
        placement.calls.clear();

        ValidationException e = assertThrows(
                ValidationException.class,
                () -> appMaps.update(
                        AppMap.of(
                                SERVICE,
                                APPMAP,
                                "elsewhere",
                                null,
                                null,
                                appMap(SERVICE, APPMAP).quota()),
                        HierarchyStore.ANY_VERSION,
                        "ana"));

        assertEquals("cluster", e.errors().get(0).field());
        assertEquals(List.of(), placement.calls);
    }

    @Test
    void anAppMapLeavesItsClusterBeforeTheStore() {
        appMaps.create(appMap(SERVICE, APPMAP), "ana");
        placement.calls.clear();

        appMaps.delete(SERVICE, APPMAP, false, "ana");

        assertEquals(List.of("remove dev"), placement.calls);
        assertEquals(Optional.empty(), store.findAppMap(SERVICE, APPMAP));
    }

    @Test
    void anUnreachableClusterKeepsTheAppMap() {
        appMaps.create(appMap(SERVICE, APPMAP), "ana");
        placement.failRemove = clusterDown();

        UnavailableException e =
                assertThrows(UnavailableException.class, () -> appMaps.delete(SERVICE, APPMAP, false, "ana"));

        assertTrue(e.getMessage().contains("is kept"), e.getMessage());
        assertTrue(store.findAppMap(SERVICE, APPMAP).isPresent());
    }

    @Test
    void anAppMapWithServersIsRefusedBeforeItsNamespaceGoes() {
        appMaps.create(appMap(SERVICE, APPMAP), "ana");
        store.createServer(SERVICE, APPMAP, definition("web", "nginx:1.27"), "ana", null);
        placement.calls.clear();

        assertThrows(ConflictException.class, () -> appMaps.delete(SERVICE, APPMAP, false, "ana"));

        assertEquals(List.of(), placement.calls);
    }

    @Test
    void aServiceDeletedWithItsAppMapsRemovesEveryOneFromItsClusterFirst() {
        appMaps.create(appMap(SERVICE, "dev"), "ana");
        appMaps.create(appMap(SERVICE, "prod"), "ana");
        placement.calls.clear();

        services.delete(SERVICE, true, "ana");

        assertEquals(List.of("remove dev", "remove prod"), placement.calls);
        assertEquals(Optional.empty(), store.findService(SERVICE));
    }

    @Test
    void aServiceWhoseAppMapCannotLeaveItsClusterIsKeptSayingWhatWasRemoved() {
        appMaps.create(appMap(SERVICE, "dev"), "ana");
        appMaps.create(appMap(SERVICE, "prod"), "ana");
        placement.failRemove = clusterDown();
        placement.failRemoveOf = "prod";

        UnavailableException e = assertThrows(UnavailableException.class, () -> services.delete(SERVICE, true, "ana"));

        assertTrue(e.getMessage().contains("[dev] were deleted before"), e.getMessage());
        assertTrue(e.getMessage().contains("is kept"), e.getMessage());
        assertEquals(2, store.listAppMaps(SERVICE).size());
    }

    @Test
    void placedAppMapsAndDeletedServicesArePublishedWithTheirActor() {
        appMaps.create(appMap(SERVICE, "dev"), "ana");
        appMaps.delete(SERVICE, "dev", false, "bo");
        services.delete(SERVICE, false, "cy");

        assertEquals(
                List.of(
                        "io/cengjiyun/appmap/CREATED dev by ana",
                        "io/cengjiyun/appmap/DELETED dev by bo",
                        "io/cengjiyun/service/DELETED null by cy"),
                events.stream()
                        .map(e -> e.topic() + " " + e.appmap() + " by " + e.actor())
                        .toList());
        assertEquals("local", events.get(0).cluster());
    }

    @Test
    void anAppMapThatCannotBePlacedIsNotPublished() {
        placement.failPlace = clusterDown();

        assertThrows(UnavailableException.class, () -> appMaps.create(appMap(SERVICE, APPMAP), "ana"));

        assertEquals(List.of(), events);
    }
}
