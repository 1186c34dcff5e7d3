/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.cengjiyun.api.Leader;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterInfo;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.database.Database;
import io.cengjiyun.monitoring.ClusterSample;
import io.cengjiyun.monitoring.NodeSample;
import io.cengjiyun.monitoring.PodSample;
import io.cengjiyun.monitoring.Samples;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sampler: every {@code intervalSeconds}, the kubelet summary of every node of every reachable cluster, read through
 * the API server's node proxy (all nodes at once, each within {@code nodeTimeoutSeconds}), kept in memory as the
 * newest round ({@link Samples}), summed per server, appmap, service and node into the history, which it then
 * down-samples and prunes itself. One thread; a round that overruns the interval delays the next, never overlaps it.
 */
@Component(
        service = {Samples.class, Monitor.class},
        configurationPid = MonitoringConfig.PID,
        immediate = true)
@Designate(ocd = MonitoringConfig.class)
public final class Monitor implements Samples {
    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

    private final ClusterRegistry clusters;
    private final Clock clock;
    private final Duration interval;
    private final Duration nodeTimeout;
    private final History history;
    private final ScheduledExecutorService sampler;
    private final Map<String, ClusterSample> latest = new ConcurrentHashMap<>();
    /** Network counters of the round before, by cluster/node. */
    private final Map<String, Map<String, SummaryReader.Counters>> counters = new ConcurrentHashMap<>();

    /** The nodes that did not answer in the round before, by cluster, to log a change once. */
    private final Map<String, String> missingBefore = new ConcurrentHashMap<>();

    /** One on-demand read per cluster at a time on a replica that does not lead: callers asking at once share it. */
    private final Map<String, Object> onDemand = new ConcurrentHashMap<>();

    private final List<Consumer<Round>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong rounds = new AtomicLong();
    private volatile Round last;

    /** There while this runtime leads (always when it runs alone); rounds run only then. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Leader leader;

    /** What one round did, for the listeners (watches) and the shell. */
    record Round(Instant at, List<Aggregation.ClusterRound> clusters, List<Point> points, long millis, String error) {}

    @Activate
    public Monitor(@Reference ClusterRegistry clusters, @Reference Database db, MonitoringConfig config) {
        this(clusters, db, config, Clock.systemUTC(), true);
    }

    Monitor(ClusterRegistry clusters, Database db, MonitoringConfig config, Clock clock, boolean schedule) {
        this.clusters = clusters;
        this.clock = clock;
        int seconds = config.intervalSeconds();
        if (seconds < 5 || seconds > 300) {
            throw new IllegalArgumentException(
                    "intervalSeconds in etc/" + MonitoringConfig.PID + ".cfg is " + seconds + ": give 5 to 300");
        }
        this.interval = Duration.ofSeconds(seconds);
        // Not bounded by the interval: rounds never overlap (the next starts an interval after one ends), and a
        // kubelet with a hundred pods under load takes seconds to write its summary.
        this.nodeTimeout = Duration.ofSeconds(Math.max(1, Math.min(config.nodeTimeoutSeconds(), 120)));
        db.migrate(
                "monitoring", "io.cengjiyun.monitoring", Monitor.class.getClassLoader(), List.of("V1__monitoring.sql"));
        this.history = new History(
                db,
                clock,
                new Duration[] {
                    Duration.ofHours(positive("rawHours", config.rawHours())),
                    Duration.ofDays(positive("minuteDays", config.minuteDays())),
                    Duration.ofDays(positive("hourDays", config.hourDays()))
                },
                interval);
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cengjiyun-monitoring-sampler");
            t.setDaemon(true);
            return t;
        });
        if (schedule) {
            sampler.scheduleWithFixedDelay(this::safeRound, 1, seconds, TimeUnit.SECONDS);
        }
    }

    private static int positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    field + " in etc/" + MonitoringConfig.PID + ".cfg is " + value + ": give 1 or more");
        }
        return value;
    }

    @Deactivate
    void deactivate() {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(nodeTimeout.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The newest round of the cluster. On a replica that does not lead (the leader's sampler holds the newest round in
     * its own memory; the history is shared), the kubelets' summaries are read when asked, at most once an interval
     * per cluster, and kept for the callers of that interval; nothing is written to the history (one sampler writes
     * it) and no round is counted.
     */
    @Override
    public Optional<ClusterSample> latest(String cluster) {
        ClusterSample known = latest.get(cluster);
        if (leader != null || fresh(known)) {
            return Optional.ofNullable(known);
        }
        synchronized (onDemand.computeIfAbsent(cluster, k -> new Object())) {
            known = latest.get(cluster);
            if (fresh(known) || leader != null) {
                return Optional.ofNullable(known);
            }
            ClusterSample read = sampleOnDemand(cluster);
            if (read == null) {
                latest.remove(cluster);
            } else {
                latest.put(cluster, read);
            }
            return Optional.ofNullable(read);
        }
    }

    private boolean fresh(ClusterSample sample) {
        return sample != null && sample.time().plus(interval).isAfter(clock.instant());
    }

    /** The cluster's kubelets read now, or null when it is not registered or not reachable. */
    private ClusterSample sampleOnDemand(String cluster) {
        try {
            if (!clusters.cluster(cluster).reachable()) {
                return null;
            }
            return sample(clusters.connection(cluster), clock.instant());
        } catch (RuntimeException e) {
            LOG.debug("Monitoring {}: no on-demand sample: {}", cluster, e.toString());
            return null;
        }
    }

    History history() {
        return history;
    }

    Duration interval() {
        return interval;
    }

    Round last() {
        return last;
    }

    long rounds() {
        return rounds.get();
    }

    /** Called after every round, on the sampler's thread: must return soon. */
    void onRound(Consumer<Round> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<Round> listener) {
        listeners.remove(listener);
    }

    private void safeRound() {
        if (leader == null) {
            return; // another replica samples: one sampler writes the history, however many replicas serve
        }
        try {
            round();
        } catch (RuntimeException e) {
            LOG.warn("A monitoring round failed: {}", e.toString(), e);
        }
    }

    /** One round now (the scheduled ones call this; tests may too). */
    Round round() {
        long started = System.nanoTime();
        Instant at = clock.instant();
        List<Aggregation.ClusterRound> sampled = new ArrayList<>();
        List<ClusterInfo> registered = clusters.clusters();
        for (ClusterInfo info : registered) {
            if (!info.reachable()) {
                latest.remove(info.name());
                continue;
            }
            ClusterConnection connection;
            try {
                connection = clusters.connection(info.name());
            } catch (RuntimeException e) {
                continue; // removed meanwhile
            }
            ClusterSample sample = sample(connection, at);
            latest.put(info.name(), sample);
            sampled.add(new Aggregation.ClusterRound(
                    sample, connection.cached(Pod.class, null), connection.cached(Namespace.class, null)));
        }
        latest.keySet()
                .removeIf(name -> registered.stream().noneMatch(c -> c.name().equals(name)));
        List<Point> points = Aggregation.points(sampled, at.toEpochMilli());
        String error = null;
        try {
            history.record(points);
            history.maintain();
        } catch (RuntimeException e) {
            error = "the history was not written: " + e.getMessage();
            LOG.warn("Monitoring: {}", error);
        }
        Round round = new Round(at, sampled, points, (System.nanoTime() - started) / 1_000_000, error);
        last = round;
        rounds.incrementAndGet();
        for (Consumer<Round> l : listeners) {
            try {
                l.accept(round);
            } catch (RuntimeException e) {
                LOG.warn("A monitoring listener failed: {}", e.toString(), e);
            }
        }
        return round;
    }

    private ClusterSample sample(ClusterConnection connection, Instant at) {
        var client = connection.client();
        String master = client.getMasterUrl().toString().replaceAll("/+$", "");
        List<Node> nodes = connection.cached(Node.class, null);
        List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
        for (Node node : nodes) {
            HttpRequest request = client.getHttpClient()
                    .newHttpRequestBuilder()
                    .uri(master + "/api/v1/nodes/" + node.getMetadata().getName() + "/proxy/stats/summary")
                    .timeout(nodeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .build();
            answers.add(client.getHttpClient().sendAsync(request, byte[].class));
        }
        List<NodeSample> nodeSamples = new ArrayList<>();
        List<PodSample> pods = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        long deadline = System.nanoTime() + nodeTimeout.toNanos() + 1_000_000_000L;
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            String name = node.getMetadata().getName();
            String key = connection.name() + "/" + name;
            try {
                HttpResponse<byte[]> answer =
                        answers.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (answer.code() != 200) {
                    missing.add(name + ": the kubelet's summary answered HTTP " + answer.code()
                            + (answer.code() == 403
                                    ? " (the platform's cluster credentials need 'get' on nodes/proxy)"
                                    : ""));
                    continue;
                }
                SummaryReader.Read read = SummaryReader.read(
                        name, answer.body(), cores(node), bytes(node), counters.getOrDefault(key, Map.of()));
                counters.put(key, read.counters());
                nodeSamples.add(read.node());
                pods.addAll(read.pods());
            } catch (java.util.concurrent.TimeoutException e) {
                answers.get(i).cancel(true);
                missing.add(name + ": no summary within " + nodeTimeout.toSeconds() + " s");
            } catch (java.util.concurrent.ExecutionException | IOException e) {
                Throwable cause =
                        e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
                missing.add(name + ": " + cause.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                missing.add(name + ": the round was stopped");
                break;
            }
        }
        counters.keySet()
                .removeIf(k -> k.startsWith(connection.name() + "/")
                        && nodes.stream()
                                .noneMatch(n -> k.equals(connection.name() + "/"
                                        + n.getMetadata().getName())));
        String now = String.join("; ", missing);
        String before = missingBefore.put(connection.name(), now);
        if (!now.equals(before == null ? "" : before)) {
            if (missing.isEmpty()) {
                LOG.info("Monitoring {}: every node answers again", connection.name());
            } else {
                LOG.warn("Monitoring {}: nodes not sampled (a gap in their series): {}", connection.name(), now);
            }
        }
        return new ClusterSample(connection.name(), at, nodeSamples, pods, missing);
    }

    private static Double cores(Node node) {
        BigDecimal v = allocatable(node, "cpu");
        return v == null ? null : v.doubleValue();
    }

    private static Long bytes(Node node) {
        BigDecimal v = allocatable(node, "memory");
        return v == null ? null : v.longValue();
    }

    private static BigDecimal allocatable(Node node, String resource) {
        if (node.getStatus() == null) {
            return null;
        }
        Map<String, Quantity> values = node.getStatus().getAllocatable() != null
                ? node.getStatus().getAllocatable()
                : node.getStatus().getCapacity();
        Quantity q = values == null ? null : values.get(resource);
        try {
            return q == null ? null : Quantity.getAmountInBytes(q);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
