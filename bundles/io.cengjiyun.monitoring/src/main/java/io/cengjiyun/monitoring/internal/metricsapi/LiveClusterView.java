/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.monitoring.ClusterSample;
import io.cengjiyun.monitoring.Samples;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The samples and the clusters as the handler sees them. A round older than {@code stale} is not served: the sampler
 * has stopped or the cluster stopped answering it, and an autoscaler must not act on old figures. Nodes come from the
 * platform's cache; pods chosen by a selector from one list call, since the cache holds only the platform's own.
 */
final class LiveClusterView implements MetricsHandler.ClusterView {
    private final Supplier<Samples> samples;
    private final ClusterRegistry clusters;
    private volatile Duration stale;
    private final Clock clock;

    /** @param samples the sampler, null while there is none (it restarts on every change of its configuration) */
    LiveClusterView(Supplier<Samples> samples, ClusterRegistry clusters, Duration stale, Clock clock) {
        this.samples = samples;
        this.clusters = clusters;
        this.stale = stale;
        this.clock = clock;
    }

    void stale(Duration stale) {
        this.stale = stale;
    }

    @Override
    public Optional<ClusterSample> latest(String cluster) {
        Samples now = samples.get();
        Duration old = stale;
        return now == null
                ? Optional.empty()
                : now.latest(cluster).filter(s -> s.time().plus(old).isAfter(clock.instant()));
    }

    @Override
    public Map<String, Map<String, String>> selectPods(String cluster, String namespace, String labelSelector) {
        KubernetesClient client = clusters.connection(cluster).client();
        List<Pod> pods = namespace == null
                ? client.pods()
                        .inAnyNamespace()
                        .withLabelSelector(labelSelector)
                        .list()
                        .getItems()
                : client.pods()
                        .inNamespace(namespace)
                        .withLabelSelector(labelSelector)
                        .list()
                        .getItems();
        Map<String, Map<String, String>> selected = new HashMap<>();
        for (Pod p : pods) {
            Map<String, String> labels = p.getMetadata().getLabels();
            selected.put(
                    p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(),
                    labels == null ? Map.of() : labels);
        }
        return selected;
    }

    @Override
    public Map<String, Map<String, String>> nodeLabels(String cluster) {
        Map<String, Map<String, String>> labels = new HashMap<>();
        for (Node n : clusters.connection(cluster).cached(Node.class, null)) {
            Map<String, String> l = n.getMetadata().getLabels();
            labels.put(n.getMetadata().getName(), l == null ? Map.of() : l);
        }
        return labels;
    }
}
