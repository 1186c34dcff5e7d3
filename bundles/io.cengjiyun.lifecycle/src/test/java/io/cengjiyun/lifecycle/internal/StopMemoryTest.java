/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static io.cengjiyun.store.internal.Fixtures.appMap;
import static io.cengjiyun.store.internal.Fixtures.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.Topics;
import io.cengjiyun.database.internal.DerbyMemory;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.store.internal.JdbcHierarchyStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stop memory on embedded Derby with the real store: it keeps nothing of servers that went (issue 18's soak: it
 * kept an entry per server ever looked up, and an appmap's or a service's cascade left its servers' rows behind, so a
 * new server of the same name started stopped).
 */
class StopMemoryTest {
    private static final int N = 500;

    private String name;
    private JdbcDatabaseService db;
    private JdbcHierarchyStore store;
    private StopMemory memory;
    private ServerRuntimes runtimes;

    @BeforeEach
    void open() {
        name = DerbyMemory.newName("stop-memory");
        db = new JdbcDatabaseService(() -> DerbyMemory.open(name));
        store = new JdbcHierarchyStore(db, Clock.systemUTC());
        db.migrate(
                "lifecycle",
                "io.cengjiyun.lifecycle",
                getClass().getClassLoader(),
                List.of("V1__lifecycle.sql", "V2__stopped_servers_go_with_their_appmap.sql"));
        memory = new StopMemory(db);
        runtimes = new ServerRuntimes(null, StopRecords.of(memory), null, List.of(), ServerActionLocks.none());
        for (String s : List.of("shop", "other")) {
            store.createService(service(s));
            store.createAppMap(appMap(s, "dev"));
            store.createAppMap(appMap(s, "prod"));
        }
    }

    @AfterEach
    void drop() {
        store.close();
        db.close();
        DerbyMemory.drop(name);
    }

    @Test
    void serversCreatedAndDeletedLeaveNothingInMemory() {
        for (int i = 0; i < N; i++) {
            String server = "srv-" + i;
            // as the runtime does: apply reads whether it is stopped, status reads it, stop remembers, delete forgets
            assertEquals(Optional.empty(), memory.find("shop", "dev", server));
            if (i % 2 == 0) {
                memory.remember("shop", "dev", server, new StopMemory.Stopped(1, false));
                assertTrue(memory.find("shop", "dev", server).isPresent());
            }
            memory.forget("shop", "dev", server);
        }
        assertEquals(0, memory.remembered(), "entries kept after " + N + " creates and deletes");
        assertEquals(0, rows());
    }

    @Test
    void aStatusReadRacingTheDeleteIsDroppedByTheDeletedEvent() {
        for (int i = 0; i < N; i++) {
            String server = "srv-" + i;
            memory.forget("shop", "dev", server);
            memory.find("shop", "dev", server); // an overview that listed it before the store's delete
            runtimes.handleEvent(DomainEvent.builder(Topics.SERVER_DELETED)
                    .server("shop", "dev", server)
                    .actor("ana")
                    .build()
                    .toEvent());
        }
        assertEquals(0, memory.remembered());
    }

    @Test
    void anAppmapDeletedWithItsServersTakesTheirStopsAlongAndANewServerOfTheSameNameRuns() {
        stopFifty("shop", "dev");
        stopFifty("shop", "prod");
        memory.remember("other", "dev", "srv-0", new StopMemory.Stopped(1, true));
        assertEquals(201, memory.remembered());
        assertEquals(101, rows());

        store.deleteAppMap("shop", "dev", true);
        assertEquals(51, rows(), "the appmap's rows go with it, in the store's transaction");
        runtimes.handleEvent(DomainEvent.builder(Topics.APPMAP_DELETED)
                .appmap("shop", "dev")
                .actor("ana")
                .build()
                .toEvent());
        assertEquals(101, memory.remembered());

        store.createAppMap(appMap("shop", "dev"));
        assertEquals(Optional.empty(), memory.find("shop", "dev", "srv-0"), "a new server of the same name runs");
        assertTrue(memory.find("shop", "prod", "srv-0").isPresent());
    }

    @Test
    void aServiceDeletedWithItsAppmapsTakesTheirStopsAlong() {
        stopFifty("shop", "dev");
        stopFifty("shop", "prod");
        memory.remember("other", "prod", "srv-0", new StopMemory.Stopped(1, true));

        store.deleteService("shop", true);
        assertEquals(1, rows());
        runtimes.handleEvent(DomainEvent.builder(Topics.SERVICE_DELETED)
                .service("shop")
                .actor("ana")
                .build()
                .toEvent());
        assertEquals(1, memory.remembered());
        assertTrue(memory.find("other", "prod", "srv-0").isPresent());

        store.createService(service("shop"));
        store.createAppMap(appMap("shop", "prod"));
        assertEquals(Optional.empty(), memory.find("shop", "prod", "srv-0"));
    }

    @Test
    void aServerOfAnAppmapThatIsNotStoredIsRememberedInMemoryOnly() {
        // a runtime used without the store (LifecycleIT), or an appmap deleted while one of its servers stopped
        memory.remember("shop", "gone", "web", new StopMemory.Stopped(3, false));
        assertEquals(Optional.of(new StopMemory.Stopped(3, false)), memory.find("shop", "gone", "web"));
        assertEquals(0, rows());
        memory.remember("shop", "dev", "web", new StopMemory.Stopped(2, true));
        assertEquals(1, rows(), "the same transaction goes on for a stored appmap");
    }

    @Test
    void theMemoryIsBoundedWhateverIsLookedUp() {
        for (int i = 0; i < StopMemory.MAX_KNOWN + 10; i++) {
            memory.find("shop", "dev", "srv-" + i);
        }
        assertTrue(memory.remembered() <= StopMemory.MAX_KNOWN, memory.remembered() + " entries");
    }

    /** Stops 50 servers of the appmap, and reads 50 running ones (a status read caches them too). */
    private void stopFifty(String service, String appmap) {
        for (int i = 0; i < 50; i++) {
            memory.remember(service, appmap, "srv-" + i, new StopMemory.Stopped(2, false));
            memory.find(service, appmap, "run-" + i);
        }
    }

    private int rows() {
        return db.read("count", c -> {
            try (var s = c.createStatement();
                    var r = s.executeQuery("SELECT COUNT(*) FROM stopped_servers")) {
                r.next();
                return r.getInt(1);
            }
        });
    }
}
