/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.Topics;
import io.cengjiyun.database.internal.DerbyMemory;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stop memory on embedded Derby: it keeps nothing of servers that went (issue 18's soak: it used to keep an entry
 * per server ever looked up, and the rows of servers deleted with their appmap).
 */
class StopMemoryTest {
    private static final int N = 500;

    private String name;
    private JdbcDatabaseService db;
    private StopMemory memory;

    @BeforeEach
    void open() {
        name = DerbyMemory.newName("stop-memory");
        db = new JdbcDatabaseService(() -> DerbyMemory.open(name));
        db.migrate("lifecycle", "io.cengjiyun.lifecycle", getClass().getClassLoader(), List.of("V1__lifecycle.sql"));
        memory = new StopMemory(db);
    }

    @AfterEach
    void drop() {
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
        ServerRuntimes runtimes = new ServerRuntimes(null, StopRecords.of(memory), null, List.of());
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
    void anAppmapOrServiceDeletedWithItsServersTakesTheirStopsAlong() {
        ServerRuntimes runtimes = new ServerRuntimes(null, StopRecords.of(memory), null, List.of());
        for (String appmap : List.of("dev", "prod")) {
            for (int i = 0; i < 50; i++) {
                memory.remember("shop", appmap, "srv-" + i, new StopMemory.Stopped(2, false));
                memory.find("shop", appmap, "run-" + i);
            }
        }
        memory.remember("other", "dev", "srv-0", new StopMemory.Stopped(1, true));
        assertEquals(201, memory.remembered());

        runtimes.handleEvent(DomainEvent.builder(Topics.APPMAP_DELETED)
                .appmap("shop", "dev")
                .actor("ana")
                .build()
                .toEvent());
        assertEquals(101, memory.remembered());
        assertEquals(51, rows());
        // a new server of the same name in an appmap made again is not stopped
        assertEquals(Optional.empty(), memory.find("shop", "dev", "srv-0"));

        runtimes.handleEvent(DomainEvent.builder(Topics.SERVICE_DELETED)
                .service("shop")
                .actor("ana")
                .build()
                .toEvent());
        assertTrue(memory.find("other", "dev", "srv-0").isPresent());
        assertEquals(1, rows());
        assertEquals(Optional.empty(), memory.find("shop", "prod", "srv-0"));
    }

    @Test
    void aLateEventDoesNotForgetTheStopOfAServerMadeAgainSince() {
        Instant deletedAt = Instant.now().minusSeconds(5);
        memory.remember("shop", "dev", "web", new StopMemory.Stopped(3, false)); // made again and stopped since
        memory.forgetGone("shop", "dev", "web", deletedAt);
        memory.forgetGone("shop", "dev", null, deletedAt);
        assertEquals(Optional.of(new StopMemory.Stopped(3, false)), memory.find("shop", "dev", "web"));
    }

    @Test
    void theMemoryIsBoundedWhateverIsLookedUp() {
        for (int i = 0; i < StopMemory.MAX_KNOWN + 10; i++) {
            memory.find("shop", "dev", "srv-" + i);
        }
        assertTrue(memory.remembered() <= StopMemory.MAX_KNOWN, memory.remembered() + " entries");
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
