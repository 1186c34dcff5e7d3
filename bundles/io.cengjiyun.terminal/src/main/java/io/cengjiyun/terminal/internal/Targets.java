/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Container;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterRegistry;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Finds a server's pods and containers in the informer caches (no request to the cluster) and chooses the one a
 * terminal or a log call means: by default the newest ready pod and the server's first container.
 */
@Component(service = Targets.class)
public class Targets {
    static final String SERVER_LABEL = "cengjiyun.io/server";

    private final HierarchyStore store;
    private final ClusterRegistry clusters;

    @Activate
    public Targets(@Reference HierarchyStore store, @Reference ClusterRegistry clusters) {
        this.store = store;
        this.clusters = clusters;
    }

    /** The server with its pods; 404 for an unknown service, appmap or server, 503 before its cluster is reached. */
    public Target of(String service, String appmap, String name) {
        AppMap appMap = store.findAppMap(service, appmap)
                .orElseThrow(() -> new NotFoundException("appmap '" + appmap + "' of service '" + service + "'"));
        Server server = store.findServer(service, appmap, name)
                .orElseThrow(() -> new NotFoundException(
                        "server '" + name + "' in appmap '" + appmap + "' of service '" + service + "'"));
        ClusterConnection c = clusters.connection(appMap.cluster());
        List<Pod> pods;
        try {
            pods = c.cached(Pod.class, appMap.effectiveNamespace()).stream()
                    .filter(p -> name.equals(label(p, SERVER_LABEL)))
                    .sorted(Comparator.comparing(Targets::created)
                            .thenComparing(p -> p.getMetadata().getName()))
                    .toList();
        } catch (IllegalArgumentException e) {
            throw new UnavailableException(
                    "server '" + name + "' cannot be reached: cluster '" + c.name() + "' has not been reached yet ("
                            + c.info().message() + "). Try again once it answers.",
                    e);
        }
        return new Target(appMap, server, c, pods);
    }

    /** The pod named, or the newest ready pod (else the newest running one); a clear error when there is none. */
    static Pod pod(Target t, String name) {
        if (name != null && !name.isEmpty()) {
            return t.pods().stream()
                    .filter(p -> p.getMetadata().getName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new ValidationException(
                            "pod",
                            "'" + name + "' is not a pod of server '"
                                    + t.server().name() + "': "
                                    + (t.pods().isEmpty() ? "it has no pod now" : "its pods are " + names(t.pods()))));
        }
        return newest(t.pods(), Targets::ready)
                .or(() -> newest(t.pods(), Targets::running))
                .orElseThrow(() -> new ValidationException(
                        "pod",
                        "server '" + t.server().name() + "' has no running pod"
                                + (t.pods().isEmpty() ? "" : " (its pods: " + names(t.pods()) + ")")
                                + ": start it, or wait until a pod runs"));
    }

    /** The container named, or the server's first; it must be one of the pod's containers. */
    static String container(Target t, Pod pod, String name) {
        List<String> inPod = pod.getSpec().getContainers().stream()
                .map(io.fabric8.kubernetes.api.model.Container::getName)
                .toList();
        if (name == null || name.isEmpty()) {
            List<Container> defined = t.server().definition().containers();
            String first =
                    defined == null || defined.isEmpty() ? null : defined.get(0).name();
            return first != null && inPod.contains(first) ? first : inPod.get(0);
        }
        if (!inPod.contains(name)) {
            throw new ValidationException(
                    "container",
                    "'" + name + "' is not a container of pod '"
                            + pod.getMetadata().getName() + "': its containers are " + String.join(", ", inPod));
        }
        return name;
    }

    static boolean ready(Pod p) {
        return running(p)
                && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static boolean running(Pod p) {
        return p.getStatus() != null
                && "Running".equals(p.getStatus().getPhase())
                && p.getMetadata().getDeletionTimestamp() == null;
    }

    /** The status of a container of the pod, or null. */
    static ContainerStatus status(Pod p, String container) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return p.getStatus().getContainerStatuses().stream()
                .filter(s -> container.equals(s.getName()))
                .findFirst()
                .orElse(null);
    }

    private static java.util.Optional<Pod> newest(List<Pod> pods, java.util.function.Predicate<Pod> which) {
        return pods.stream().filter(which).reduce((a, b) -> b);
    }

    private static String names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.joining(", "));
    }

    private static String created(Pod p) {
        return Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), "");
    }

    static String label(Pod p, String key) {
        Map<String, String> labels = p.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }
}
