/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import io.cengjiyun.api.ServerKind;
import io.cengjiyun.cluster.ClusterConnection;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Collects a server's live objects from the informer caches of its cluster: never a request. */
final class Collector {
    static final String SERVER_LABEL = "cengjiyun.io/server";

    private Collector() {}

    /** Objects of a cached kind in the namespace that carry the server's label. */
    static <T extends HasMetadata> List<T> labelled(
            ClusterConnection c, Class<T> kind, String namespace, String server) {
        return c.cached(kind, namespace).stream()
                .filter(o -> server.equals(label(o, SERVER_LABEL)))
                .sorted(Comparator.comparing(o -> o.getMetadata().getName()))
                .toList();
    }

    /** The objects of a kind the cluster may cache in one of several versions (CronJob, autoscaler); empty if none. */
    static List<HasMetadata> anyVersion(ClusterConnection c, String namespace, String server, Class<?>... kinds) {
        for (Class<?> kind : kinds) {
            try {
                @SuppressWarnings("unchecked")
                Class<HasMetadata> k = (Class<HasMetadata>) kind;
                return labelled(c, k, namespace, server);
            } catch (IllegalArgumentException notCached) { // the other version is
            }
        }
        return List.of();
    }

    static Snapshot snapshot(ClusterConnection c, String namespace, String server, ServerKind kind) {
        HasMetadata controller = controller(c, namespace, server, kind);
        List<Pod> pods = labelled(c, Pod.class, namespace, server);
        List<ReplicaSet> sets = kind == ServerKind.Deployment
                ? labelled(c, ReplicaSet.class, namespace, server).stream()
                        .sorted(Comparator.comparingLong(Collector::clusterRevision)
                                .reversed())
                        .toList()
                : List.of();
        List<ControllerRevision> revisions = kind == ServerKind.StatefulSet || kind == ServerKind.DaemonSet
                ? labelled(c, ControllerRevision.class, namespace, server).stream()
                        .sorted(Comparator.comparingLong(
                                        (ControllerRevision r) -> r.getRevision() == null ? 0 : r.getRevision())
                                .reversed())
                        .toList()
                : List.of();
        List<Service> services = labelled(c, Service.class, namespace, server);
        List<Endpoints> endpoints = labelled(c, Endpoints.class, namespace, server);
        List<PersistentVolumeClaim> claims = labelled(c, PersistentVolumeClaim.class, namespace, server);
        List<HasMetadata> autoscalers = anyVersion(
                c,
                namespace,
                server,
                io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class,
                io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscaler.class);
        Snapshot partial = new Snapshot(
                server,
                namespace,
                controller,
                sets,
                revisions,
                pods,
                services,
                endpoints,
                claims,
                autoscalers.isEmpty() ? null : autoscalers.get(0),
                List.of());
        return partial.withEvents(Snapshot.about(server, partial.all(), c.cached(Event.class, namespace)));
    }

    static HasMetadata controller(ClusterConnection c, String namespace, String server, ServerKind kind) {
        List<? extends HasMetadata> found = switch (kind) {
            case Deployment -> labelled(c, Deployment.class, namespace, server);
            case StatefulSet -> labelled(c, StatefulSet.class, namespace, server);
            case DaemonSet -> labelled(c, DaemonSet.class, namespace, server);
            case Job -> labelled(c, Job.class, namespace, server);
            case CronJob ->
                anyVersion(
                        c,
                        namespace,
                        server,
                        io.fabric8.kubernetes.api.model.batch.v1.CronJob.class,
                        io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob.class);
        };
        // A CronJob's Jobs carry the server's label too: the controller is the object named as the server.
        return found.stream()
                .filter(o -> server.equals(o.getMetadata().getName()))
                .findFirst()
                .orElse(null);
    }

    static long clusterRevision(HasMetadata o) {
        String r = annotation(o, "deployment.kubernetes.io/revision");
        try {
            return r == null ? 0 : Long.parseLong(r);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String label(HasMetadata o, String key) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    static String annotation(HasMetadata o, String key) {
        Map<String, String> annotations = o.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
