package io.cengjiyun.store.internal;

import static io.cengjiyun.store.internal.Fixtures.APPMAP;
import static io.cengjiyun.store.internal.Fixtures.SERVICE;
import static io.cengjiyun.store.internal.Fixtures.appMap;
import static io.cengjiyun.store.internal.Fixtures.definition;
import static io.cengjiyun.store.internal.Fixtures.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.AppMapPlacement;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.Quota;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
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
    private JdbcHierarchyStore store;

    @BeforeEach
    void openStore() {
        name = DerbyMemory.newName("placement");
        store = new JdbcHierarchyStore(() -> DerbyMemory.open(name), clock, placement);
        store.createService(service(SERVICE));
    }

    @AfterEach
    void closeStore() {
        store.close();
        DerbyMemory.drop(name);
    }

    private static UnavailableException clusterDown() {
        return new UnavailableException("cluster 'local' does not answer.", null);
    }

    @Test
    void anAppMapIsCheckedThenStoredThenPlaced() {
        placement.onPlace = m -> assertTrue(store.findAppMap(SERVICE, m.name()).isPresent(), "stored before it is placed");

        AppMap created = store.createAppMap(appMap(SERVICE, APPMAP));

        assertEquals(List.of("check dev", "place dev"), placement.calls);
        assertEquals(Optional.of(created), store.findAppMap(SERVICE, APPMAP));
    }

    @Test
    void anAppMapBeyondItsAllotmentIsNeitherStoredNorPlaced() {
        placement.failCheck = new ValidationException("quota.memory", "asks 5Gi, more than the 4Gi left");

        assertThrows(ValidationException.class, () -> store.createAppMap(appMap(SERVICE, APPMAP)));

        assertEquals(List.of("check dev"), placement.calls);
        assertEquals(Optional.empty(), store.findAppMap(SERVICE, APPMAP));
    }

    @Test
    void anAppMapThatCannotBePlacedIsRemovedAgainAndSaysSo() {
        placement.failPlace = clusterDown();

        UnavailableException e = assertThrows(UnavailableException.class, () -> store.createAppMap(appMap(SERVICE, APPMAP)));

        assertTrue(e.getMessage().contains("does not answer") && e.getMessage().contains("was not stored"), e.getMessage());
        assertEquals(Optional.empty(), store.findAppMap(SERVICE, APPMAP));
        placement.failPlace = null;
        assertEquals(1L, store.createAppMap(appMap(SERVICE, APPMAP)).version(), "the name is free again");
    }

    @Test
    void aForeignNamespaceIsAConflictAndNothingIsStored() {
        placement.failPlace = new ConflictException("namespace 'shop-dev' already exists on cluster 'local'");

        ConflictException e = assertThrows(ConflictException.class, () -> store.createAppMap(appMap(SERVICE, APPMAP)));

        assertTrue(e.getMessage().contains("shop-dev"), e.getMessage());
        assertEquals(Optional.empty(), store.findAppMap(SERVICE, APPMAP));
    }

    @Test
    void aTakenNameIsRefusedBeforeAnyCheck() {
        store.createAppMap(appMap(SERVICE, APPMAP));
        placement.calls.clear();

        assertThrows(ConflictException.class, () -> store.createAppMap(appMap(SERVICE, APPMAP)));

        assertEquals(List.of(), placement.calls);
    }

    @Test
    void withoutAPlacementServiceAppMapsAreUnavailableNamingTheClusterBundle() {
        JdbcHierarchyStore unplaced = new JdbcHierarchyStore(() -> DerbyMemory.open(name), clock, (AppMapPlacement) null);
        try {
            UnavailableException e = assertThrows(UnavailableException.class,
                    () -> unplaced.createAppMap(appMap(SERVICE, APPMAP)));

            assertEquals(503, e.status());
            assertTrue(e.getMessage().contains("appmaps cannot be placed: the bundle io.cengjiyun.cluster is not running"),
                    e.getMessage());
            assertEquals(Optional.empty(), unplaced.findAppMap(SERVICE, APPMAP));
        } finally {
            unplaced.close();
        }
    }

    @Test
    void aNewQuotaIsCheckedAndPlacedAnotherEnvironmentIsNot() {
        store.createAppMap(appMap(SERVICE, APPMAP));
        placement.calls.clear();

        store.updateAppMap(AppMap.of(SERVICE, APPMAP, "local", null, "staging", appMap(SERVICE, APPMAP).quota()), 1);
        assertEquals(List.of(), placement.calls);

        AppMap updated = store.updateAppMap(AppMap.of(SERVICE, APPMAP, "local", null, "staging", new Quota("1", "1Gi", 5, "1Gi")), 2);
        assertEquals(List.of("check dev", "place dev"), placement.calls);
        assertEquals(3L, updated.version());
    }

    @Test
    void aQuotaThatCannotBePlacedIsSetBack() {
        AppMap original = store.createAppMap(appMap(SERVICE, APPMAP));
        placement.failPlace = clusterDown();

        UnavailableException e = assertThrows(UnavailableException.class, () -> store.updateAppMap(
                AppMap.of(SERVICE, APPMAP, "local", null, "development", new Quota("1", "1Gi", 5, "1Gi")), 1));

        assertTrue(e.getMessage().contains("undone"), e.getMessage());
        assertEquals(original.quota(), store.findAppMap(SERVICE, APPMAP).orElseThrow().quota());
    }

    @Test
    void anAppMapCannotMove() {
        store.createAppMap(appMap(SERVICE, APPMAP));
        placement.calls.clear();

        ValidationException e = assertThrows(ValidationException.class, () -> store.updateAppMap(
                AppMap.of(SERVICE, APPMAP, "elsewhere", null, null, appMap(SERVICE, APPMAP).quota()), HierarchyStore.ANY_VERSION));

        assertEquals("cluster", e.errors().get(0).field());
        assertEquals(List.of(), placement.calls);
    }

    @Test
    void anAppMapLeavesItsClusterBeforeTheStore() {
        store.createAppMap(appMap(SERVICE, APPMAP));
        placement.calls.clear();

        store.deleteAppMap(SERVICE, APPMAP, false);

        assertEquals(List.of("remove dev"), placement.calls);
        assertEquals(Optional.empty(), store.findAppMap(SERVICE, APPMAP));
    }

    @Test
    void anUnreachableClusterKeepsTheAppMap() {
        store.createAppMap(appMap(SERVICE, APPMAP));
        placement.failRemove = clusterDown();

        UnavailableException e = assertThrows(UnavailableException.class, () -> store.deleteAppMap(SERVICE, APPMAP, false));

        assertTrue(e.getMessage().contains("is kept"), e.getMessage());
        assertTrue(store.findAppMap(SERVICE, APPMAP).isPresent());
    }

    @Test
    void anAppMapWithServersIsRefusedBeforeItsNamespaceGoes() {
        store.createAppMap(appMap(SERVICE, APPMAP));
        store.createServer(SERVICE, APPMAP, definition("web", "nginx:1.27"), "ana", null);
        placement.calls.clear();

        assertThrows(ConflictException.class, () -> store.deleteAppMap(SERVICE, APPMAP, false));

        assertEquals(List.of(), placement.calls);
    }

    @Test
    void aServiceDeletedWithItsAppMapsRemovesEveryOneFromItsClusterFirst() {
        store.createAppMap(appMap(SERVICE, "dev"));
        store.createAppMap(appMap(SERVICE, "prod"));
        placement.calls.clear();

        store.deleteService(SERVICE, true);

        assertEquals(List.of("remove dev", "remove prod"), placement.calls);
        assertEquals(Optional.empty(), store.findService(SERVICE));
    }

    @Test
    void aServiceWhoseAppMapCannotLeaveItsClusterIsKeptSayingWhatWasRemoved() {
        store.createAppMap(appMap(SERVICE, "dev"));
        store.createAppMap(appMap(SERVICE, "prod"));
        placement.failRemove = clusterDown();
        placement.failRemoveOf = "prod";

        UnavailableException e = assertThrows(UnavailableException.class, () -> store.deleteService(SERVICE, true));

        assertTrue(e.getMessage().contains("[dev] were deleted before"), e.getMessage());
        assertTrue(e.getMessage().contains("is kept"), e.getMessage());
        assertEquals(2, store.listAppMaps(SERVICE).size());
    }
}
