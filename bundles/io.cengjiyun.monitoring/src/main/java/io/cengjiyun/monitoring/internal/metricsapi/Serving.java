/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import com.sun.net.httpserver.HttpsServer;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.monitoring.Samples;
import io.cengjiyun.monitoring.internal.MonitoringConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics API served with one set of listening settings: the serving certificate, the TLS listener and the
 * registration rounds, from {@link #start} until {@link #stop}. A change of address or port makes a new one; a change
 * of the sampling interval only updates the window and the age of a round still served.
 */
final class Serving {
    private static final Logger LOG = LoggerFactory.getLogger(Serving.class);
    static final Duration ROUND = Duration.ofSeconds(60);
    static final Duration ROUND_AFTER_ERROR = Duration.ofSeconds(10);
    static final Duration REMOVAL = Duration.ofSeconds(30);
    private static final int REQUEST_THREADS = 4;

    /** What makes a new listener: the address and port asked for. */
    record Listening(String address, int port) {
        static Listening of(MonitoringConfig config) {
            return new Listening(
                    config.metricsApiAddress() == null
                            ? ""
                            : config.metricsApiAddress().strip(),
                    config.metricsApiPort());
        }
    }

    private final Listening settings;
    private final String instance;
    private final MetricsHandler handler;
    private final LiveClusterView view;
    private final ExecutorService requests;
    private final ScheduledExecutorService rounds;
    private final HttpsServer server;
    private final Registrations registrations;
    private final String listening;
    private final String problem;
    private volatile boolean stopping;

    private Serving(
            Listening settings,
            String instance,
            MetricsHandler handler,
            LiveClusterView view,
            ExecutorService requests,
            ScheduledExecutorService rounds,
            HttpsServer server,
            Registrations registrations,
            String problem) {
        this.settings = settings;
        this.instance = instance;
        this.handler = handler;
        this.view = view;
        this.requests = requests;
        this.rounds = rounds;
        this.server = server;
        this.registrations = registrations;
        this.problem = problem;
        this.listening = server == null
                ? null
                : Registrations.endpoint(
                        server.getAddress().getAddress(), server.getAddress().getPort());
    }

    /** Opens the listener and starts the rounds; a listener that cannot open is a problem the status shows. */
    static Serving start(
            MonitoringConfig config, String instance, ClusterRegistry clusters, Supplier<Samples> samples) {
        Listening settings = Listening.of(config);
        FrontProxies proxies = new FrontProxies();
        LiveClusterView view = new LiveClusterView(samples, clusters, stale(config), Clock.systemUTC());
        MetricsHandler handler = new MetricsHandler(
                proxies,
                new AccessReviews(new SubjectAccessReviewer(clusters), Clock.systemUTC()),
                view,
                window(config));
        ExecutorService requests = Executors.newFixedThreadPool(REQUEST_THREADS, threads("cengjiyun-metrics-api-"));
        ScheduledExecutorService rounds =
                Executors.newSingleThreadScheduledExecutor(threads("cengjiyun-metrics-api-registration-"));
        HttpsServer server = null;
        Registrations registrations = null;
        String problem = null;
        try {
            InetAddress configured = MetricsApi.configuredAddress(settings.address());
            List<InetAddress> addresses = configured != null ? List.of(configured) : LocalAddress.interfaces();
            ServingCertificate certificate = ServingCertificate.generate(RegistrationObjects.dnsNames(), addresses);
            server = TlsListener.open(configured, settings.port(), certificate, proxies, handler, requests);
            registrations = new Registrations(
                    clusters,
                    proxies,
                    instance,
                    certificate.pem(),
                    server.getAddress().getPort(),
                    configured,
                    MetricsApi::discover,
                    Registrations.ObjectApply.LIVE,
                    Clock.systemUTC());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            problem = "not listening: " + e.getMessage();
            LOG.error(
                    "Metrics API {}; check metricsApiAddress and metricsApiPort in configuration {}",
                    problem,
                    MonitoringConfig.PID,
                    e);
        }
        Serving serving =
                new Serving(settings, instance, handler, view, requests, rounds, server, registrations, problem);
        if (registrations != null) {
            LOG.info("Metrics API listening on {} (TLS), instance {}", serving.listening, instance);
            rounds.execute(serving::round);
        }
        return serving;
    }

    Listening settings() {
        return settings;
    }

    /** A new sampling interval: the window items state, and how old a round may be and still be served. */
    void sampling(MonitoringConfig config) {
        handler.window(window(config));
        view.stale(stale(config));
    }

    private static Duration window(MonitoringConfig config) {
        return Duration.ofSeconds(Math.max(1, config.intervalSeconds()));
    }

    /** Three rounds missed (and the time a node may take): the sampler stopped, or the cluster stopped answering. */
    private static Duration stale(MonitoringConfig config) {
        return window(config).multipliedBy(3).plusSeconds(Math.max(0, config.nodeTimeoutSeconds()));
    }

    private void round() {
        if (stopping) {
            return;
        }
        registrations.round();
        if (!stopping) {
            Duration next = registrations.anyError() ? ROUND_AFTER_ERROR : ROUND;
            rounds.schedule(this::round, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Removes this runtime's registrations (bounded in time), then closes the listener. */
    void stop() {
        stopping = true;
        if (registrations != null) {
            // On the registration thread: after a round that is running, with the loader fabric8 needs.
            var removal = rounds.submit(registrations::removeAll);
            try {
                removal.get(REMOVAL.toMillis(), TimeUnit.MILLISECONDS)
                        .forEach((cluster, outcome) -> LOG.info("Metrics API: cluster {}: {}", cluster, outcome));
            } catch (TimeoutException e) {
                LOG.warn(
                        "Metrics API: removing the APIService took more than {} s; clusters still registered: {}",
                        REMOVAL.toSeconds(),
                        registrations.touched());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LOG.warn(
                        "Metrics API: removing the APIService failed: {}",
                        e.getCause().toString());
            }
        }
        rounds.shutdownNow();
        if (server != null) {
            server.stop(1);
        }
        requests.shutdownNow();
        LOG.info("Metrics API stopped");
    }

    MetricsApi.Overview overview() {
        List<ClusterStatus> clusters = registrations == null
                ? List.of()
                : registrations.status().values().stream()
                        .sorted(Comparator.comparing(ClusterStatus::cluster))
                        .toList();
        Map<String, MetricsHandler.Counts> counts = new TreeMap<>();
        clusters.forEach(c -> counts.put(c.cluster(), handler.counts(c.cluster())));
        return new MetricsApi.Overview(true, listening, problem, instance, clusters, counts);
    }

    /** Named daemon threads whose context loader is this bundle's: fabric8 finds its model classes through it. */
    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        ClassLoader loader = Serving.class.getClassLoader();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        };
    }
}
