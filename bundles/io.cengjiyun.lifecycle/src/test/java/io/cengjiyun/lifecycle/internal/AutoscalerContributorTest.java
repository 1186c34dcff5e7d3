/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static io.cengjiyun.lifecycle.internal.Definitions.CURRENT;
import static io.cengjiyun.lifecycle.internal.Definitions.KUBERNETES_1_20;
import static io.cengjiyun.lifecycle.internal.Definitions.build;
import static io.cengjiyun.lifecycle.internal.Definitions.definition;
import static io.cengjiyun.lifecycle.internal.Definitions.json;
import static io.cengjiyun.lifecycle.internal.Definitions.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ValidationException;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import org.junit.jupiter.api.Test;

class AutoscalerContributorTest {
    private static final JsonNode PLATFORM_LABELS = json("""
            {'app.kubernetes.io/managed-by': 'cengjiyun', 'app.kubernetes.io/name': 'web', 'cengjiyun.io/service': 'shop',
             'cengjiyun.io/appmap': 'dev', 'cengjiyun.io/server': 'web'}""");
    private static final JsonNode METRICS = json("""
            [{'type': 'Resource', 'resource': {'name': 'cpu', 'target': {'type': 'Utilization', 'averageUtilization': 70}}},
             {'type': 'Resource', 'resource': {'name': 'memory', 'target': {'type': 'Utilization', 'averageUtilization': 80}}}]""");

    private final AutoscalerContributor contributor = new AutoscalerContributor();

    private JsonNode autoscaler(String kind, io.cengjiyun.lifecycle.ApiVersions versions) {
        BuiltServerObjects objects = build("""
                {'name': 'web', 'kind': '%s', 'replicas': 2, 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'autoscaling': {'minReplicas': 2, 'maxReplicas': 6, 'cpuUtilization': 70, 'memoryUtilization': 80}}""".formatted(kind), versions);
        contributor.contribute(objects);
        assertEquals(2, objects.objects().size());
        return sent(objects.objects().get(1));
    }

    @Test
    void aDeploymentOnACurrentClusterIsScaledByAnAutoscalingV2Autoscaler() {
        JsonNode hpa = autoscaler("Deployment", CURRENT);

        assertEquals("autoscaling/v2", hpa.path("apiVersion").asText());
        assertEquals("HorizontalPodAutoscaler", hpa.path("kind").asText());
        assertEquals("web", hpa.at("/metadata/name").asText());
        assertEquals("shop-dev", hpa.at("/metadata/namespace").asText());
        assertEquals(PLATFORM_LABELS, hpa.at("/metadata/labels"));
        assertEquals(
                json("{'apiVersion': 'apps/v1', 'kind': 'Deployment', 'name': 'web'}"), hpa.at("/spec/scaleTargetRef"));
        assertEquals(2, hpa.at("/spec/minReplicas").asInt());
        assertEquals(6, hpa.at("/spec/maxReplicas").asInt());
        assertEquals(METRICS, hpa.at("/spec/metrics"));
    }

    @Test
    void aStatefulSetOnKubernetes120IsScaledByAnAutoscalingV2beta2Autoscaler() {
        JsonNode hpa = autoscaler("StatefulSet", KUBERNETES_1_20);

        assertEquals("autoscaling/v2beta2", hpa.path("apiVersion").asText());
        assertEquals("HorizontalPodAutoscaler", hpa.path("kind").asText());
        assertEquals(
                json("{'apiVersion': 'apps/v1', 'kind': 'StatefulSet', 'name': 'web'}"),
                hpa.at("/spec/scaleTargetRef"));
        assertEquals(METRICS, hpa.at("/spec/metrics"));
    }

    @Test
    void theAutoscalerClassMatchesItsVersion() {
        BuiltServerObjects objects = build("""
                {'name': 'web', 'kind': 'Deployment', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'autoscaling': {'maxReplicas': 3, 'cpuUtilization': 50}}""", KUBERNETES_1_20);
        contributor.contribute(objects);

        assertEquals(
                io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscaler.class,
                objects.objects().get(1).getClass());
        JsonNode hpa = sent(objects.objects().get(1));
        assertTrue(hpa.at("/spec/minReplicas").isMissingNode(), "Kubernetes' default of 1");
        assertEquals(1, hpa.at("/spec/metrics").size(), "only the target given");
    }

    @Test
    void aServerWithoutAutoscalingGetsNoAutoscaler() {
        BuiltServerObjects objects = build("""
                {'name': 'web', 'kind': 'Deployment', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}]}""", CURRENT);

        contributor.contribute(objects);

        assertEquals(1, objects.objects().size());
    }

    @Test
    void aDaemonSetCannotBeAutoscaled() {
        // The validator refuses this too; a definition stored before it did must still not produce an autoscaler.
        ServerDefinition def = definition("""
                {'name': 'web', 'kind': 'DaemonSet', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'autoscaling': {'maxReplicas': 3, 'cpuUtilization': 50}}""");
        BuiltServerObjects objects = new BuiltServerObjects(
                "shop", "dev", "shop-dev", def, CURRENT, new Labels("shop", "dev", "web"), new DaemonSet(), null);

        ValidationException e = assertThrows(ValidationException.class, () -> contributor.contribute(objects));

        assertEquals("autoscaling", e.errors().get(0).field());
        assertTrue(e.getMessage().contains("not a DaemonSet"), e.getMessage());
        assertEquals(1, objects.objects().size());
    }
}
