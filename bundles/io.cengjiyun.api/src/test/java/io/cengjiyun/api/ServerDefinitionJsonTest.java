/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
}
