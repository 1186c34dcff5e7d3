/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cengjiyun.monitoring.ClusterSample;
import io.cengjiyun.monitoring.ContainerSample;
import io.cengjiyun.monitoring.NodeSample;
import io.cengjiyun.monitoring.PodSample;
import io.cengjiyun.monitoring.Scope;
import io.cengjiyun.monitoring.Series;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AggregationTest {
    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");

    private static Pod pod(String name, String server, int restarts) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("shop-dev")
                .withLabels(Map.of(
                        Aggregation.SERVICE_LABEL,
                        "shop",
                        Aggregation.APPMAP_LABEL,
                        "dev",
                        Aggregation.SERVER_LABEL,
                        server))
                .endMetadata()
                .withNewStatus()
                .addNewContainerStatus()
                .withName("app")
                .withRestartCount(restarts)
                .endContainerStatus()
                .endStatus()
                .build();
    }

    private static PodSample sample(String namespace, String name, double cpu, long memory) {
        return new PodSample(
                namespace, name, name, "n1", AT, List.of(new ContainerSample("app", AT, cpu, memory)), 10.0, 20.0, 5L);
    }

    @Test
    void sumsThePlatformsPodsPerServerAppmapAndServiceAndKeepsNodes() {
        Namespace ns = new NamespaceBuilder()
                .withNewMetadata()
                .withName("shop-dev")
                .withLabels(Map.of(Aggregation.SERVICE_LABEL, "shop", Aggregation.APPMAP_LABEL, "dev"))
                .endMetadata()
                .build();
        Namespace quiet = new NamespaceBuilder()
                .withNewMetadata()
                .withName("shop-qa")
                .withLabels(Map.of(Aggregation.SERVICE_LABEL, "shop", Aggregation.APPMAP_LABEL, "qa"))
                .endMetadata()
                .build();
        ClusterSample sample = new ClusterSample(
                "local",
                AT,
                List.of(new NodeSample("n1", AT, 1.5, 4L << 30, 1.0, 2.0, 100L, 2.0, 8L << 30)),
                List.of(
                        sample("shop-dev", "web-1", 0.25, 100),
                        sample("shop-dev", "web-2", 0.5, 200),
                        sample("shop-dev", "db-0", 1.0, 1000),
                        sample("kube-system", "dns", 0.125, 50)),
                List.of());
        List<Point> points = Aggregation.points(
                List.of(new Aggregation.ClusterRound(
                        sample,
                        List.of(pod("web-1", "web", 1), pod("web-2", "web", 2), pod("db-0", "db", 0)),
                        List.of(ns, quiet))),
                AT.toEpochMilli());
        Map<String, Point> byTarget =
                points.stream().collect(Collectors.toMap(p -> p.scope().id() + " " + p.target(), Function.identity()));
        Point web = byTarget.get("server shop/dev/web");
        assertEquals(0.75, web.avg(Series.CPU), 1e-12);
        assertEquals(300.0, web.avg(Series.MEMORY));
        assertEquals(3.0, web.avg(Series.RESTARTS));
        assertEquals(2.0, web.avg(Series.PODS));
        assertEquals(20.0, web.avg(Series.RX));
        assertEquals(1.75, byTarget.get("appmap shop/dev").avg(Series.CPU), 1e-12);
        assertEquals(1.75, byTarget.get("service shop").avg(Series.CPU), 1e-12, "kube-system's pod is not the team's");
        assertEquals(0.0, byTarget.get("appmap shop/qa").avg(Series.CPU), "an appmap without pods is a true zero");
        assertNull(byTarget.get("appmap shop/qa").avg(Series.RX));
        Point node = byTarget.get("node local/n1");
        assertEquals(1.5, node.avg(Series.CPU));
        assertEquals(2.0, node.avg(Series.CPU_CAPACITY));
        assertEquals(4.0, node.avg(Series.PODS));
        assertEquals(Scope.NODE, node.scope());
    }

    @Test
    void aClusterThatDidNotAnswerGivesNoPoints() {
        ClusterSample silent =
                new ClusterSample("local", AT, List.of(), List.of(), List.of("n1: no summary within 10 s"));
        List<Point> points = Aggregation.points(
                List.of(new Aggregation.ClusterRound(
                        silent,
                        List.of(pod("web-1", "web", 0)),
                        List.of(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName("shop-dev")
                                .withLabels(Map.of(Aggregation.SERVICE_LABEL, "shop", Aggregation.APPMAP_LABEL, "dev"))
                                .endMetadata()
                                .build()))),
                AT.toEpochMilli());
        assertEquals(List.of(), points, "a gap, not a zero");
    }
}
