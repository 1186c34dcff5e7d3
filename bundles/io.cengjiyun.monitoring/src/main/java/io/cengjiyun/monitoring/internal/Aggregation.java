/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.cengjiyun.monitoring.ClusterSample;
import io.cengjiyun.monitoring.NodeSample;
import io.cengjiyun.monitoring.PodSample;
import io.cengjiyun.monitoring.Scope;
import io.cengjiyun.monitoring.Series;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One round's samples summed per server, appmap and service (the platform's pods, known by their labels), plus a point
 * per node. An appmap or service of a cluster whose nodes all answered gets a point even without pods (a true zero); a
 * server gets one only when pods of it were sampled, and nothing of a node that did not answer is counted (a gap).
 */
final class Aggregation {
    static final String SERVICE_LABEL = "cengjiyun.io/service";
    static final String APPMAP_LABEL = "cengjiyun.io/appmap";
    static final String SERVER_LABEL = "cengjiyun.io/server";

    /** One cluster's round with what its informers know of the platform's pods and namespaces. */
    record ClusterRound(ClusterSample sample, List<Pod> pods, List<Namespace> namespaces) {}

    private Aggregation() {}

    static List<Point> points(List<ClusterRound> rounds, long at) {
        Map<String, Point> servers = new TreeMap<>();
        Map<String, Point> appmaps = new TreeMap<>();
        Map<String, Point> services = new TreeMap<>();
        List<Point> nodes = new ArrayList<>();
        for (ClusterRound round : rounds) {
            for (NodeSample n : round.sample().nodes()) {
                Point p = Point.raw(Scope.NODE, round.sample().cluster() + "/" + n.name(), at);
                p.set(Series.CPU, n.cpuCores());
                p.set(
                        Series.MEMORY,
                        n.memoryBytes() == null ? null : n.memoryBytes().doubleValue());
                p.set(Series.RX, n.rxBytesPerSecond());
                p.set(Series.TX, n.txBytesPerSecond());
                p.set(
                        Series.EPHEMERAL,
                        n.fsUsedBytes() == null ? null : n.fsUsedBytes().doubleValue());
                p.set(Series.CPU_CAPACITY, n.cpuCapacity());
                p.set(
                        Series.MEMORY_CAPACITY,
                        n.memoryCapacity() == null ? null : n.memoryCapacity().doubleValue());
                p.set(Series.PODS, (double) round.sample().pods().stream()
                        .filter(s -> n.name().equals(s.node()))
                        .count());
                nodes.add(p);
            }
            // An appmap without pods is a true zero only if every node answered; otherwise its pods may be missing.
            boolean whole = !round.sample().nodes().isEmpty()
                    && round.sample().missingNodes().isEmpty();
            for (Namespace ns : whole ? round.namespaces() : List.<Namespace>of()) {
                Map<String, String> labels = ns.getMetadata().getLabels();
                String service = labels == null ? null : labels.get(SERVICE_LABEL);
                String appmap = labels == null ? null : labels.get(APPMAP_LABEL);
                if (service != null && appmap != null) {
                    zero(appmaps.computeIfAbsent(service + "/" + appmap, k -> Point.raw(Scope.APPMAP, k, at)));
                    zero(services.computeIfAbsent(service, k -> Point.raw(Scope.SERVICE, k, at)));
                }
            }
            Map<String, Pod> known = new HashMap<>();
            for (Pod pod : round.pods()) {
                known.put(
                        pod.getMetadata().getNamespace() + "/"
                                + pod.getMetadata().getName(),
                        pod);
            }
            for (PodSample s : round.sample().pods()) {
                Pod pod = known.get(s.namespace() + "/" + s.name());
                Map<String, String> labels =
                        pod == null ? null : pod.getMetadata().getLabels();
                if (labels == null
                        || labels.get(SERVICE_LABEL) == null
                        || labels.get(APPMAP_LABEL) == null
                        || labels.get(SERVER_LABEL) == null) {
                    continue; // not one of the platform's servers
                }
                String service = labels.get(SERVICE_LABEL);
                String appmap = service + "/" + labels.get(APPMAP_LABEL);
                String server = appmap + "/" + labels.get(SERVER_LABEL);
                double restarts = restarts(pod);
                for (Point p : List.of(
                        servers.computeIfAbsent(server, k -> Point.raw(Scope.SERVER, k, at)),
                        appmaps.computeIfAbsent(appmap, k -> zero(Point.raw(Scope.APPMAP, k, at))),
                        services.computeIfAbsent(service, k -> zero(Point.raw(Scope.SERVICE, k, at))))) {
                    add(p, s, restarts);
                }
            }
        }
        List<Point> all = new ArrayList<>(servers.values());
        all.addAll(appmaps.values());
        all.addAll(services.values());
        all.addAll(nodes);
        return all;
    }

    private static Point zero(Point p) {
        for (Series s : List.of(Series.CPU, Series.MEMORY, Series.RESTARTS, Series.PODS)) {
            if (p.avg(s) == null) {
                p.set(s, 0.0);
            }
        }
        return p;
    }

    private static void add(Point p, PodSample s, double restarts) {
        p.add(Series.CPU, s.cpuCores());
        p.add(Series.MEMORY, s.memoryBytes() == null ? null : s.memoryBytes().doubleValue());
        p.add(Series.RESTARTS, restarts);
        p.add(Series.RX, s.rxBytesPerSecond());
        p.add(Series.TX, s.txBytesPerSecond());
        p.add(
                Series.EPHEMERAL,
                s.ephemeralBytes() == null ? null : s.ephemeralBytes().doubleValue());
        p.add(Series.PODS, 1.0);
    }

    static int restarts(Pod pod) {
        int n = 0;
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
                n += c.getRestartCount() == null ? 0 : c.getRestartCount();
            }
        }
        return n;
    }
}
