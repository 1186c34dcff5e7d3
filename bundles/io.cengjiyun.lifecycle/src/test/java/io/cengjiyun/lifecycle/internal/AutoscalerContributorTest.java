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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.lifecycle.ApiVersions;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoscalerContributorTest {
    private static final JsonNode PLATFORM_LABELS = json("""
            {'app.kubernetes.io/managed-by': 'cengjiyun', 'app.kubernetes.io/name': 'web', 'cengjiyun.io/service': 'shop',
             'cengjiyun.io/appmap': 'dev', 'cengjiyun.io/server': 'web'}""");
    private static final JsonNode METRICS = json("""
            [{'type': 'Resource', 'resource': {'name': 'cpu', 'target': {'type': 'Utilization', 'averageUtilization': 70}}},
             {'type': 'Resource', 'resource': {'name': 'memory', 'target': {'type': 'Utilization', 'averageUtilization': 80}}}]""");

    /** Every field of a behavior in scaleUp; scaleDown's selectPolicy and policies left to Kubernetes' defaults. */
    private static final String BEHAVIOR = """
            {'scaleUp': {'stabilizationWindowSeconds': 0, 'selectPolicy': 'Max',
                         'policies': [{'type': 'Pods', 'value': 4, 'periodSeconds': 15},
                                      {'type': 'Percent', 'value': 100, 'periodSeconds': 15}]},
             'scaleDown': {'stabilizationWindowSeconds': 10}}""";

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

    private JsonNode autoscalerWithBehavior(String kind, ApiVersions versions) {
        BuiltServerObjects objects = build("""
                {'name': 'web', 'kind': '%s', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'autoscaling': {'minReplicas': 1, 'maxReplicas': 3, 'cpuUtilization': 50, 'behavior': %s}}""".formatted(kind, BEHAVIOR), versions);
        contributor.contribute(objects);
        return sent(objects.objects().get(1));
    }

    @Test
    void anAutoscalingV2AutoscalerScalesWithTheBehaviorGiven() {
        JsonNode hpa = autoscalerWithBehavior("Deployment", CURRENT);

        assertEquals("autoscaling/v2", hpa.path("apiVersion").asText());
        // exactly as given: what is left out stays out, for Kubernetes to default
        assertEquals(json(BEHAVIOR), hpa.at("/spec/behavior"));
    }

    @Test
    void anAutoscalingV2beta2AutoscalerScalesWithTheBehaviorGiven() {
        JsonNode hpa = autoscalerWithBehavior("StatefulSet", KUBERNETES_1_20);

        assertEquals("autoscaling/v2beta2", hpa.path("apiVersion").asText());
        assertEquals(json(BEHAVIOR), hpa.at("/spec/behavior"));
    }

    @Test
    void anAutoscalerWithoutBehaviorLeavesItToKubernetes() {
        assertTrue(autoscaler("Deployment", CURRENT).at("/spec/behavior").isMissingNode());
        assertTrue(
                autoscaler("StatefulSet", KUBERNETES_1_20).at("/spec/behavior").isMissingNode());
    }

    @Test
    void aBehaviorKubernetesWouldRefuseIsRefusedNamingTheField() {
        ValidationException e = assertThrows(ValidationException.class, () -> build("""
                {'name': 'web', 'kind': 'Deployment', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'autoscaling': {'maxReplicas': 3, 'cpuUtilization': 50, 'behavior': {
                  'scaleUp': {'policies': [{'type': 'Replicas', 'value': 0, 'periodSeconds': 15}]},
                  'scaleDown': {'stabilizationWindowSeconds': 7200, 'selectPolicy': 'Max'}}}}""", CURRENT));

        assertEquals(
                List.of(
                        "autoscaling.behavior.scaleUp.policies[0].type",
                        "autoscaling.behavior.scaleUp.policies[0].value",
                        "autoscaling.behavior.scaleDown.stabilizationWindowSeconds"),
                e.errors().stream().map(FieldError::field).toList());
        assertTrue(
                e.getMessage()
                        .contains("autoscaling.behavior.scaleDown.stabilizationWindowSeconds: 7200 is out of range:"
                                + " use 0 to 3600"),
                e.getMessage());
        assertTrue(e.getMessage().contains("'Replicas' is not one of Pods, Percent"), e.getMessage());
    }

    @Test
    void theSchemaDescribesTheBehaviorAndRefusesOtherFields() throws Exception {
        JsonNode schema =
                new ObjectMapper().readTree(contributor.sectionSchemas().get("autoscaling"));

        JsonNode behavior = schema.at("/properties/behavior");
        assertFalse(behavior.path("additionalProperties").asBoolean(true));
        for (String direction : List.of("scaleUp", "scaleDown")) {
            JsonNode rules = behavior.at("/properties/" + direction);
            assertFalse(rules.path("additionalProperties").asBoolean(true), direction);
            assertEquals(
                    3600,
                    rules.at("/properties/stabilizationWindowSeconds/maximum").asInt(),
                    direction);
            assertEquals(json("['Max', 'Min', 'Disabled']"), rules.at("/properties/selectPolicy/enum"), direction);
            JsonNode policy = rules.at("/properties/policies/items");
            assertFalse(policy.path("additionalProperties").asBoolean(true), direction);
            assertEquals(json("['type', 'value', 'periodSeconds']"), policy.path("required"), direction);
            assertEquals(json("['Pods', 'Percent']"), policy.at("/properties/type/enum"), direction);
            assertEquals(1800, policy.at("/properties/periodSeconds/maximum").asInt(), direction);
        }
    }
}
