/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import io.cengjiyun.monitoring.ClusterSample;
import io.cengjiyun.monitoring.ContainerSample;
import io.cengjiyun.monitoring.NodeSample;
import io.cengjiyun.monitoring.PodSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The NodeMetrics and PodMetrics of one sampling round. A pod is served only when every one of its containers has CPU
 * and memory: the HPA drops a pod with a container missing either, and a partial sum would read as too low. A node or
 * pod the round does not have (not answering, not measured yet) is absent, never a zero.
 */
final class MetricsAnswers {
    /** What to write: the HTTP status and the document. */
    record Answer(int code, Object body) {}

    private MetricsAnswers() {}

    /**
     * @param sample the newest round, null when there is none fresh enough
     * @param selected the pods a label selector chose, by {@code namespace/name} with their labels; null: no selector
     */
    static Answer pods(
            ClusterSample sample,
            ApiPath path,
            FieldSelector fields,
            Map<String, Map<String, String>> selected,
            Duration window) {
        List<ApiDocuments.PodMetrics> items = new ArrayList<>();
        List<PodSample> pods = sample == null ? List.of() : sample.pods();
        for (PodSample pod : pods) {
            if (path.namespace() != null && !path.namespace().equals(pod.namespace())) {
                continue;
            }
            if (path.name() != null) {
                if (path.name().equals(pod.name()) && complete(pod)) {
                    return new Answer(200, podMetrics(true, pod, null, sample.time(), window));
                }
                continue;
            }
            String key = pod.namespace() + "/" + pod.name();
            if (selected != null && !selected.containsKey(key)) {
                continue;
            }
            if (!fields.matches(pod.namespace(), pod.name()) || !complete(pod)) {
                continue;
            }
            items.add(podMetrics(false, pod, selected == null ? null : selected.get(key), sample.time(), window));
        }
        if (path.name() != null) {
            return new Answer(404, ApiDocuments.notFound("pods", path.qualifiedName()));
        }
        items.sort(
                Comparator.comparing((ApiDocuments.PodMetrics m) -> m.metadata().namespace())
                        .thenComparing(m -> m.metadata().name()));
        return new Answer(200, ApiDocuments.list("PodMetricsList", items));
    }

    /**
     * @param labels every node's labels, by name (nodes the cluster no longer has are not served)
     */
    static Answer nodes(
            ClusterSample sample,
            ApiPath path,
            LabelSelector selector,
            FieldSelector fields,
            Map<String, Map<String, String>> labels,
            Duration window) {
        List<ApiDocuments.NodeMetrics> items = new ArrayList<>();
        List<NodeSample> nodes = sample == null ? List.of() : sample.nodes();
        for (NodeSample node : nodes) {
            if (node.cpuCores() == null || node.memoryBytes() == null || !labels.containsKey(node.name())) {
                continue;
            }
            Map<String, String> nodeLabels = labels.get(node.name());
            if (path.name() != null) {
                if (path.name().equals(node.name())) {
                    return new Answer(200, nodeMetrics(true, node, nodeLabels, sample.time(), window));
                }
                continue;
            }
            if (selector.matches(nodeLabels) && fields.matches(null, node.name())) {
                items.add(nodeMetrics(false, node, nodeLabels, sample.time(), window));
            }
        }
        if (path.name() != null) {
            return new Answer(404, ApiDocuments.notFound("nodes", path.name()));
        }
        items.sort(Comparator.comparing(m -> m.metadata().name()));
        return new Answer(200, ApiDocuments.list("NodeMetricsList", items));
    }

    static boolean complete(PodSample pod) {
        return !pod.containers().isEmpty()
                && pod.containers().stream().allMatch(c -> c.cpuCores() != null && c.memoryBytes() != null);
    }

    private static ApiDocuments.PodMetrics podMetrics(
            boolean alone, PodSample pod, Map<String, String> labels, Instant round, Duration window) {
        List<ApiDocuments.ContainerMetrics> containers = new ArrayList<>();
        for (ContainerSample c : pod.containers()) {
            containers.add(
                    new ApiDocuments.ContainerMetrics(c.name(), ApiDocuments.usage(c.cpuCores(), c.memoryBytes())));
        }
        return ApiDocuments.pod(
                alone,
                pod.namespace(),
                pod.name(),
                labels,
                pod.time() != null ? pod.time() : round,
                window,
                containers);
    }

    private static ApiDocuments.NodeMetrics nodeMetrics(
            boolean alone, NodeSample node, Map<String, String> labels, Instant round, Duration window) {
        return ApiDocuments.node(
                alone,
                node.name(),
                labels,
                node.time() != null ? node.time() : round,
                window,
                ApiDocuments.usage(node.cpuCores(), node.memoryBytes()));
    }
}
