/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import io.cengjiyun.inspection.ServerObjectsView;
import io.cengjiyun.inspection.ServerObjectsView.Autoscaler;
import io.cengjiyun.inspection.ServerObjectsView.ClaimView;
import io.cengjiyun.inspection.ServerObjectsView.Condition;
import io.cengjiyun.inspection.ServerObjectsView.ContainerView;
import io.cengjiyun.inspection.ServerObjectsView.Controller;
import io.cengjiyun.inspection.ServerObjectsView.EndpointView;
import io.cengjiyun.inspection.ServerObjectsView.PodView;
import io.cengjiyun.inspection.ServerObjectsView.Revision;
import io.cengjiyun.inspection.ServerObjectsView.ServiceView;
import io.cengjiyun.inspection.ServerObjectsView.Termination;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Pure functions from a {@link Snapshot} to the views a user reads. */
final class Views {
    static final String REVISION_ANNOTATION = "cengjiyun.io/revision";

    private Views() {}

    /**
     * @param toMap turns an object of a kind known in several versions (autoscaler, CronJob) into its JSON tree
     */
    static ServerObjectsView objects(Snapshot s, Function<HasMetadata, Map<String, Object>> toMap) {
        Map<String, Long> revisionOfSet = new LinkedHashMap<>();
        s.replicaSets().forEach(rs -> revisionOfSet.put(rs.getMetadata().getUid(), platformRevision(rs)));
        List<Revision> revisions = new ArrayList<>();
        for (ReplicaSet rs : s.replicaSets()) {
            revisions.add(new Revision(
                    "ReplicaSet",
                    rs.getMetadata().getName(),
                    platformRevision(rs),
                    Collector.clusterRevision(rs),
                    rs.getStatus() == null ? 0 : n(rs.getStatus().getReplicas()),
                    rs.getStatus() == null ? 0 : n(rs.getStatus().getReadyReplicas()),
                    images(rs.getSpec() == null ? null : rs.getSpec().getTemplate()),
                    rs.getMetadata().getCreationTimestamp()));
        }
        for (ControllerRevision cr : s.revisions()) {
            revisions.add(new Revision(
                    "ControllerRevision",
                    cr.getMetadata().getName(),
                    platformRevision(cr),
                    cr.getRevision(),
                    null,
                    null,
                    null,
                    cr.getMetadata().getCreationTimestamp()));
        }
        List<PodView> pods = s.pods().stream().map(p -> pod(p, revisionOfSet)).toList();
        List<ServiceView> services = new ArrayList<>();
        for (Service svc : s.services()) {
            Endpoints ep = s.endpoints().stream()
                    .filter(e ->
                            e.getMetadata().getName().equals(svc.getMetadata().getName()))
                    .findFirst()
                    .orElse(null);
            services.add(service(svc, ep));
        }
        List<ClaimView> claims = s.claims().stream().map(Views::claim).toList();
        return new ServerObjectsView(
                s.server(),
                s.namespace(),
                controller(s.controller(), toMap),
                revisions,
                pods,
                services,
                claims,
                s.autoscaler() == null
                        ? null
                        : autoscaler(s.autoscaler().getMetadata().getName(), toMap.apply(s.autoscaler())));
    }

    /**
     * Where each kind keeps its counts: desired (in spec, or status for a DaemonSet), current, updated, ready,
     * available (in status); null where the kind has none.
     */
    private static final Map<String, List<String>> COUNTS = Map.of(
            "Deployment",
            Arrays.asList("spec.replicas", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas"),
            "StatefulSet",
            Arrays.asList("spec.replicas", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas"),
            "DaemonSet",
            Arrays.asList(
                    "status.desiredNumberScheduled",
                    "currentNumberScheduled",
                    "updatedNumberScheduled",
                    "numberReady",
                    "numberAvailable"),
            "Job",
            Arrays.asList("spec.completions", "active", "succeeded", null, null));

    /** The controller from its JSON tree: one reading for every kind (and every version of CronJob). */
    @SuppressWarnings("unchecked")
    static Controller controller(HasMetadata c, Function<HasMetadata, Map<String, Object>> toMap) {
        if (c == null) {
            return null;
        }
        Map<String, Object> tree = toMap.apply(c);
        Map<String, Object> spec = (Map<String, Object>) tree.getOrDefault("spec", Map.of());
        Map<String, Object> status = (Map<String, Object>) tree.getOrDefault("status", Map.of());
        List<String> counts = COUNTS.getOrDefault(c.getKind(), Arrays.asList(null, null, null, null, null));
        Integer[] values = new Integer[counts.size()];
        for (int i = 0; i < counts.size(); i++) {
            String field = counts.get(i);
            if (field == null) {
                continue;
            }
            values[i] = field.startsWith("spec.")
                    ? integer(spec.get(field.substring(5)))
                    : integer(status.get(field.startsWith("status.") ? field.substring(7) : field));
        }
        Object observed = status.get("observedGeneration");
        return new Controller(
                c.getKind(),
                name(c),
                platformRevision(c),
                c.getMetadata().getGeneration(),
                observed instanceof Number n ? n.longValue() : null,
                values[0],
                values[1],
                values[2],
                values[3],
                values[4],
                conditions(status),
                c.getMetadata().getCreationTimestamp());
    }

    @SuppressWarnings("unchecked")
    private static List<Condition> conditions(Map<String, Object> status) {
        List<Condition> conditions = new ArrayList<>();
        for (Object o : (List<Object>) status.getOrDefault("conditions", List.of())) {
            Map<String, Object> c = (Map<String, Object>) o;
            conditions.add(new Condition(
                    str(c.get("type")),
                    str(c.get("status")),
                    str(c.get("reason")),
                    str(c.get("message")),
                    str(c.get("lastTransitionTime"))));
        }
        return conditions;
    }

    static PodView pod(Pod p, Map<String, Long> revisionOfSet) {
        List<ContainerView> containers = new ArrayList<>();
        int restarts = 0;
        int ready = 0;
        int total = p.getSpec() == null ? 0 : p.getSpec().getContainers().size();
        Map<String, String> images = new LinkedHashMap<>();
        if (p.getSpec() != null) {
            p.getSpec().getContainers().forEach(c -> images.put(c.getName(), c.getImage()));
        }
        List<ContainerStatus> statuses = p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                ? List.of()
                : p.getStatus().getContainerStatuses();
        for (String name : images.keySet()) {
            ContainerStatus cs = statuses.stream()
                    .filter(x -> name.equals(x.getName()))
                    .findFirst()
                    .orElse(null);
            if (cs == null) {
                containers.add(new ContainerView(
                        name, images.get(name), null, false, 0, "waiting", "NotCreated", null, null, null, null));
                continue;
            }
            restarts += n(cs.getRestartCount());
            if (Boolean.TRUE.equals(cs.getReady())) {
                ready++;
            }
            containers.add(container(cs, images.get(name)));
        }
        Long revision = null;
        if (p.getMetadata().getOwnerReferences() != null) {
            for (OwnerReference o : p.getMetadata().getOwnerReferences()) {
                if (revisionOfSet.containsKey(o.getUid())) {
                    revision = revisionOfSet.get(o.getUid());
                }
            }
        }
        return new PodView(
                name(p),
                p.getStatus() == null ? null : p.getStatus().getPhase(),
                ready + "/" + total,
                restarts,
                p.getSpec() == null ? null : p.getSpec().getNodeName(),
                p.getStatus() == null ? null : p.getStatus().getPodIP(),
                revision,
                p.getMetadata().getCreationTimestamp(),
                p.getMetadata().getDeletionTimestamp(),
                containers);
    }

    static ContainerView container(ContainerStatus cs, String image) {
        String state = "waiting";
        String reason = null;
        String message = null;
        Integer exitCode = null;
        String startedAt = null;
        var st = cs.getState();
        if (st != null && st.getRunning() != null) {
            state = "running";
            startedAt = st.getRunning().getStartedAt();
        } else if (st != null && st.getTerminated() != null) {
            state = "terminated";
            reason = st.getTerminated().getReason();
            message = st.getTerminated().getMessage();
            exitCode = st.getTerminated().getExitCode();
            startedAt = st.getTerminated().getStartedAt();
        } else if (st != null && st.getWaiting() != null) {
            reason = st.getWaiting().getReason();
            message = st.getWaiting().getMessage();
        }
        Termination last = null;
        if (cs.getLastState() != null && cs.getLastState().getTerminated() != null) {
            var t = cs.getLastState().getTerminated();
            last = new Termination(t.getReason(), t.getExitCode(), t.getFinishedAt(), t.getMessage());
        }
        return new ContainerView(
                cs.getName(),
                image,
                cs.getImageID() == null || cs.getImageID().isEmpty() ? null : cs.getImageID(),
                Boolean.TRUE.equals(cs.getReady()),
                n(cs.getRestartCount()),
                state,
                reason,
                message,
                exitCode,
                startedAt,
                last);
    }

    static ServiceView service(Service svc, Endpoints ep) {
        List<String> ports = svc.getSpec() == null || svc.getSpec().getPorts() == null
                ? List.of()
                : svc.getSpec().getPorts().stream()
                        .map(p -> (p.getName() == null ? "" : p.getName() + " ") + p.getPort() + "/" + p.getProtocol()
                                + (p.getTargetPort() == null ? "" : " -> " + targetPort(p.getTargetPort()))
                                + (p.getNodePort() == null ? "" : " (node port " + p.getNodePort() + ")"))
                        .toList();
        List<EndpointView> endpoints = new ArrayList<>();
        if (ep != null && ep.getSubsets() != null) {
            for (var subset : ep.getSubsets()) {
                List<String> epPorts = subset.getPorts() == null
                        ? List.of()
                        : subset.getPorts().stream()
                                .map(p -> (p.getName() == null ? "" : p.getName() + " ") + p.getPort())
                                .toList();
                if (subset.getAddresses() != null) {
                    subset.getAddresses()
                            .forEach(a ->
                                    endpoints.add(new EndpointView(a.getIp(), podOf(a.getTargetRef()), true, epPorts)));
                }
                if (subset.getNotReadyAddresses() != null) {
                    subset.getNotReadyAddresses()
                            .forEach(a -> endpoints.add(
                                    new EndpointView(a.getIp(), podOf(a.getTargetRef()), false, epPorts)));
                }
            }
        }
        return new ServiceView(
                name(svc),
                svc.getSpec() == null ? null : svc.getSpec().getType(),
                svc.getSpec() == null ? null : svc.getSpec().getClusterIP(),
                ports,
                endpoints);
    }

    private static String targetPort(io.fabric8.kubernetes.api.model.IntOrString t) {
        return t.getStrVal() != null ? t.getStrVal() : String.valueOf(t.getIntVal());
    }

    private static String podOf(io.fabric8.kubernetes.api.model.ObjectReference ref) {
        return ref == null || !"Pod".equals(ref.getKind()) ? null : ref.getName();
    }

    static ClaimView claim(PersistentVolumeClaim c) {
        var capacity = c.getStatus() == null || c.getStatus().getCapacity() == null
                ? null
                : c.getStatus().getCapacity().get("storage");
        return new ClaimView(
                name(c),
                c.getStatus() == null ? null : c.getStatus().getPhase(),
                c.getSpec() == null ? null : c.getSpec().getVolumeName(),
                capacity == null ? null : capacity.toString(),
                c.getSpec() == null ? null : c.getSpec().getStorageClassName(),
                c.getMetadata().getCreationTimestamp());
    }

    /** The autoscaler from its JSON tree: the same reading for autoscaling/v2 and v2beta2. */
    @SuppressWarnings("unchecked")
    static Autoscaler autoscaler(String name, Map<String, Object> hpa) {
        Map<String, Object> spec = (Map<String, Object>) hpa.getOrDefault("spec", Map.of());
        Map<String, Object> status = (Map<String, Object>) hpa.getOrDefault("status", Map.of());
        Map<String, String> metrics = new LinkedHashMap<>();
        for (Object m : (List<Object>) status.getOrDefault("currentMetrics", List.of())) {
            Map<String, Object> metric = (Map<String, Object>) m;
            Object resource = metric.get("resource");
            if (resource instanceof Map<?, ?> r) {
                Map<String, Object> current = (Map<String, Object>) r.get("current");
                Object value = current == null
                        ? null
                        : current.get("averageUtilization") != null
                                ? current.get("averageUtilization") + "%"
                                : current.get("averageValue");
                metrics.put(String.valueOf(r.get("name")), value == null ? "unknown" : String.valueOf(value));
            } else {
                metrics.put(String.valueOf(metric.get("type")), "see the raw object");
            }
        }
        List<Condition> conditions = conditions(status);
        return new Autoscaler(
                name,
                integer(spec.get("minReplicas")),
                integer(spec.get("maxReplicas")),
                integer(status.get("currentReplicas")),
                integer(status.get("desiredReplicas")),
                metrics,
                conditions,
                str(status.get("lastScaleTime")));
    }

    static Long platformRevision(HasMetadata o) {
        String value = Collector.annotation(o, REVISION_ANNOTATION);
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<String> images(PodTemplateSpec template) {
        return template == null || template.getSpec() == null
                ? List.of()
                : template.getSpec().getContainers().stream()
                        .map(c -> c.getImage())
                        .toList();
    }

    private static String name(HasMetadata o) {
        return o.getMetadata().getName();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static Integer integer(Object o) {
        return o instanceof Number n ? n.intValue() : null;
    }

    static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
