/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.inspection.Cause;
import io.cengjiyun.lifecycle.ServerCauses;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of servers from the informer caches, and their causes; also the lifecycle's source of causes for state
 * messages. It needs no lifecycle service, so the lifecycle can use it while the inspector uses the lifecycle. The one
 * request it makes is for the last log line of a crashing container, once per crash.
 */
@Component(service = {Snapshots.class, ServerCauses.class})
public class Snapshots implements ServerCauses {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    private static final int MAX_LOG_LINE = 300;
    private static final int MAX_REMEMBERED = 10_000;

    private final HierarchyStore store;
    private final ClusterRegistry clusters;
    private final Clock clock;
    /** The last log line of a crashed container (empty: none), by pod uid, container and restart count. */
    private final Map<String, String> lastLines = new ConcurrentHashMap<>();

    @Activate
    public Snapshots(@Reference HierarchyStore store, @Reference ClusterRegistry clusters) {
        this(store, clusters, Clock.systemUTC());
    }

    Snapshots(HierarchyStore store, ClusterRegistry clusters, Clock clock) {
        this.store = store;
        this.clusters = clusters;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    HierarchyStore store() {
        return store;
    }

    ClusterRegistry clusters() {
        return clusters;
    }

    public AppMap appMap(String service, String appmap) {
        return store.findAppMap(service, appmap)
                .orElseThrow(() -> new NotFoundException("appmap '" + appmap + "' of service '" + service + "'"));
    }

    Server server(String service, String appmap, String name) {
        return store.findServer(service, appmap, name)
                .orElseThrow(() -> new NotFoundException(
                        "server '" + name + "' in appmap '" + appmap + "' of service '" + service + "'"));
    }

    ClusterConnection connection(AppMap appMap) {
        return clusters.connection(appMap.cluster());
    }

    /** The snapshot of a server; 503 while its cluster has not been reached since the runtime started. */
    Snapshot snapshot(AppMap appMap, Server server) {
        ClusterConnection c = connection(appMap);
        try {
            return Collector.snapshot(
                    c,
                    appMap.effectiveNamespace(),
                    server.name(),
                    server.definition().kind());
        } catch (IllegalArgumentException e) {
            throw unreached("server '" + server.name() + "'", c, e);
        }
    }

    /** The server's controller alone, as the cache has it (null: not on the cluster); 503 as {@link #snapshot}. */
    HasMetadata controller(AppMap appMap, Server server) {
        ClusterConnection c = connection(appMap);
        try {
            return Collector.controller(
                    c,
                    appMap.effectiveNamespace(),
                    server.name(),
                    server.definition().kind());
        } catch (IllegalArgumentException e) {
            throw unreached("server '" + server.name() + "'", c, e);
        }
    }

    /** What a read of a cluster's caches that found no informer answers: 503, the cluster not reached yet. */
    static UnavailableException unreached(String what, ClusterConnection c, IllegalArgumentException e) {
        return new UnavailableException(
                what + " cannot be inspected: cluster '" + c.name() + "' has not been reached yet ("
                        + c.info().message() + "). Ask again once it answers.",
                e);
    }

    /** Every cause that keeps the server from running, the first blocking one first. */
    List<Cause> causes(AppMap appMap, Server server) {
        return Causes.of(
                snapshot(appMap, server), clock.instant(), (pod, container) -> lastLine(appMap, pod, container));
    }

    @Override
    public String firstCause(AppMap appMap, Server server, ServerStatus status) {
        List<Cause> causes = causes(appMap, server);
        return causes.isEmpty() ? null : causes.get(0).message();
    }

    /** The last line the previous container wrote: one request per crash, remembered. */
    private String lastLine(AppMap appMap, Pod pod, String container) {
        int restarts = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? 0
                : pod.getStatus().getContainerStatuses().stream()
                        .filter(cs -> container.equals(cs.getName()))
                        .mapToInt(cs -> Views.n(cs.getRestartCount()))
                        .findFirst()
                        .orElse(0);
        String key = pod.getMetadata().getUid() + "/" + container + "/" + restarts;
        if (lastLines.size() > MAX_REMEMBERED) {
            lastLines.clear();
        }
        String line = lastLines.computeIfAbsent(key, k -> {
            try {
                String log = connection(appMap)
                        .client()
                        .pods()
                        .inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName())
                        .inContainer(container)
                        .terminated()
                        .tailingLines(1)
                        .getLog();
                String last = log == null ? "" : log.strip();
                return last.length() > MAX_LOG_LINE ? last.substring(0, MAX_LOG_LINE) + "..." : last;
            } catch (RuntimeException e) {
                LOG.debug("No last log line of {}/{}: {}", pod.getMetadata().getName(), container, e.toString());
                return "";
            }
        });
        return line.isEmpty() ? null : line;
    }
}
