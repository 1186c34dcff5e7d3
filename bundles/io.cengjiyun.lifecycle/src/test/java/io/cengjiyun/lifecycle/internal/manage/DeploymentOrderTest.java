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
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDeployment;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.event.DomainEvent;
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

/**
 * The order of store writes and cluster applies for servers: stored, then applied; a refusal by the cluster leaves
 * nothing behind (create) or sets the server back (update); an unreachable cluster keeps the revision and says so; a
 * delete removes the objects first and keeps the row when that fails.
 */
class DeploymentOrderTest {
    private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
    private final FakeAppMapPlacement placement = new FakeAppMapPlacement();
    private final RecordingDeployment deployment = new RecordingDeployment();
    private String name;
    private JdbcDatabaseService db;
    private JdbcHierarchyStore store;
    private ServersManager servers;
    private final List<DomainEvent> events = new ArrayList<>();
    private final List<String> watched = new ArrayList<>();

    /** Records "deploy web@2", "undeploy web stop=true volumes=false"; fails with what it is told. */
    static final class RecordingDeployment implements ServerDeployment {
        final List<String> calls = new ArrayList<>();
        RuntimeException failDeploy;
        /** Fail only the deploy of this version (others pass), or every deploy when 0. */
        long failVersion;

        RuntimeException failUndeploy;
        RuntimeException failCheck;

        @Override
        public void check(AppMap appMap, io.cengjiyun.api.ServerDefinition definition) {
            calls.add("check " + definition.name());
            if (failCheck != null) {
                throw failCheck;
            }
        }

        @Override
        public void deploy(AppMap appMap, Server server) {
            calls.add("deploy " + server.name() + "@" + server.version());
            if (failDeploy != null && (failVersion == 0 || failVersion == server.version())) {
                throw failDeploy;
            }
        }

        @Override
        public void undeploy(AppMap appMap, Server server, boolean stop, boolean volumes) {
            calls.add("undeploy " + server.name() + " stop=" + stop + " volumes=" + volumes);
            if (failUndeploy != null) {
                throw failUndeploy;
            }
        }
    }

    @BeforeEach
    void openStore() {
        name = DerbyMemory.newName("deployment");
        db = new JdbcDatabaseService(() -> DerbyMemory.open(name));
        store = new JdbcHierarchyStore(db, clock);
        servers = new ServersManager(
                store,
                deployment,
                events::add,
                (appMap, server, actor) -> watched.add(server.name() + "@" + server.version()));
        store.createService(service(SERVICE));
        new AppMapsManager(store, placement, events::add).create(appMap(SERVICE, APPMAP), "ana");
        events.clear();
    }

    @AfterEach
    void closeStore() {
        store.close();
        db.close();
        DerbyMemory.drop(name);
    }

    private static UnavailableException clusterDown() {
        return new UnavailableException("Could not apply server 'web' on cluster 'local': connection refused.", null);
    }

    @Test
    void aCreatedServerIsStoredThenApplied() {
        Server web = servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first");

        assertEquals(List.of("check web", "deploy web@1"), deployment.calls);
        assertEquals(Optional.of(web), store.findServer(SERVICE, APPMAP, "web"));
    }

    @Test
    void aCreateTheClusterRefusesLeavesNothingBehind() {
        deployment.failDeploy = new ValidationException("definition", "the cluster refused to apply server 'web': bad");

        ValidationException e = assertThrows(
                ValidationException.class,
                () -> servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first"));

        assertTrue(e.getMessage().contains("the cluster refused"), e.getMessage());
        assertEquals(List.of("check web", "deploy web@1", "undeploy web stop=true volumes=false"), deployment.calls);
        assertEquals(Optional.empty(), store.findServer(SERVICE, APPMAP, "web"));
    }

    @Test
    void aDefinitionThatCannotBeAppliedIsNeitherStoredNorApplied() {
        deployment.failCheck = new UnavailableException(
                "server 'web' has ports, and the bundle that makes them"
                        + " (io.cengjiyun.ports) is not running: nothing was applied.",
                null);

        assertThrows(
                UnavailableException.class,
                () -> servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first"));

        assertEquals(List.of("check web"), deployment.calls);
        assertEquals(Optional.empty(), store.findServer(SERVICE, APPMAP, "web"));
    }

    @Test
    void aCreateOnAnUnreachableClusterIsKeptAndSaysItIsNotApplied() {
        deployment.failDeploy = clusterDown();

        UnavailableException e = assertThrows(
                UnavailableException.class,
                () -> servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first"));

        assertEquals(503, e.status());
        assertTrue(e.getMessage().contains("Revision 1 is stored and not applied"), e.getMessage());
        assertEquals(1, store.findServer(SERVICE, APPMAP, "web").orElseThrow().version());
    }

    @Test
    void anUpdateTheClusterRefusesIsDiscardedAndTheRevisionBeforeAppliedAgain() {
        servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first");
        deployment.failDeploy = new ValidationException("definition", "the cluster refused to apply server 'web': bad");
        deployment.failVersion = 2;

        ValidationException e = assertThrows(
                ValidationException.class,
                () -> servers.update(SERVICE, APPMAP, definition("web", "img:2"), 1, "ana", "second"));

        assertTrue(
                e.getMessage().contains("Revision 2 was discarded: the server is at revision 1 again"), e.getMessage());
        assertEquals(
                List.of("check web", "deploy web@1", "check web", "deploy web@2", "deploy web@1"), deployment.calls);
        Server back = store.findServer(SERVICE, APPMAP, "web").orElseThrow();
        assertEquals(1, back.version());
        assertEquals("img:1", back.definition().containers().get(0).image());
        assertEquals(1, store.listRevisions(SERVICE, APPMAP, "web").size());
        // the next update is revision 2 again, based on 1
        deployment.failDeploy = null;
        assertEquals(
                2,
                servers.update(SERVICE, APPMAP, definition("web", "img:3"), 1, "ana", "third")
                        .version());
    }

    @Test
    void anUpdateOnAnUnreachableClusterKeepsTheNewRevision() {
        servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first");
        deployment.failDeploy = clusterDown();

        UnavailableException e = assertThrows(
                UnavailableException.class,
                () -> servers.update(SERVICE, APPMAP, definition("web", "img:2"), 1, "ana", "second"));

        assertTrue(e.getMessage().contains("Revision 2 is stored and not applied"), e.getMessage());
        assertEquals(2, store.findServer(SERVICE, APPMAP, "web").orElseThrow().version());
    }

    @Test
    void aDeleteRemovesTheObjectsThenTheRowWithTheCallersFlags() {
        servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first");

        servers.delete(SERVICE, APPMAP, "web", 1, true, true, "ana");

        assertEquals(List.of("check web", "deploy web@1", "undeploy web stop=true volumes=true"), deployment.calls);
        assertEquals(Optional.empty(), store.findServer(SERVICE, APPMAP, "web"));
    }

    @Test
    void aDeleteOfARunningServerThatTheRuntimeRefusesKeepsIt() {
        servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first");
        deployment.failUndeploy = new ConflictException("server 'web' is RUNNING: stop it first");

        assertThrows(
                ConflictException.class,
                () -> servers.delete(SERVICE, APPMAP, "web", HierarchyStore.ANY_VERSION, false, false, "ana"));

        assertTrue(store.findServer(SERVICE, APPMAP, "web").isPresent());
    }

    @Test
    void aDeleteOnAnUnreachableClusterKeepsTheServerAndSaysSo() {
        servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first");
        deployment.failUndeploy = clusterDown();

        UnavailableException e = assertThrows(
                UnavailableException.class,
                () -> servers.delete(SERVICE, APPMAP, "web", HierarchyStore.ANY_VERSION, false, false, "ana"));

        assertTrue(e.getMessage().contains("The server is kept in the store"), e.getMessage());
        assertTrue(store.findServer(SERVICE, APPMAP, "web").isPresent());
    }

    @Test
    void aStaleDeleteTouchesNeitherTheClusterNorTheRow() {
        servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first");

        assertThrows(
                io.cengjiyun.api.StaleVersionException.class,
                () -> servers.delete(SERVICE, APPMAP, "web", 7, false, false, "ana"));

        assertEquals(List.of("check web", "deploy web@1"), deployment.calls);
    }

    private List<String> published() {
        return events.stream()
                .map(e -> e.topic() + " " + e.server() + "@" + e.revision() + " by " + e.actor())
                .toList();
    }

    @Test
    void aCreatedServerIsPublishedAndItsRolloutFollowed() {
        servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first");

        assertEquals(List.of("io/cengjiyun/server/CREATED web@1 by ana"), published());
        assertEquals("Deployment", events.get(0).kind());
        assertEquals(List.of("web@1"), watched);
    }

    @Test
    void aCreateTheClusterRefusesPublishesNothing() {
        deployment.failDeploy = new ValidationException("definition", "the cluster refused to apply server 'web': bad");

        assertThrows(
                ValidationException.class,
                () -> servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first"));

        assertEquals(List.of(), published());
        assertEquals(List.of(), watched);
    }

    @Test
    void anUpdateKeptOnAnUnreachableClusterIsPublishedWithTheReason() {
        servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first");
        deployment.failDeploy = clusterDown();

        assertThrows(
                UnavailableException.class,
                () -> servers.update(SERVICE, APPMAP, definition("web", "img:2"), 1, "bo", "second"));

        assertEquals(
                List.of("io/cengjiyun/server/CREATED web@1 by ana", "io/cengjiyun/server/UPDATED web@2 by bo"),
                published());
        assertTrue(
                events.get(1).cause().contains("connection refused"),
                events.get(1).cause());
        assertEquals(List.of("web@1"), watched, "nothing was applied, so there is no rollout to follow");
    }

    @Test
    void anUpdateTheClusterRefusesPublishesNothing() {
        servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first");
        deployment.failDeploy = new ValidationException("definition", "the cluster refused: bad");
        deployment.failVersion = 2;

        assertThrows(
                ValidationException.class,
                () -> servers.update(SERVICE, APPMAP, definition("web", "img:2"), 1, "bo", "second"));

        assertEquals(List.of("io/cengjiyun/server/CREATED web@1 by ana"), published());
    }

    @Test
    void aDeleteIsPublishedWithTheLastRevisionAndItsActor() {
        servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first");
        servers.update(SERVICE, APPMAP, definition("web", "img:2"), 1, "ana", "second");

        servers.delete(SERVICE, APPMAP, "web", 2, true, false, "bo");

        assertEquals("io/cengjiyun/server/DELETED web@2 by bo", published().get(2));
    }

    @Test
    void anUpdateWithoutAVersionSetsBackTheRevisionItReplaced() {
        servers.create(SERVICE, APPMAP, definition("web", "img:1"), "ana", "first");
        deployment.failDeploy = new ValidationException("definition", "the cluster refused: bad");
        deployment.failVersion = 2;

        ValidationException e = assertThrows(
                ValidationException.class,
                () -> servers.update(
                        SERVICE, APPMAP, definition("web", "img:2"), HierarchyStore.ANY_VERSION, "bo", "second"));

        assertTrue(e.getMessage().contains("Revision 2 was discarded"), e.getMessage());
        assertEquals(
                "img:1",
                store.findServer(SERVICE, APPMAP, "web")
                        .orElseThrow()
                        .definition()
                        .containers()
                        .get(0)
                        .image());
    }
}
