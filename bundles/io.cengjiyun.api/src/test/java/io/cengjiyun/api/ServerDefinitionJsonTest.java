/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerDefinitionJsonTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void keepsKubernetesContainerFieldsItDoesNotType() throws Exception {
        String json = """
                {"name": "web", "kind": "Deployment", "replicas": 2,
                 "containers": [{"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 8080}],
                                 "readinessProbe": {"httpGet": {"path": "/", "port": 8080}}}],
                 "ports": [{"name": "http", "port": 80, "targetPort": 8080, "exposure": "NodePort"}],
                 "updateStrategy": {"maxSurge": "25%", "maxUnavailable": 0}}
                """;
        ServerDefinition def = mapper.readValue(json, ServerDefinition.class);
        assertEquals(
                Map.of("httpGet", Map.of("path", "/", "port", 8080)),
                def.containers().get(0).other().get("readinessProbe"));
        assertEquals(IntOrString.of(8080), def.ports().get(0).targetPort());
        assertEquals(IntOrString.of("25%"), def.updateStrategy().maxSurge());
        JsonNode back = mapper.valueToTree(def);
        assertEquals(mapper.readTree(json), back);
    }

    @Test
    void keepsPodAndJobFieldsInKubernetesForm() throws Exception {
        String json = """
                {"name": "tick", "kind": "CronJob", "schedule": "*/5 * * * *",
                 "containers": [{"name": "tick", "image": "busybox:1.36"}],
                 "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "batch", "effect": "NoSchedule"}],
                 "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms":
                     [{"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]}]}}},
                 "serviceAccountName": "ticker", "terminationGracePeriodSeconds": 10,
                 "job": {"backoffLimit": 2, "activeDeadlineSeconds": 600, "concurrencyPolicy": "Forbid",
                         "successfulJobsHistoryLimit": 3, "suspend": false, "restartPolicy": "Never"}}
                """;
        ServerDefinition def = mapper.readValue(json, ServerDefinition.class);
        assertEquals("Equal", def.tolerations().get(0).get("operator"));
        assertEquals("ticker", def.serviceAccountName());
        assertEquals(10, def.terminationGracePeriodSeconds());
        assertEquals(new JobSettings(null, null, 2, 600, null, "Forbid", null, 3, null, false, "Never"), def.job());
        assertEquals(mapper.readTree(json), mapper.valueToTree(def));
    }

    @Test
    void aCopyWithOnePartChangedKeepsEveryOtherFieldAndSection() throws Exception {
        ServerDefinition d = mapper.readValue("""
                {"name": "web", "kind": "Deployment", "replicas": 2, "schedule": null, "serviceAccountName": "sa",
                 "containers": [{"name": "web", "image": "nginx:1.27"}], "labels": {"tier": "front"},
                 "ports": [{"name": "http", "port": 80}], "hello": {"greeting": "hi"}}""", ServerDefinition.class);

        ServerDefinition scaled = d.withReplicas(5);

        assertEquals(5, scaled.replicas());
        assertEquals(d, scaled.withReplicas(2), "only the replicas changed");
        assertEquals(d, d.withPorts(d.ports()).withAutoscaling(null).withName("web"));
        assertEquals(Map.of("greeting", "hi"), scaled.sections().get("hello"));
        assertEquals(
                "sa",
                d.withSection("other", Map.of("a", 1))
                        .withSection("other", null)
                        .serviceAccountName());
    }

    @Test
    void keepsAnAutoscalingBehaviorInKubernetesForm() throws Exception {
        String json = """
                {"name": "web", "kind": "Deployment", "containers": [{"name": "web", "image": "nginx:1.27"}],
                 "autoscaling": {"minReplicas": 1, "maxReplicas": 3, "cpuUtilization": 50,
                  "behavior": {"scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                                           "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                                        {"type": "Percent", "value": 100, "periodSeconds": 15}]},
                               "scaleDown": {"stabilizationWindowSeconds": 30}}}}
                """;
        ServerDefinition def = mapper.readValue(json, ServerDefinition.class);

        assertEquals(
                new AutoscalingBehavior(
                        new ScalingRules(
                                0,
                                "Max",
                                List.of(new ScalingPolicy("Pods", 4, 15), new ScalingPolicy("Percent", 100, 15))),
                        new ScalingRules(30, null, null)),
                def.autoscaling().behavior());
        assertEquals(mapper.readTree(json), mapper.valueToTree(def));
    }

    @Test
    void anAutoscalingWithoutBehaviorReadsAndWritesAsBefore() throws Exception {
        String json = """
                {"name": "web", "kind": "Deployment", "containers": [{"name": "web", "image": "nginx:1.27"}],
                 "autoscaling": {"minReplicas": 1, "maxReplicas": 4, "cpuUtilization": 70}}
                """;
        ServerDefinition def = mapper.readValue(json, ServerDefinition.class);

        assertEquals(new Autoscaling(1, 4, 70, null), def.autoscaling());
        assertNull(def.autoscaling().behavior());
        assertEquals(mapper.readTree(json), mapper.valueToTree(def));
    }

    @Test
    void aMisspelledBehaviorFieldIsNamedByAStrictReader() {
        ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        UnrecognizedPropertyException e =
                assertThrows(UnrecognizedPropertyException.class, () -> strict.readValue("""
                        {"name": "web", "autoscaling": {"maxReplicas": 3,
                         "behavior": {"scaleDown": {"stabilisationWindowSeconds": 30}}}}""", ServerDefinition.class));

        assertEquals("stabilisationWindowSeconds", e.getPropertyName());
    }
}
