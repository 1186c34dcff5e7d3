/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Quota;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementObjectsTest {
    private static AppMap appMap(Quota quota) {
        return AppMap.of("team", "dev", "local", null, null, quota);
    }

    @Test
    void theNamespaceIsLabelledForServiceAndAppMap() {
        assertEquals(
                Map.of(
                        "app.kubernetes.io/managed-by",
                        "cengjiyun",
                        "cengjiyun.io/service",
                        "team",
                        "cengjiyun.io/appmap",
                        "dev"),
                PlacementObjects.namespace(appMap(null)).getMetadata().getLabels());
        assertEquals(
                "team-dev",
                PlacementObjects.namespace(appMap(null)).getMetadata().getName());
    }

    @Test
    void cpuAndMemoryBoundRequestsAndLimits() {
        Map<String, Quantity> hard = PlacementObjects.resourceQuota(appMap(new Quota("2", "4Gi", 20, "10Gi")))
                .getSpec()
                .getHard();

        assertEquals(
                Map.of(
                        "requests.cpu",
                        new Quantity("2"),
                        "limits.cpu",
                        new Quantity("2"),
                        "requests.memory",
                        new Quantity("4Gi"),
                        "limits.memory",
                        new Quantity("4Gi"),
                        "pods",
                        new Quantity("20"),
                        "requests.storage",
                        new Quantity("10Gi")),
                hard);
        assertEquals(
                Map.of("pods", new Quantity("3")),
                PlacementObjects.resourceQuota(appMap(new Quota(null, null, 3, null)))
                        .getSpec()
                        .getHard());
    }

    @Test
    void containerDefaultsAreCappedByASmallerQuota() {
        LimitRangeItem roomy = PlacementObjects.limitRange(appMap(new Quota("2", "4Gi", null, null)))
                .getSpec()
                .getLimits()
                .get(0);
        LimitRangeItem tight = PlacementObjects.limitRange(appMap(new Quota("200m", "256Mi", null, null)))
                .getSpec()
                .getLimits()
                .get(0);

        assertEquals("Container", roomy.getType());
        assertEquals(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")), roomy.getDefaultRequest());
        assertEquals(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("512Mi")), roomy.getDefault());
        assertEquals(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")), tight.getDefaultRequest());
        assertEquals(Map.of("cpu", new Quantity("200m"), "memory", new Quantity("256Mi")), tight.getDefault());
    }
}
