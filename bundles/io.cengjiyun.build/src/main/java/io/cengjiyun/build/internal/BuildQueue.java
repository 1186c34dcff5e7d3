/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.build.internal;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.Leader;
import io.cengjiyun.build.BuildResult;
import io.cengjiyun.build.BuildSpec;
import io.cengjiyun.build.ImageBuilder;
import io.cengjiyun.registry.RegistryAccess;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the builds, at most {@code maxConcurrent} at once (the others wait, QUEUED, in the order asked), each on the
 * {@link ImageBuilder} of the highest ranking; keeps each running build's output in memory for those who follow it,
 * and stores it with the outcome when the build ends. A build runs on the runtime that was asked for it (an uploaded
 * context lives in its memory; the build itself is a Job on the cluster). Builds a stop interrupted are FAILED: on
 * embedded Derby (one runtime) at the next start; with replicas on PostgreSQL by the leader, once their runtime has
 * not said for {@link #SILENT} that they still run (each runtime says so every {@link #BEAT} while it has builds).
 */
@Component(service = BuildQueue.class, configurationPid = BuildQueue.PID)
@Designate(ocd = BuildConfig.class)
public class BuildQueue {
    static final String PID = "io.cengjiyun.build";
    /** How often a runtime says in the database that its queued and running builds still run. */
    static final java.time.Duration BEAT = java.time.Duration.ofSeconds(15);
    /** How long a runtime's builds may go unconfirmed before the leader ends them as interrupted. */
    static final java.time.Duration SILENT = java.time.Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(BuildQueue.class);

    /** What a follower gets: each line, then the build as it ended. */
    interface Follower {
        void line(String line);

        void ended(BuildView build);

        /** A follower that puts each line (a String), then the build as it ended (a BuildView), in {@code events}. */
        static Follower into(java.util.concurrent.BlockingQueue<Object> events) {
            return new Follower() {
                @Override
                public void line(String line) {
                    events.offer(line);
                }

                @Override
                public void ended(BuildView build) {
                    events.offer(build);
                }
            };
        }
    }

    /** A build not yet ended: its output so far and who follows it. */
    private static final class Live {
        volatile BuildView view;
        final StringBuilder output = new StringBuilder();
        final List<Follower> followers = new CopyOnWriteArrayList<>();
        volatile Future<?> future;
        volatile boolean cancelled;

        Live(BuildView view) {
            this.view = view;
        }
    }

    /** Told each image a build pushed; answers a line per server it rolled out (or why not). */
    interface Pushes {
        List<String> pushed(BuildView build);
    }

    private final Builds builds;
    private final ImageBuilder builder;
    private final Pushes pushes;
    private final int maxContextKiB;
    /** The longest a git repository may take to fetch. */
    static final java.time.Duration GIT_TIMEOUT = java.time.Duration.ofSeconds(120);

    private final Clock clock;
    private final ExecutorService workers;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final int max;
    /** This runtime's token in the builds it runs: new at each start. */
    private final String runner = UUID.randomUUID().toString();

    private final ScheduledExecutorService beat;

    /** There while this runtime leads (always when alone): it ends the builds of replicas gone silent. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Leader leader;

    @Activate
    public BuildQueue(
            @Reference Builds builds,
            @Reference(policyOption = ReferencePolicyOption.GREEDY) ImageBuilder builder,
            @Reference RegistryAccess registries,
            BuildConfig config) {
        this(
                builds,
                builder,
                b -> registries.pushed(b.service(), b.registry(), b.repository(), b.tag(), b.digest(), b.createdBy()),
                Clock.systemUTC(),
                Math.max(1, Math.min(16, config.maxConcurrent())),
                BuildRules.maxContextKiB(config));
        if (!builds.shared()) {
            // one runtime: every build left queued or running was this runtime's before it stopped
            Instant now = now();
            int interrupted = builds.endInterrupted(now, runner, now);
            if (interrupted > 0) {
                LOG.info("{} builds queued or running when the platform stopped are FAILED", interrupted);
            }
        }
        beat.scheduleWithFixedDelay(this::beat, BEAT.toSeconds(), BEAT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Says that this runtime's builds still run; on the leader, ends those of replicas gone silent. */
    void beat() {
        try {
            Instant now = now();
            if (!live.isEmpty()) {
                builds.seen(runner, now);
            }
            if (leader != null && builds.shared()) {
                int interrupted = builds.endInterrupted(now, runner, now.minus(SILENT));
                if (interrupted > 0) {
                    LOG.info(
                            "{} builds of a replica silent for {} s (stopped or killed) are FAILED",
                            interrupted,
                            SILENT.toSeconds());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not record that this runtime's builds still run: {}", e.toString());
        }
    }

    BuildQueue(Builds builds, ImageBuilder builder, Pushes pushes, Clock clock, int max, int maxContextKiB) {
        this.maxContextKiB = maxContextKiB;
        this.builds = builds;
        this.builder = builder;
        this.pushes = pushes;
        this.clock = clock;
        this.max = max;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(max, r -> {
            Thread t = new Thread(r, "cengjiyun-build-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cengjiyun-build-beat");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        beat.shutdownNow();
        workers.shutdownNow(); // interrupts the builds: each engine removes what it made
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }

    int maxConcurrent() {
        return max;
    }

    /** Stores the build as QUEUED and queues it; answers it as stored. */
    BuildView submit(BuildView queued, BuildSpec spec) {
        return submit(queued, spec, null);
    }

    /**
     * Stores the build as QUEUED and queues it; answers it as stored.
     *
     * @param git where to fetch its context from when it runs (the spec has none), or null
     */
    BuildView submit(BuildView queued, BuildSpec spec, GitContext.Source git) {
        builds.insert(queued, runner);
        Live l = new Live(queued);
        live.put(queued.id(), l);
        l.future = workers.submit(() -> run(l, spec, git));
        return queued;
    }

    private void run(Live l, BuildSpec asked, GitContext.Source git) {
        if (l.cancelled) {
            return;
        }
        Instant started = now();
        BuildSpec spec = asked;
        l.view = l.view.with(
                BuildView.RUNNING,
                started,
                null,
                null,
                null,
                git == null ? "Building " + asked.image() : "Fetching " + git.describe());
        builds.update(l.view, null);
        Consumer<String> output = line -> {
            synchronized (l.output) {
                l.output.append(line).append('\n');
                if (l.output.length() > 2 * Builds.MAX_OUTPUT) {
                    l.output.delete(0, l.output.length() - Builds.MAX_OUTPUT);
                }
            }
            for (Follower f : l.followers) {
                f.line(line);
            }
        };
        BuildView end;
        try {
            if (git != null) {
                GitContext.Fetched fetched = GitContext.fetch(git, output, maxContextKiB, GIT_TIMEOUT);
                spec = new BuildSpec(
                        asked.id(),
                        asked.appMap(),
                        fetched.context(),
                        asked.dockerfile(),
                        asked.args(),
                        asked.image(),
                        asked.registry());
                l.view = l.view.withSource(git.describe() + ": commit " + fetched.commit())
                        .with(BuildView.RUNNING, started, null, null, null, "Building " + asked.image());
                builds.update(l.view, null);
            }
            BuildResult result = builder.build(spec, output);
            end = l.view.with(
                    result.succeeded() ? BuildView.SUCCEEDED : BuildView.FAILED,
                    started,
                    now(),
                    result.digest(),
                    result.failedStep(),
                    result.message());
        } catch (InterruptedException e) {
            // a cancel: the engine stopped the build and set the flag again; the store's writes below must not see
            // it (Derby closes a connection whose thread is interrupted, and the outcome would be lost)
            Thread.interrupted();
            end = l.view.with(
                    BuildView.CANCELLED, started, now(), null, null, "Cancelled: the build and its Job were stopped");
        } catch (RuntimeException e) {
            LOG.warn("Build {} failed: {}", asked.id(), e.toString());
            end = l.view.with(BuildView.FAILED, started, now(), null, null, e.getMessage());
        }
        if (BuildView.SUCCEEDED.equals(end.state()) && end.digest() != null) {
            try { // the servers that follow builds of this image roll it out; the build's output says which
                pushes.pushed(end).forEach(line -> output.accept("Followed: " + line));
            } catch (RuntimeException e) {
                LOG.warn(
                        "Build {} succeeded, but rolling out the servers that follow it failed: {}",
                        spec.id(),
                        e.toString());
                output.accept(
                        "Followed: the servers that follow this image could not be rolled out: " + e.getMessage());
            }
        }
        finish(l, end);
    }

    private void finish(Live l, BuildView end) {
        l.view = end;
        String text;
        synchronized (l.output) {
            text = l.output.toString();
        }
        try {
            builds.update(end, text);
        } finally {
            live.remove(end.id());
            for (Follower f : l.followers) {
                f.ended(end);
            }
        }
    }

    /**
     * Cancels a queued or running build: a queued one never starts, a running one is stopped by its engine.
     *
     * @throws ConflictException when it has ended already
     */
    BuildView cancel(BuildView build) {
        Live l = live.get(build.id());
        if (l == null) {
            throw new ConflictException(
                    "Build " + build.id() + " has ended already (" + build.state() + "): there is nothing to cancel");
        }
        l.cancelled = true;
        Future<?> f = l.future;
        boolean notStarted = BuildView.QUEUED.equals(l.view.state()) && f != null && f.cancel(false);
        if (notStarted) {
            finish(l, l.view.with(BuildView.CANCELLED, null, now(), null, null, "Cancelled before it started"));
        } else if (f != null) {
            f.cancel(true);
        }
        return l.view;
    }

    /** The build as it is now: live if it has not ended. */
    BuildView current(BuildView stored) {
        Live l = live.get(stored.id());
        return l == null ? stored : l.view;
    }

    /**
     * Follows a build: its output so far, then each new line, then its end; {@code false} when it has ended already
     * (read its stored output instead).
     */
    boolean follow(String id, Follower follower) {
        Live l = live.get(id);
        if (l == null) {
            return false;
        }
        String sofar;
        synchronized (l.output) {
            sofar = l.output.toString();
            l.followers.add(follower);
        }
        for (String line : sofar.split("\n", -1)) {
            if (!line.isEmpty()) {
                follower.line(line);
            }
        }
        if (!live.containsKey(id)) { // it ended while we were adding ourselves
            follower.ended(l.view);
        }
        return true;
    }

    void unfollow(String id, Follower follower) {
        Live l = live.get(id);
        if (l != null) {
            l.followers.remove(follower);
        }
    }

    /** The output so far of a build that has not ended; null if it has. */
    String liveOutput(String id) {
        Live l = live.get(id);
        if (l == null) {
            return null;
        }
        synchronized (l.output) {
            return l.output.toString();
        }
    }

    List<String> running() {
        return new ArrayList<>(live.keySet());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
