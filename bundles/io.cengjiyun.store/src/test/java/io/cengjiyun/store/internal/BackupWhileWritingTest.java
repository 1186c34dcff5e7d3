/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.Service;
import io.cengjiyun.database.internal.Backup;
import io.cengjiyun.database.internal.DatabaseBackups;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.database.internal.KeyFileSealing;
import io.cengjiyun.launcher.Restore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An online backup of the embedded database while 4 writers create and update services through the real store,
 * restored into a fresh data folder by the launcher's restore: every write acknowledged before the backup began is in
 * it, and the key file with it still opens what it sealed.
 */
class BackupWhileWritingTest {
    private static final int WRITERS = 4;
    private static final int MAX_WRITES = 3_000;

    /** A write the store acknowledged: the service and the version it answered, and when (nanoTime). */
    record Ack(String service, long version, long at) {}

    @Test
    void aBackupMadeWhileFourWritersRunHoldsEveryWriteAcknowledgedBeforeItBegan(@TempDir Path folder) throws Exception {
        Path data = folder.resolve("data");
        JdbcDatabaseService db = JdbcDatabaseService.of("", "", "", data);
        KeyFileSealing sealing = new KeyFileSealing(data);
        String sealed = sealing.sealer("cluster.key", "cluster credentials", "register the clusters again")
                .seal("the kubeconfig of cluster local");
        JdbcHierarchyStore store = new JdbcHierarchyStore(db, Clock.systemUTC());
        DatabaseBackups backups = new DatabaseBackups(db, sealing, data, Clock.systemUTC());
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        Backup backup;
        long began;
        long ended;
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                futures.add(writers.submit(() -> write(store, writer, running, acks)));
            }
            Thread.sleep(700);
            began = System.nanoTime();
            backup = backups.create(null);
            ended = System.nanoTime();
            Thread.sleep(200);
            running.set(false);
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
            store.close();
            db.close();
        }

        Path fresh = folder.resolve("fresh").resolve("data");
        new Restore(fresh, System.out, Clock.systemUTC()).from(Path.of(backup.path()));
        JdbcDatabaseService restoredDb = JdbcDatabaseService.of("", "", "", fresh);
        try {
            Map<String, Service> restored = new JdbcHierarchyStore(restoredDb, Clock.systemUTC())
                    .listServices().stream().collect(Collectors.toMap(Service::name, Function.identity()));
            List<Ack> before = acks.stream().filter(a -> a.at() < began).toList();
            long during = acks.stream()
                    .filter(a -> a.at() >= began && a.at() <= ended)
                    .count();
            List<String> lost = before.stream()
                    .filter(a -> !restored.containsKey(a.service())
                            || restored.get(a.service()).version() < a.version())
                    .map(a -> a.service() + " version " + a.version())
                    .toList();
            System.out.printf(
                    "Backup of %d bytes in %d ms; %d writes acknowledged before it began, %d while it ran; %d of"
                            + " those before are missing%n",
                    backup.bytes(), (ended - began) / 1_000_000, before.size(), during, lost.size());

            assertTrue(before.size() > 50, before.size() + " writes acknowledged before the backup began");
            assertTrue(during > 0, "the writers went on while the backup ran (online): " + during + " writes");
            assertEquals(List.of(), lost, "writes acknowledged before the backup began but not in it");
            assertEquals(List.of("cluster.key"), backup.keyFiles());
            assertEquals(
                    "the kubeconfig of cluster local",
                    new KeyFileSealing(fresh)
                            .sealer("cluster.key", "cluster credentials", "register the clusters again")
                            .open(sealed, "the credentials of cluster 'local'", "register it again"));
        } finally {
            restoredDb.close();
        }
    }

    /** Creates services one after another, updating each once after it is made; records what was acknowledged. */
    private static void write(
            JdbcHierarchyStore store, int writer, AtomicBoolean running, ConcurrentLinkedQueue<Ack> acks) {
        for (int i = 0; running.get() && i < MAX_WRITES; i++) {
            String name = "w" + writer + "-" + i;
            Service created = store.createService(Fixtures.service(name));
            acks.add(new Ack(name, created.version(), System.nanoTime()));
            Service updated = store.updateService(
                    new Service(name, "Updated " + name, null, null, null, null), created.version());
            acks.add(new Ack(name, updated.version(), System.nanoTime()));
        }
    }
}
