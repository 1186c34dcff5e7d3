/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import com.sun.net.httpserver.HttpsServer;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.monitoring.Samples;
import io.cengjiyun.monitoring.internal.MonitoringConfig;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the resource metrics API to the clusters that have none, while {@code metricsApi=true}: a TLS listener on
 * {@code metricsApiPort}, with a serving certificate made at activation, and the APIService registered on every
 * connected cluster, round after round (every minute; sooner while a cluster is in error). Deactivation (the bundle
 * stops, the configuration changes) removes this runtime's registrations first, then closes the listener: the API
 * server then says the metrics API is not available, at once and without waiting on a dead endpoint.
 */
// Immediate: it serves the clusters from activation on, whether or not anyone looks at its status.
@Component(
        service = MetricsApi.class,
        configurationPid = MonitoringConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
public class MetricsApi {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsApi.class);
    static final Duration ROUND = Duration.ofSeconds(60);
    static final Duration ROUND_AFTER_ERROR = Duration.ofSeconds(10);
    static final Duration REMOVAL = Duration.ofSeconds(30);
    private static final int REQUEST_THREADS = 4;

    /** What {@code cj:metricsapi} shows. */
    record Overview(
            boolean enabled,
            String listening,
            String problem,
            String instance,
            List<ClusterStatus> clusters,
            Map<String, MetricsHandler.Counts> counts) {}

    private final boolean enabled;
    private final String instance;
    private final Registrations registrations;
    private final MetricsHandler handler;
    private final HttpsServer server;
    private final ExecutorService requests;
    private final ScheduledExecutorService rounds;
    private final String listening;
    private final String problem;
    private volatile boolean stopping;

    @Activate
    public MetricsApi(
            MonitoringConfig config,
            @Reference Samples samples,
            @Reference ClusterRegistry clusters,
            BundleContext context) {
        this.enabled = config.metricsApi();
        if (!enabled) {
            this.instance = null;
            this.registrations = null;
            this.handler = null;
            this.server = null;
            this.requests = null;
            this.rounds = null;
            this.listening = null;
            this.problem = null;
            LOG.info("Metrics API off (metricsApi=false in configuration {})", MonitoringConfig.PID);
            return;
        }
        this.instance = InstanceId.of(context.getDataFile("metrics-api-instance"));
        Duration window = Duration.ofSeconds(Math.max(1, config.intervalSeconds()));
        Duration stale = window.multipliedBy(3).plusSeconds(Math.max(0, config.nodeTimeoutSeconds()));
        FrontProxies proxies = new FrontProxies();
        this.handler = new MetricsHandler(
                proxies,
                new AccessReviews(new SubjectAccessReviewer(clusters), Clock.systemUTC()),
                new LiveClusterView(samples, clusters, stale, Clock.systemUTC()),
                window);
        this.requests = Executors.newFixedThreadPool(REQUEST_THREADS, threads("cengjiyun-metrics-api-"));
        this.rounds = Executors.newSingleThreadScheduledExecutor(threads("cengjiyun-metrics-api-registration-"));

        InetAddress configured = null;
        HttpsServer opened = null;
        String why = null;
        Registrations registered = null;
        try {
            configured = configuredAddress(config.metricsApiAddress());
            List<InetAddress> addresses = configured != null ? List.of(configured) : LocalAddress.interfaces();
            ServingCertificate certificate = ServingCertificate.generate(RegistrationObjects.dnsNames(), addresses);
            opened = TlsListener.open(configured, config.metricsApiPort(), certificate, proxies, handler, requests);
            registered = new Registrations(
                    clusters,
                    proxies,
                    instance,
                    certificate.pem(),
                    opened.getAddress().getPort(),
                    configured,
                    MetricsApi::discover,
                    Registrations.ObjectApply.LIVE,
                    Clock.systemUTC());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            why = "not listening: " + e.getMessage();
            LOG.error(
                    "Metrics API {}; check metricsApiAddress and metricsApiPort in configuration {}",
                    why,
                    MonitoringConfig.PID,
                    e);
        }
        this.server = opened;
        this.registrations = registered;
        this.problem = why;
        this.listening = opened == null
                ? null
                : Registrations.endpoint(
                        opened.getAddress().getAddress(), opened.getAddress().getPort());
        if (registered != null) {
            LOG.info("Metrics API listening on {} (TLS), instance {}", listening, instance);
            rounds.execute(this::round);
        }
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

    @Deactivate
    void deactivate() {
        if (!enabled) {
            return;
        }
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
            } catch (java.util.concurrent.ExecutionException e) {
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

    Overview overview() {
        if (!enabled) {
            return new Overview(false, null, null, null, List.of(), Map.of());
        }
        List<ClusterStatus> clusters = registrations == null
                ? List.of()
                : registrations.status().values().stream()
                        .sorted(java.util.Comparator.comparing(ClusterStatus::cluster))
                        .toList();
        Map<String, MetricsHandler.Counts> counts = new java.util.TreeMap<>();
        clusters.forEach(c -> counts.put(c.cluster(), handler.counts(c.cluster())));
        return new Overview(true, listening, problem, instance, clusters, counts);
    }

    /** @return null when none is configured */
    static InetAddress configuredAddress(String configured) throws UnknownHostException {
        if (configured == null || configured.isBlank()) {
            return null;
        }
        InetAddress address = InetAddress.getByName(configured.strip());
        if (LocalAddress.usable(address).isEmpty()) {
            throw new IllegalArgumentException("metricsApiAddress " + configured + " is a loopback, wildcard or"
                    + " link-local address, which a cluster's Endpoints refuse: give this machine's address as the"
                    + " API servers reach it, or leave it empty");
        }
        return address;
    }

    /**
     * This machine's address on the route to the cluster's API server; when that is loopback (the API server runs
     * here and is dialled at 127.0.0.1), the route to the address the API server advertises (the Endpoints
     * default/kubernetes); then any address of an interface that is up.
     */
    static InetAddress discover(ClusterConnection cluster) {
        KubernetesClient client = cluster.client();
        URI server = URI.create(client.getMasterUrl().toString());
        Optional<InetAddress> direct = LocalAddress.towards(server.getHost(), server.getPort());
        if (direct.isPresent()) {
            return direct.get();
        }
        Endpoints advertised =
                client.endpoints().inNamespace("default").withName("kubernetes").get();
        List<InetAddress> candidates = new ArrayList<>();
        if (advertised != null && advertised.getSubsets() != null) {
            for (EndpointSubset subset : advertised.getSubsets()) {
                for (EndpointAddress a :
                        subset.getAddresses() == null ? List.<EndpointAddress>of() : subset.getAddresses()) {
                    LocalAddress.towards(a.getIp(), 443).ifPresent(candidates::add);
                }
            }
        }
        candidates.addAll(LocalAddress.interfaces());
        return LocalAddress.firstUsable(candidates)
                .orElseThrow(() -> new IllegalStateException("this machine has no address an API server could dial"
                        + " (only loopback): set metricsApiAddress in configuration " + MonitoringConfig.PID));
    }

    /** Named daemon threads whose context loader is this bundle's: fabric8 finds its model classes through it. */
    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        ClassLoader loader = MetricsApi.class.getClassLoader();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        };
    }

    /** For the status: how long ago, in whole seconds. */
    static String ago(Instant since) {
        return since == null ? "-" : Duration.between(since, Instant.now()).toSeconds() + "s";
    }
}
