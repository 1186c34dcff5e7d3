/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.cluster.ClusterInfo;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.cluster.internal.LocalClusterStatus.State;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first run's setup with stand-ins for kube-local (shell scripts that print and exit as it would) and for the
 * registry; {@code LocalClusterSetupIT} runs the real kube-local against the real cluster.
 */
class LocalClusterSetupTest {
    @TempDir
    Path dir;

    private final Map<String, String> registered = new ConcurrentHashMap<>();
    private final List<ClusterInfo> existing = new ArrayList<>();

    private final ClusterRegistry registry = (ClusterRegistry) Proxy.newProxyInstance(
            ClusterRegistry.class.getClassLoader(), new Class<?>[] {ClusterRegistry.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "clusters":
                        return existing;
                    case "register":
                        registered.put((String) args[0], (String) args[1]);
                        return info((String) args[0]);
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });

    private static ClusterInfo info(String name) {
        return new ClusterInfo(
                name, "https://127.0.0.1:6443", true, "v1.20.2", List.of(), List.of(), null, null, null, null);
    }

    private Path script(String body) throws IOException {
        Path script = dir.resolve("kube-local");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private Path kubeconfig() throws IOException {
        return Files.writeString(dir.resolve("admin.kubeconfig"), "apiVersion: v1\nkind: Config\n");
    }

    private LocalClusterSetup setup(Path script, int uid) throws IOException {
        return new LocalClusterSetup(registry, script, kubeconfig(), () -> uid, Clock.systemUTC());
    }

    private static LocalClusterStatus await(LocalClusterSetup setup) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(20);
        while (setup.status().state() == State.STARTING && Instant.now().isBefore(until)) {
            Thread.sleep(20);
        }
        return setup.status();
    }

    @Test
    void withoutAScriptItIsOffAndSaysHowToRegisterACluster() {
        LocalClusterSetup setup = new LocalClusterSetup(registry, null, dir, () -> 0, Clock.systemUTC());
        setup.begin();
        assertEquals(State.OFF, setup.status().state());
        ConflictException refused = assertThrows(ConflictException.class, setup::start);
        assertTrue(refused.getMessage().contains("POST /api/v1/clusters"), refused.getMessage());
    }

    @Test
    void itComesUpShowsItsProgressAndRegistersTheClusterAsLocal() throws Exception {
        LocalClusterSetup setup = setup(script("echo building; echo '[kube-local] node Ready'; exit 0"), 0);
        setup.begin();
        LocalClusterStatus done = await(setup);
        assertEquals(State.READY, done.state(), done.detail());
        assertEquals("local", done.cluster());
        assertEquals(List.of("building", "[kube-local] node Ready"), done.lines());
        assertEquals("apiVersion: v1\nkind: Config\n", registered.get("local"));
        assertTrue(done.endedAt() != null && !done.endedAt().isBefore(done.startedAt()));
        assertEquals(State.READY, setup.start().state(), "ready: a second start does nothing");
    }

    @Test
    void aFailedUpSaysSoWithItsLastLinesAndCanBeTriedAgain() throws Exception {
        Path marker = dir.resolve("tried");
        LocalClusterSetup setup = setup(
                script("if [ -f " + marker + " ]; then echo fine; exit 0; fi; touch " + marker
                        + "; echo 'apt-get: no network' >&2; exit 3"),
                0);
        setup.begin();
        LocalClusterStatus failed = await(setup);
        assertEquals(State.FAILED, failed.state());
        assertTrue(failed.detail().contains("exit code 3"), failed.detail());
        assertEquals(List.of("apt-get: no network"), failed.lines(), "stderr is shown too");
        assertTrue(registered.isEmpty());

        setup.start();
        LocalClusterStatus again = await(setup);
        assertEquals(State.READY, again.state(), again.detail());
        assertEquals(List.of("fine"), again.lines(), "a new try shows its own lines");
    }

    @Test
    void withoutRootItCannotRunAndSaysWhatToDoInstead() throws Exception {
        LocalClusterSetup setup = setup(script("exit 0"), 1000);
        setup.begin();
        LocalClusterStatus status = setup.status();
        assertEquals(State.UNAVAILABLE, status.state());
        assertTrue(status.detail().contains("needs root"), status.detail());
        assertTrue(status.detail().contains("sudo "), status.detail());
        assertThrows(ConflictException.class, setup::start);
        assertTrue(registered.isEmpty());
    }

    @Test
    void aRegisteredClusterMakesItUnneededButItCanStillBeAsked() throws Exception {
        existing.add(info("prod"));
        LocalClusterSetup setup = setup(script("echo up; exit 0"), 0);
        setup.begin();
        assertEquals(State.NOT_NEEDED, setup.status().state());
        assertTrue(setup.status().detail().contains("prod"));
        setup.start();
        assertEquals(State.READY, await(setup).state());
    }

    @Test
    void itKeepsTheLastLinesOnly() throws Exception {
        LocalClusterSetup setup = setup(script("i=0; while [ $i -lt 250 ]; do echo line $i; i=$((i+1)); done"), 0);
        setup.begin();
        LocalClusterStatus done = await(setup);
        assertEquals(LocalClusterSetup.KEPT_LINES, done.lines().size());
        assertEquals("line 249", done.lines().get(done.lines().size() - 1));
    }

    @Test
    void stoppingTheRuntimeStopsASetupUnderWay() throws Exception {
        LocalClusterSetup setup = setup(script("echo started; sleep 30; echo never"), 0);
        setup.begin();
        Instant until = Instant.now().plusSeconds(10);
        while (setup.status().lines().isEmpty() && Instant.now().isBefore(until)) {
            Thread.sleep(20);
        }
        setup.stop();
        Thread.sleep(300);
        assertEquals(List.of("started"), setup.status().lines());
        assertTrue(registered.isEmpty());
        assertThrows(ConflictException.class, setup::start, "stopping: no new start");
    }

    @Test
    void theUidIsReadFromProc() {
        assertTrue(LocalClusterSetup.processUid() >= 0, "this is Linux: /proc/self/status has Uid");
    }
}
