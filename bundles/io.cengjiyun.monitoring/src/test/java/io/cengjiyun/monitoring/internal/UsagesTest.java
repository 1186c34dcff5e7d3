/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cengjiyun.api.Quota;
import io.cengjiyun.monitoring.AppMapUsage;
import io.cengjiyun.monitoring.ClusterSample;
import io.cengjiyun.monitoring.ContainerSample;
import io.cengjiyun.monitoring.PodSample;
import io.cengjiyun.monitoring.ServerUsage;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Use against requests, limits and quota, where some containers state nothing and some pods were not measured. */
class UsagesTest {
    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");

    private static Pod pod(String name, String server, boolean limited) {
        PodBuilder b = new PodBuilder()
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
                .endMetadata();
        var spec = b.withNewSpec().withNodeName("n1").addNewContainer().withName("app");
        if (limited) {
            spec = spec.withNewResources()
                    .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("64Mi")))
                    .withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("128Mi")))
                    .endResources();
        }
        return spec.endContainer()
                .addNewContainer()
                .withName("side")
                .endContainer()
                .endSpec()
                .build();
    }

    @Test
    void sumsWhatIsStatedAndMeasuredAndLeavesTheRestNull() {
        ClusterSample sample = new ClusterSample(
                "local",
                AT,
                List.of(),
                List.of(new PodSample(
                        "shop-dev",
                        "web-1",
                        "u",
                        "n1",
                        AT,
                        List.of(new ContainerSample("app", AT, 0.25, 64L << 20)),
                        null,
                        null,
                        null)),
                List.of());
        List<Pod> pods = List.of(pod("web-1", "web", true), pod("bare-1", "bare", false));
        AppMapUsage u = Usages.appMap(
                "shop", "dev", "local", "shop-dev", new Quota("2", "1Gi", 10, null), pods, sample, List.of());
        assertEquals(
                List.of("web", "bare"),
                u.servers().stream().map(ServerUsage::name).toList());
        ServerUsage web = u.servers().get(0);
        assertEquals(0.25, web.total().cpu(), 1e-12);
        assertEquals(0.5, web.total().cpuLimits(), 1e-12);
        assertEquals(50.0, web.cpuOfLimits());
        assertEquals(50.0, web.memoryOfLimits());
        ServerUsage bare = u.servers().get(1);
        assertNull(bare.total().cpu(), "not measured");
        assertNull(bare.total().cpuLimits(), "no limit stated");
        assertNull(bare.cpuOfLimits());
        AppMapUsage.QuotaLine cpu = u.quota().get(0);
        assertEquals("cpu", cpu.resource());
        assertEquals(0.1, cpu.requested(), 1e-12);
        assertEquals(1.9, cpu.left(), 1e-12);
        assertEquals(0.25, cpu.used(), 1e-12);
        assertEquals(8, u.quota().get(2).left(), 1e-12);
        assertEquals(List.of("web"), u.topCpu());
    }
}
