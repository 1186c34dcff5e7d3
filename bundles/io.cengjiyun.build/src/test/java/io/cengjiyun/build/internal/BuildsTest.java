/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.build.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.build.BuildResult;
import io.cengjiyun.build.BuildSpec;
import io.cengjiyun.build.ImageBuilder;
import io.cengjiyun.database.internal.ConnectionFactory;
import io.cengjiyun.database.internal.JdbcDatabaseService;
import io.cengjiyun.registry.RegistryAccess;
import io.cengjiyun.store.internal.JdbcHierarchyStore;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.lang.annotation.Annotation;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.derby.jdbc.EmbeddedDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The builds on a real embedded Derby database with the store's schema; the queue with an engine the test drives; the
 * Job the platform's engine makes, and how it reads a container's end.
 */
class BuildsTest {
    private static final String DB = "build-" + ProcessHandle.current().pid();
    private static final ConnectionFactory DATABASE =
            () -> new EmbeddedDriver().connect("jdbc:derby:memory:" + DB + ";create=true", new Properties());
    private static final JdbcDatabaseService JDBC = new JdbcDatabaseService(DATABASE);
    private static final JdbcHierarchyStore STORE =
            new JdbcHierarchyStore(JDBC, Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC));
    private static final Builds BUILDS = new Builds(JDBC);
    private static final RegistryAccess.Credentials TEAM = new RegistryAccess.Credentials(
            "shop", "team", "10.1.2.3:5443", "puller", "pull-pw", null, "cj-registry-team");
    private static final byte[] GZIP = {(byte) 0x1f, (byte) 0x8b, 8, 0};

    private AppMap dev;

    @BeforeEach
    void seed() {
        STORE.createService(Service.of("shop", null, null));
        dev = STORE.createAppMap(AppMap.of("shop", "dev", "kind", null, null, null));
    }

    @AfterEach
    void empty() throws SQLException {
        try (Connection c = DATABASE.open();
                Statement s = c.createStatement()) {
            for (String table : List.of("builds", "revisions", "servers", "appmaps", "services")) {
                s.executeUpdate("DELETE FROM " + table);
            }
        }
    }

    @AfterAll
    static void close() {
        STORE.close();
        JDBC.close();
    }

    private static BuildView queued(String id) {
        return new BuildView(
                id,
                "shop",
                "dev",
                "team",
                "shop/web",
                "1",
                "10.1.2.3:5443/shop/web:1",
                "Dockerfile",
                Map.of("A", "1"),
                BuildView.QUEUED,
                null,
                null,
                null,
                Instant.parse("2026-03-01T09:00:00Z"),
                null,
                null,
                null,
                "ana",
                "upload");
    }

    private BuildSpec spec(String id) {
        return new BuildSpec(id, dev, GZIP, "Dockerfile", Map.of("A", "1"), "10.1.2.3:5443/shop/web:1", TEAM);
    }

    /** An engine that prints two steps, then waits for the test to let it end (or for a cancel). */
    private static final class Driven implements ImageBuilder {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);
        volatile BuildResult result = new BuildResult(true, "sha256:" + "a".repeat(64), null, "Built and pushed");

        @Override
        public BuildResult build(BuildSpec spec, Consumer<String> output) throws InterruptedException {
            output.accept("STEP 1/2: FROM busybox");
            started.countDown();
            go.await();
            output.accept("STEP 2/2: RUN make");
            return result;
        }
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aBuildIsQueuedRunsAndIsStoredWithItsOutputAndDigest() throws Exception {
        Driven engine = new Driven();
        BuildQueue queue = new BuildQueue(BUILDS, engine, b -> List.of(), Clock.systemUTC(), 1, 768);
        queue.submit(queued("b1"), spec("b1"));
        await(engine.started);
        assertEquals(
                BuildView.RUNNING,
                queue.current(BUILDS.find("shop", "b1").orElseThrow()).state());
        List<String> followed = new ArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        assertTrue(queue.follow("b1", new BuildQueue.Follower() {
            @Override
            public void line(String line) {
                followed.add(line);
            }

            @Override
            public void ended(BuildView build) {
                followed.add("end " + build.state());
                ended.countDown();
            }
        }));
        engine.go.countDown();
        await(ended);
        assertEquals(List.of("STEP 1/2: FROM busybox", "STEP 2/2: RUN make", "end SUCCEEDED"), followed);
        BuildView stored = BUILDS.find("shop", "b1").orElseThrow();
        assertEquals(BuildView.SUCCEEDED, stored.state());
        assertEquals("sha256:" + "a".repeat(64), stored.digest());
        assertTrue(stored.durationMillis() >= 0);
        assertEquals("STEP 1/2: FROM busybox\nSTEP 2/2: RUN make\n", BUILDS.output("b1"));
        assertEquals(Map.of("A", "1"), stored.args());
        assertThrows(ConflictException.class, () -> queue.cancel(stored), "an ended build cannot be cancelled");
        queue.deactivate();
    }

    @Test
    void theConsoleStartsABuildFromAFileFollowsItToItsEndAndNamesWhatIsWrong(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Driven engine = new Driven();
        engine.go.countDown(); // it runs to its end at once
        BuildQueue queue = new BuildQueue(
                BUILDS, engine, b -> List.of("server dev/web rolls out revision 2"), Clock.systemUTC(), 1, 768);
        RegistryAccess registries = new RegistryAccess() {
            @Override
            public java.util.Optional<Credentials> find(String service, String name) {
                return "team".equals(name) ? java.util.Optional.of(TEAM) : java.util.Optional.empty();
            }

            @Override
            public List<String> pushed(
                    String service, String registry, String repository, String tag, String digest, String author) {
                return List.of();
            }
        };
        BuildService service = new BuildService(STORE, BUILDS, queue, registries, config());
        BuildCommands commands = new BuildCommands(service, queue);
        java.nio.file.Path context = dir.resolve("context.tar.gz");
        java.nio.file.Files.write(context, GZIP);

        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.out;
        String end;
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            end = commands.build(
                    true, "Dockerfile", "A=1 B=2", "", "shop", "dev", "team", "shop/web", "1", context.toString());
        } finally {
            System.setOut(before);
        }
        assertTrue(end.contains("SUCCEEDED: 10.1.2.3:5443/shop/web:1@sha256:"), end);
        String lines = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(lines.contains("STEP 2/2: RUN make"), lines);
        assertTrue(lines.contains("Followed: server dev/web rolls out revision 2"), lines);
        BuildView stored = service.list("shop", 10).get(0);
        assertEquals(Map.of("A", "1", "B", "2"), stored.args());
        assertEquals("upload", stored.source());
        assertEquals("console", stored.createdBy());
        assertTrue(commands.builds("shop").contains(stored.id()));
        assertTrue(commands.buildOutput(false, "shop", stored.id()).contains("STEP 1/2: FROM busybox"));

        ValidationException unreadable = assertThrows(
                ValidationException.class,
                () -> commands.build(false, "Dockerfile", "", "", "shop", "dev", "team", "shop/web", "1", "/no/such"));
        assertEquals("context", unreadable.errors().get(0).field());
        ValidationException noRegistry = assertThrows(
                ValidationException.class,
                () -> commands.build(
                        false, "Dockerfile", "", "", "shop", "dev", "other", "shop/web", "1", context.toString()));
        assertEquals("registry", noRegistry.errors().get(0).field());
        queue.deactivate();
    }

    @Test
    void atMostTheConfiguredNumberRunAndACancelStopsARunningOrQueuedOne() throws Exception {
        Driven engine = new Driven();
        BuildQueue queue = new BuildQueue(BUILDS, engine, b -> List.of(), Clock.systemUTC(), 1, 768);
        queue.submit(queued("b1"), spec("b1"));
        queue.submit(queued("b2"), spec("b2"));
        await(engine.started);
        assertEquals(
                BuildView.QUEUED,
                queue.current(BUILDS.find("shop", "b2").orElseThrow()).state(),
                "one at once");

        assertEquals(
                BuildView.CANCELLED,
                queue.cancel(BUILDS.find("shop", "b2").orElseThrow()).state());
        queue.cancel(BUILDS.find("shop", "b1").orElseThrow()); // interrupts the running engine
        for (int i = 0; i < 100 && !queue.running().isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertEquals(
                BuildView.CANCELLED, BUILDS.find("shop", "b1").orElseThrow().state());
        assertEquals(
                BuildView.CANCELLED, BUILDS.find("shop", "b2").orElseThrow().state());
        assertNull(BUILDS.find("shop", "b2").orElseThrow().startedAt(), "it never started");
        queue.deactivate();
    }

    @Test
    void buildsAStopInterruptedAreFailedAtTheNextStart() {
        BUILDS.insert(queued("b9"), "before-the-stop");
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        assertEquals(1, BUILDS.endInterrupted(now, "after-the-stop", now));
        BuildView b = BUILDS.find("shop", "b9").orElseThrow();
        assertEquals(BuildView.FAILED, b.state());
        assertTrue(b.message().contains("stopped"), b.message());
    }

    /**
     * Replicas on one database: the leader ends the builds of a runtime that has not said for a while that they still
     * run, never those of a replica that has, nor its own.
     */
    @Test
    void onlyTheBuildsOfARuntimeGoneSilentAreEnded() {
        BUILDS.insert(queued("b1"), "killed"); // queued at 09:00, never seen since
        BUILDS.insert(queued("b2"), "alive");
        BUILDS.insert(queued("b3"), "leader");
        Instant now = Instant.parse("2026-03-01T09:05:00Z");
        assertEquals(1, BUILDS.seen("alive", now.minusSeconds(10)));
        assertEquals(1, BUILDS.endInterrupted(now, "leader", now.minus(BuildQueue.SILENT)));
        assertEquals(BuildView.FAILED, BUILDS.find("shop", "b1").orElseThrow().state());
        assertEquals(BuildView.QUEUED, BUILDS.find("shop", "b2").orElseThrow().state());
        assertEquals(BuildView.QUEUED, BUILDS.find("shop", "b3").orElseThrow().state());
        // once it ended, a build is not seen any more, and not ended again
        assertEquals(0, BUILDS.seen("killed", now));
        assertEquals(0, BUILDS.endInterrupted(now, "leader", now.minus(BuildQueue.SILENT)));
    }

    @Test
    void badRequestsNameTheirFields() {
        List<String> fields = BuildRules.check(
                        "Dev",
                        null,
                        "Shop/Web",
                        "",
                        "../Dockerfile",
                        List.of("1BAD=x", "OK=y"),
                        new byte[] {1, 2},
                        768,
                        null,
                        null)
                .stream()
                .map(e -> e.field())
                .toList();
        assertEquals(List.of("appmap", "registry", "repository", "tag", "dockerfile", "arg[0]", "body"), fields);
        assertTrue(BuildRules.check(
                        "dev",
                        "team",
                        "shop/web",
                        "1.4",
                        "docker/web.Dockerfile",
                        List.of("A=b c"),
                        GZIP,
                        768,
                        null,
                        null)
                .isEmpty());
        assertEquals(
                "body",
                BuildRules.check("dev", "team", "a", "1", "Dockerfile", List.of(), new byte[2000], 1, null, null)
                        .get(0)
                        .field());
    }

    @Test
    void aGitSourceIsAnHttpsHttpOrGitUrlWithoutCredentialsAndARef() {
        assertEquals(List.of(), GitContext.check("https://git.example.com/shop/web.git", "main"));
        assertEquals(List.of(), GitContext.check("git://127.0.0.1:9418/app", null));
        for (String url : List.of(
                "file:///etc",
                "/srv/repo",
                "ext::sh -c touch% /tmp/x",
                "ssh://git@host/x",
                "https://user:token@git.example.com/x.git",
                "https:///nohost")) {
            assertEquals(
                    List.of("git"),
                    GitContext.check(url, null).stream().map(e -> e.field()).toList(),
                    url);
        }
        for (String ref : List.of("-upload-pack=touch", "a..b", "main.lock", "a b")) {
            assertEquals(
                    List.of("ref"),
                    GitContext.check("https://h/x", ref).stream()
                            .map(e -> e.field())
                            .toList(),
                    ref);
        }
        assertEquals(
                List.of("body"),
                BuildRules.check("dev", "team", "a", "1", "Dockerfile", List.of(), GZIP, 768, "https://h/x", null)
                        .stream()
                        .map(e -> e.field())
                        .toList(),
                "a body and git: one of them");
        assertEquals(
                List.of(),
                BuildRules.check(
                        "dev", "team", "a", "1", "Dockerfile", List.of(), new byte[0], 768, "https://h/x", "v1"));
        assertEquals(
                List.of("ref", "body"),
                BuildRules.check("dev", "team", "a", "1", "Dockerfile", List.of(), null, 768, null, "main").stream()
                        .map(e -> e.field())
                        .toList());
    }

    @Test
    void theJobRunsUnprivilegedWithNothingOfTheNodeAndCountsAgainstTheQuota() {
        JobImageBuilder engine = new JobImageBuilder(null, config());
        Job job = engine.job(spec("b1x"), "shop-dev", "cj-build-b1x");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals("Never", pod.getRestartPolicy());
        assertFalse(pod.getAutomountServiceAccountToken());
        assertTrue(pod.getVolumes().stream().noneMatch(v -> v.getHostPath() != null), "no path of the node");
        var c = pod.getContainers().get(0);
        assertFalse(c.getSecurityContext().getPrivileged());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        assertEquals(
                List.of("SETUID", "SETGID", "SETFCAP"),
                c.getSecurityContext().getCapabilities().getAdd());
        assertEquals("100m", c.getResources().getRequests().get("cpu").toString());
        assertEquals("1Gi", c.getResources().getLimits().get("memory").toString());
        assertEquals(
                List.of("Dockerfile", "10.1.2.3:5443/shop/web:1", "--build-arg", "A=1"),
                c.getCommand().subList(4, 8),
                "the user's values as arguments, never in the script's text");
        assertTrue(TEAM.dockerConfig().contains("\"10.1.2.3:5443\""));

        BuildResult ok = JobImageBuilder.result(
                new ContainerStateTerminatedBuilder()
                        .withExitCode(0)
                        .withMessage("sha256:" + "b".repeat(64))
                        .build(),
                "STEP 2/2: RUN make");
        assertTrue(ok.succeeded());
        assertEquals("sha256:" + "b".repeat(64), ok.digest());
        BuildResult failed = JobImageBuilder.result(
                new ContainerStateTerminatedBuilder()
                        .withExitCode(1)
                        .withReason("Error")
                        .build(),
                "STEP 2/2: RUN make");
        assertFalse(failed.succeeded());
        assertEquals("STEP 2/2: RUN make", failed.failedStep());
        assertTrue(failed.message().startsWith("The build failed at STEP 2/2: RUN make"), failed.message());
    }

    private static BuildConfig config() {
        return new BuildConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return BuildConfig.class;
            }

            @Override
            public int maxConcurrent() {
                return 2;
            }

            @Override
            public String builderImage() {
                return "cengjiyun.test/buildah:1";
            }

            @Override
            public int timeoutMinutes() {
                return 30;
            }

            @Override
            public int maxContextKiB() {
                return 768;
            }

            @Override
            public String cpuRequest() {
                return "100m";
            }

            @Override
            public String cpuLimit() {
                return "1";
            }

            @Override
            public String memoryRequest() {
                return "128Mi";
            }

            @Override
            public String memoryLimit() {
                return "1Gi";
            }
        };
    }
}
