/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.manage;

import static io.cengjiyun.store.internal.Fixtures.appMap;
import static io.cengjiyun.store.internal.Fixtures.definition;
import static io.cengjiyun.store.internal.Fixtures.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.AppMapPlacement;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerDeployment;
import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.store.internal.Fixtures;
import io.cengjiyun.store.internal.JdbcHierarchyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 6: writes that go through the managers run side by side without lock timeouts or 503, because no
 * transaction is open while a cluster answers. The cluster here is slow on purpose (every place, remove, apply and
 * delete takes a while, as a real API server does), so that a transaction held across it would show. A subclass per
 * database gives the database.
 */
abstract class ConcurrentManagersContractTest {
    private static final int WRITERS = 8;
    /** How long the fake cluster takes to answer each call. */
    private static final long CLUSTER_MILLIS = 40;

    private JdbcDatabaseService db;
    private JdbcHierarchyStore store;
    private ServicesManager services;
    private AppMapsManager appMaps;
    private ServersManager servers;
    private final Queue<String> clusterCalls = new ConcurrentLinkedQueue<>();
    private final Queue<DomainEvent> events = new ConcurrentLinkedQueue<>();

    /** A new, empty database for one test. */
    protected abstract JdbcDatabaseService newDatabase() throws Exception;

    /** Removes what the test stored. */
    protected abstract void emptyDatabase() throws Exception;

    private void slowCluster(String call) {
        clusterCalls.add(call);
        try {
            Thread.sleep(CLUSTER_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @BeforeEach
    void openManagers() throws Exception {
        db = newDatabase();
        store = new JdbcHierarchyStore(db, new Fixtures.ManualClock());
        AppMapPlacement placement = new AppMapPlacement() {
            @Override
            public void check(AppMap appMap) {}

            @Override
            public void place(AppMap appMap) {
                slowCluster("place " + appMap.service() + "/" + appMap.name());
            }

            @Override
            public void remove(AppMap appMap) {
                slowCluster("remove " + appMap.service() + "/" + appMap.name());
            }
        };
        ServerDeployment deployment = new ServerDeployment() {
            @Override
            public void check(AppMap appMap, ServerDefinition definition) {}

            @Override
            public void deploy(AppMap appMap, Server server) {
                slowCluster("deploy " + server.name() + "@" + server.version());
            }

            @Override
            public void undeploy(AppMap appMap, Server server, boolean stop, boolean volumes) {
                slowCluster("undeploy " + server.name());
            }
        };
        appMaps = new AppMapsManager(store, placement, events::add);
        services = new ServicesManager(store, appMaps, events::add);
        servers = new ServersManager(store, deployment, events::add, (appMap, server, actor) -> {});
    }

    @AfterEach
    void closeManagers() throws Exception {
        store.close();
        emptyDatabase();
        db.close();
    }

    /** A service with two appmaps of two running servers each, every server at revision 3. */
    private void serviceWithRunningServers(String name) {
        services.create(service(name), "ana");
        for (String env : List.of("dev", "prod")) {
            appMaps.create(appMap(name, env), "ana");
            for (String server : List.of("web", "api")) {
                servers.create(name, env, definition(server, "img:1"), "ana", "first");
                servers.update(name, env, definition(server, "img:2"), 1, "ana", "second");
                servers.update(name, env, definition(server, "img:3"), 2, "ana", "third");
            }
        }
    }

    /** Runs {@code WRITERS} tasks at once; every one must succeed (an exception fails the test, naming it). */
    private static void allAtOnce(List<Runnable> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Runnable task : tasks) {
                done.add(pool.submit(() -> {
                    start.await();
                    task.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS); // an exception of the task fails here, with its message
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eightCascadingDeletesOfServicesWithRunningServersAllSucceed() throws Exception {
        List<Runnable> deletes = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            String name = "team" + i;
            serviceWithRunningServers(name);
            deletes.add(() -> services.delete(name, true, "bo"));
        }
        clusterCalls.clear();

        allAtOnce(deletes);

        assertEquals(List.of(), store.listServices());
        assertEquals(
                2 * WRITERS,
                clusterCalls.stream().filter(c -> c.startsWith("remove ")).count(),
                "every appmap's namespace was removed from its cluster");
    }

    @Test
    void eightWritersUpdatingServersOfOneAppMapAllSucceed() throws Exception {
        services.create(service("shop"), "ana");
        appMaps.create(appMap("shop", "dev"), "ana");
        List<Runnable> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            String name = "web" + i;
            servers.create("shop", "dev", definition(name, "img:1"), "ana", "first");
            writers.add(() -> {
                for (int revision = 2; revision <= 6; revision++) {
                    servers.update("shop", "dev", definition(name, "img:" + revision), revision - 1, "bo", "bump");
                }
            });
        }

        allAtOnce(writers);

        for (Server s : store.listServers("shop", "dev")) {
            assertEquals(6, s.version(), s.name());
            assertEquals("img:6", s.definition().containers().get(0).image(), s.name());
            assertEquals(6, store.listRevisions("shop", "dev", s.name()).size(), s.name());
        }
    }

    @Test
    void eightWritersOfOneServerWithoutVersionsAllSucceedOneRevisionEach() throws Exception {
        services.create(service("shop"), "ana");
        appMaps.create(appMap("shop", "dev"), "ana");
        servers.create("shop", "dev", definition("web", "img:0"), "ana", "first");
        List<Runnable> writers = new ArrayList<>();
        for (int i = 1; i <= WRITERS; i++) {
            String image = "img:" + i;
            writers.add(() ->
                    servers.update("shop", "dev", definition("web", image), HierarchyStore.ANY_VERSION, "bo", "any"));
        }

        allAtOnce(writers);

        assertEquals(
                1 + WRITERS,
                store.findServer("shop", "dev", "web").orElseThrow().version());
        assertEquals(1 + WRITERS, store.listRevisions("shop", "dev", "web").size());
    }
}
