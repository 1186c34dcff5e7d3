/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.monitoring.AppMapUsage;
import io.cengjiyun.monitoring.ClusterSample;
import io.cengjiyun.monitoring.MetricsView;
import io.cengjiyun.monitoring.Scope;
import io.cengjiyun.monitoring.Series;
import io.cengjiyun.monitoring.ServerUsage;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What the REST resources and the shell answer: history queries of servers, appmaps, services and nodes (each checked
 * to exist first: 404 naming it), and use against requests, limits and quota from the newest round.
 */
@Component(service = Monitoring.class)
public final class Monitoring {
    /**
     * A step or a time before now as queries write it: whole seconds, or a number of {@code s}, {@code m}, {@code h}
     * or {@code d} ({@code 15s}, {@code 5m}, {@code 6h}, {@code 7d}).
     */
    public static final String SPAN = "(\\d{1,9})([smhd]?)";

    /** The range of a query that gives no {@code from}. */
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    private final Monitor monitor;
    private final Watches watches;
    private final HierarchyStore store;
    private final ClusterRegistry clusters;

    @Activate
    public Monitoring(
            @Reference Monitor monitor,
            @Reference Watches watches,
            @Reference HierarchyStore store,
            @Reference ClusterRegistry clusters) {
        this.monitor = monitor;
        this.watches = watches;
        this.store = store;
        this.clusters = clusters;
    }

    /** A history answer as CSV. */
    public static String csv(MetricsView view) {
        return MetricsCsv.of(view);
    }

    Monitor monitor() {
        return monitor;
    }

    Watches watches() {
        return watches;
    }

    /** The raw query parameters of a history request. */
    public record Query(String from, String to, String step, String series) {}

    public MetricsView server(String service, String appmap, String server, Query q) {
        store.findServer(service, appmap, server)
                .orElseThrow(() -> new NotFoundException(
                        "server '" + server + "' in appmap '" + appmap + "' of service '" + service + "'"));
        return query(Scope.SERVER, service + "/" + appmap + "/" + server, q, QueryParams.WORKLOAD);
    }

    public MetricsView appMap(String service, String appmap, Query q) {
        appMapOf(service, appmap);
        return query(Scope.APPMAP, service + "/" + appmap, q, QueryParams.WORKLOAD);
    }

    public MetricsView service(String service, Query q) {
        store.findService(service).orElseThrow(() -> new NotFoundException("service '" + service + "'"));
        return query(Scope.SERVICE, service, q, QueryParams.WORKLOAD);
    }

    public MetricsView node(String cluster, String node, Query q) {
        clusters.cluster(cluster); // 404 naming an unknown cluster
        return query(Scope.NODE, cluster + "/" + node, q, QueryParams.NODE);
    }

    private MetricsView query(Scope scope, String target, Query q, List<Series> otherwise) {
        Instant now = Instant.now();
        Instant to = QueryParams.time("to", q.to(), now, now);
        Instant from = QueryParams.time("from", q.from(), now, to.minus(DEFAULT_RANGE));
        return monitor.history()
                .query(scope, target, from, to, QueryParams.step(q.step()), QueryParams.series(q.series(), otherwise));
    }

    public ServerUsage serverUsage(String service, String appmap, String server) {
        store.findServer(service, appmap, server)
                .orElseThrow(() -> new NotFoundException(
                        "server '" + server + "' in appmap '" + appmap + "' of service '" + service + "'"));
        AppMap a = appMapOf(service, appmap);
        List<Pod> pods = pods(a);
        return Usages.server(
                server,
                Usages.byServer(pods, service, appmap, server).getOrDefault(server, List.of()),
                monitor.latest(a.cluster()).orElse(null));
    }

    public AppMapUsage appMapUsage(String service, String appmap) {
        AppMap a = appMapOf(service, appmap);
        ClusterSample sample = monitor.latest(a.cluster()).orElse(null);
        return Usages.appMap(
                service,
                appmap,
                a.cluster(),
                a.effectiveNamespace(),
                a.quota(),
                pods(a),
                sample,
                watches.firing(service, appmap));
    }

    /** The newest round of a cluster (404 for an unknown cluster); empty before the first. */
    public java.util.Optional<ClusterSample> cluster(String cluster) {
        clusters.cluster(cluster);
        return monitor.latest(cluster);
    }

    private AppMap appMapOf(String service, String appmap) {
        return store.findAppMap(service, appmap)
                .orElseThrow(() -> new NotFoundException("appmap '" + appmap + "' of service '" + service + "'"));
    }

    private List<Pod> pods(AppMap a) {
        try {
            ClusterConnection c = clusters.connection(a.cluster());
            return c.cached(Pod.class, a.effectiveNamespace());
        } catch (NotFoundException gone) {
            return List.of();
        }
    }
}
