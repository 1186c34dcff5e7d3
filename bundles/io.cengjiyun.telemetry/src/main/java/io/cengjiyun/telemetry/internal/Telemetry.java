/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.telemetry.internal;

import io.cengjiyun.api.Leader;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterInfo;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.database.Database;
import io.cengjiyun.database.PoolUse;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The runtime's own metrics, in one registry of this bundle (never the client's global one, so that a restart of the
 * bundle starts clean): the JVM's, requests by route and status with their latencies ({@link RequestMetrics}), domain
 * events published ({@link EventCounter}), the database pool's use, and per registered cluster whether it answers, since when, and how many of
 * its informers have their watch open. The clusters are read when scraped, from what the cluster bundle already
 * knows: no request to a cluster. Whether this runtime leads (holds the Lease when it runs as replicas). Other bundles
 * add their own metrics by registering a Prometheus {@link Collector} as a service (the monitoring sampler's rounds,
 * say): they are scraped with these while they are registered.
 */
@Component(service = Telemetry.class)
public class Telemetry {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final Histogram requests;
    private final Counter events;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ClusterRegistry clusters;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Database db;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Leader leader;

    @Activate
    public Telemetry() {
        JvmMetrics.builder().register(registry);
        requests = Histogram.builder()
                .name("cengjiyun_http_server_requests_seconds")
                .help("Requests to the REST API by route (the resource's path template), method and status, with"
                        + " their latency")
                .labelNames("route", "method", "status")
                .classicOnly()
                .withoutExemplars() // exemplars need the client's tracer bundles (OpenTelemetry): not deployed
                .register(registry);
        events = Counter.builder()
                .name("cengjiyun_domain_events_published_total")
                .help("Domain events published on the Event Admin, by topic")
                .labelNames("topic")
                .withoutExemplars()
                .register(registry);
        GaugeWithCallback.builder()
                .name("cengjiyun_db_pool_connections")
                .help("The database pool's connections: active (lent), idle, total, waiting (callers waiting for one),"
                        + " max (its size)")
                .labelNames("state")
                .callback(cb -> {
                    Database d = db;
                    if (d != null) {
                        PoolUse use = d.poolUse();
                        cb.call(use.active(), "active");
                        cb.call(use.idle(), "idle");
                        cb.call(use.total(), "total");
                        cb.call(use.waiting(), "waiting");
                        cb.call(use.max(), "max");
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("cengjiyun_leader")
                .help("1 while this runtime leads (holds the Lease, or runs alone) and runs the work that must run"
                        + " once: the start-up reconcile, the monitoring sampler, the pull-secret sync; else 0")
                .callback(cb -> cb.call(leader != null ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder()
                .name("cengjiyun_cluster_reachable")
                .help("1 when the cluster's API server answers (heartbeat and checks), else 0")
                .labelNames("cluster")
                .callback(cb -> forEachCluster((info, c) -> cb.call(info.reachable() ? 1 : 0, info.name())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("cengjiyun_cluster_last_answer_age_seconds")
                .help("Seconds since the cluster's API server last answered: how old what the platform knows of it"
                        + " may be")
                .labelNames("cluster")
                .callback(cb -> forEachCluster((info, c) -> {
                    if (info.answeredAt() != null) {
                        cb.call(
                                Duration.between(info.answeredAt(), Instant.now())
                                                .toMillis()
                                        / 1000.0,
                                info.name());
                    }
                }))
                .register(registry);
        GaugeWithCallback.builder()
                .name("cengjiyun_cluster_caches_synced")
                .help("1 when every informer cache of the cluster has listed, else 0")
                .labelNames("cluster")
                .callback(cb -> forEachCluster((info, c) -> cb.call(c != null && c.synced() ? 1 : 0, info.name())))
                .register(registry);
    }

    /** A bundle's own metrics, scraped while it is registered. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCollector(Collector collector) {
        registry.register(collector);
    }

    void removeCollector(Collector collector) {
        registry.unregister(collector);
    }

    private interface ClusterVisitor {
        void visit(ClusterInfo info, ClusterConnection connection);
    }

    private void forEachCluster(ClusterVisitor visitor) {
        ClusterRegistry registered = clusters;
        if (registered == null) {
            return;
        }
        List<ClusterInfo> all = registered.clusters();
        for (ClusterInfo info : all) {
            ClusterConnection c;
            try {
                c = registered.connection(info.name());
            } catch (RuntimeException e) {
                c = null; // removed meanwhile
            }
            visitor.visit(info, c);
        }
    }

    void request(String route, String method, int status, long nanos) {
        requests.labelValues(route, method, Integer.toString(status)).observe(nanos / 1e9);
    }

    void event(String topic) {
        events.labelValues(topic).inc();
    }

    String contentType() {
        return text.getContentType();
    }

    void write(OutputStream out) throws IOException {
        text.write(out, registry.scrape());
    }

    PrometheusRegistry registry() {
        return registry;
    }
}
