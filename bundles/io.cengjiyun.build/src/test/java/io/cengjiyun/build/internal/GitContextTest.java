/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.build.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A context fetched from a real git repository, served by the machine's {@code git daemon} on the loopback address
 * (the git protocol: what a build reaches the same way over https): the commit asked for, its files without
 * {@code .git}; an unknown ref or a context too big fail saying so.
 */
class GitContextTest {
    @TempDir
    static Path base;

    private static Process daemon;
    private static int port;
    private static String v1;

    @BeforeAll
    static void aRepositoryServedOnLoopback() throws Exception {
        Path repo = Files.createDirectory(base.resolve("app"));
        git(repo, "init", "--quiet", "--initial-branch=main");
        Files.writeString(repo.resolve("Dockerfile"), "FROM busybox\nCOPY hello.txt /\n");
        Files.writeString(repo.resolve("hello.txt"), "one\n");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "--quiet", "-m", "one");
        git(repo, "tag", "v1");
        v1 = git(repo, "rev-parse", "HEAD").strip();
        Files.writeString(repo.resolve("hello.txt"), "two\n");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "--quiet", "-am", "two");
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        daemon = new ProcessBuilder(
                        "git",
                        "daemon",
                        "--reuseaddr",
                        "--export-all",
                        "--listen=127.0.0.1",
                        "--port=" + port,
                        "--base-path=" + base,
                        base.toString())
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("daemon.log").toFile())
                .start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                if (System.nanoTime() > end) {
                    throw new AssertionError(
                            "git daemon did not listen: " + Files.readString(base.resolve("daemon.log")));
                }
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.destroy();
        }
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private String url() {
        return "git://127.0.0.1:" + port + "/app";
    }

    @Test
    void theCommitAskedForIsTheContextWithoutItsGitFolder() throws Exception {
        List<String> output = new ArrayList<>();
        GitContext.Fetched tag =
                GitContext.fetch(new GitContext.Source(url(), "v1"), output::add, 768, Duration.ofSeconds(60));
        assertEquals(v1, tag.commit());
        assertTrue(output.get(output.size() - 1).contains("commit " + v1), String.valueOf(output));
        List<String> files = untar(tag.context());
        assertTrue(files.contains("./Dockerfile"), String.valueOf(files));
        assertFalse(files.stream().anyMatch(f -> f.contains(".git")), String.valueOf(files));
        assertEquals("one\n", read(tag.context(), "./hello.txt"));

        GitContext.Fetched head =
                GitContext.fetch(new GitContext.Source(url(), null), line -> {}, 768, Duration.ofSeconds(60));
        assertEquals("two\n", read(head.context(), "./hello.txt"));
        GitContext.Fetched byId =
                GitContext.fetch(new GitContext.Source(url(), v1), line -> {}, 768, Duration.ofSeconds(60));
        assertEquals(v1, byId.commit());
    }

    @Test
    void anUnknownRefOrAContextTooBigFailsSayingSo() {
        IllegalStateException unknown = assertThrows(
                IllegalStateException.class,
                () -> GitContext.fetch(new GitContext.Source(url(), "nope"), line -> {}, 768, Duration.ofSeconds(60)));
        assertTrue(unknown.getMessage().contains("git fetch failed"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
        IllegalStateException missing = assertThrows(
                IllegalStateException.class,
                () -> GitContext.fetch(
                        new GitContext.Source("git://127.0.0.1:" + port + "/none", null),
                        line -> {},
                        768,
                        Duration.ofSeconds(60)));
        assertTrue(missing.getMessage().contains("git fetch failed"), missing.getMessage());
        // no repository fits in 0 KiB (the smallest allowed is 1; 0 makes the check certain)
        IllegalStateException big = assertThrows(
                IllegalStateException.class,
                () -> GitContext.fetch(new GitContext.Source(url(), "main"), line -> {}, 0, Duration.ofSeconds(60)));
        assertTrue(big.getMessage().contains("at most 0 KiB"), big.getMessage());
    }

    private static List<String> untar(byte[] tarGz) throws Exception {
        Path file = Files.createTempFile(base, "ctx", ".tar.gz");
        Files.write(file, tarGz);
        Process p = new ProcessBuilder("tar", "-tzf", file.toString())
                .redirectErrorStream(true)
                .start();
        List<String> names = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertEquals(0, p.waitFor());
        return names;
    }

    private static String read(byte[] tarGz, String name) throws Exception {
        Path file = Files.createTempFile(base, "ctx", ".tar.gz");
        Files.write(file, tarGz);
        Process p = new ProcessBuilder("tar", "-xzOf", file.toString(), name).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        return text;
    }
}
