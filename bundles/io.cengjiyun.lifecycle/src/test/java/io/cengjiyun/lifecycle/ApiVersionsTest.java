/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiVersionsTest {

    @Test
    void picksTheNewestServedVersions() {
        ApiVersions versions = ApiVersions.fromServed(List.of(
                "v1",
                "apps/v1",
                "batch/v1beta1",
                "batch/v1",
                "autoscaling/v1",
                "autoscaling/v2beta2",
                "autoscaling/v2"));

        assertEquals(new ApiVersions("batch/v1", "autoscaling/v2"), versions);
    }

    @Test
    void fallsBackToTheBetaVersionsWhereTheyAreAllThereIs() {
        ApiVersions versions =
                ApiVersions.fromServed(Set.of("v1", "batch/v1beta1", "autoscaling/v1", "autoscaling/v2beta2"));

        assertEquals(new ApiVersions("batch/v1beta1", "autoscaling/v2beta2"), versions);
    }

    @Test
    void onKubernetes120CronJobIsInV1beta1ThoughBatchV1IsServed() {
        // What discovery of Kubernetes 1.20 says: batch/v1 has Job only.
        Map<String, Set<String>> kinds = Map.of(
                "batch/v1", Set.of("Job"),
                "batch/v1beta1", Set.of("CronJob"),
                "autoscaling/v2beta2", Set.of("HorizontalPodAutoscaler"));

        ApiVersions versions = ApiVersions.fromServedKinds(
                (gv, kind) -> kinds.getOrDefault(gv, Set.of()).contains(kind));

        assertEquals(new ApiVersions("batch/v1beta1", "autoscaling/v2beta2"), versions);
    }

    @Test
    void namesEveryKindTheClusterDoesNotServe() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ApiVersions.fromServed(Set.of("v1", "apps/v1", "autoscaling/v1")));

        assertTrue(e.getMessage().contains("no CronJob API (neither batch/v1 nor batch/v1beta1)"), e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("no HorizontalPodAutoscaler API (neither autoscaling/v2 nor autoscaling/v2beta2)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("[apps/v1, autoscaling/v1, v1]"), e.getMessage());
    }

    @Test
    void namesOnlyWhatIsMissing() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ApiVersions.fromServed(Set.of("batch/v1", "autoscaling/v1")));

        assertTrue(e.getMessage().contains("HorizontalPodAutoscaler"), e.getMessage());
        assertFalse(e.getMessage().contains("CronJob API"), e.getMessage());
    }

    @Test
    void refusesAVersionItCannotWrite() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new ApiVersions("batch/v2alpha1", "autoscaling/v2"));

        assertTrue(e.getMessage().contains("batch/v2alpha1"), e.getMessage());
    }
}
