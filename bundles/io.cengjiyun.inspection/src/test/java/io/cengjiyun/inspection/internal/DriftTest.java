/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cengjiyun.inspection.FieldDrift.Field;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriftTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void onlyRenderedFieldsAreComparedAndEachDifferenceSaysWhereAdoptPutsIt() throws Exception {
        JsonNode rendered = tree("{'metadata': {'labels': {'app.kubernetes.io/name': 'web'}}, 'spec': {'replicas': 1,"
                + " 'template': {'spec': {'containers': [{'name': 'app', 'image': 'x:1', 'command': ['sh', '-c', 'a']}],"
                + " 'nodeSelector': {'disk': 'ssd'}}}}}");
        JsonNode live = tree("{'metadata': {'labels': {'app.kubernetes.io/name': 'other', 'extra': 'y'}, 'uid': 'u'},"
                + " 'spec': {'replicas': 2, 'progressDeadlineSeconds': 600, 'template': {'spec': {'containers': [{'name':"
                + " 'app', 'image': 'x:1', 'command': ['sh', '-c', 'b'], 'terminationMessagePath': '/dev/x'}],"
                + " 'nodeSelector': {'disk': 'hdd'}}}}, 'status': {'replicas': 2}}");
        List<Field> fields = Drift.of(
                "Deployment/web", Map.of("Deployment/web", rendered), Map.of("Deployment/web", live), Set.of());
        assertEquals(
                List.of(
                        "metadata.labels[\"app.kubernetes.io/name\"] -> null",
                        "spec.replicas -> replicas",
                        "spec.template.spec.containers[0].command[2] -> containers[0].command[2]",
                        "spec.template.spec.nodeSelector.disk -> nodeSelector.disk"),
                fields.stream().map(f -> f.path() + " -> " + f.definitionPath()).toList());
        assertEquals("\"web\"", fields.get(0).stored());
        assertEquals("\"other\"", fields.get(0).live());
        assertFalse(fields.get(0).why().isEmpty());
        assertEquals(
                List.of(),
                Drift.of(
                        "Deployment/web",
                        Map.of("Deployment/web", rendered),
                        Map.of("Deployment/web", rendered),
                        Set.of()));
        assertEquals(
                List.of("spec.replicas"),
                Drift.of(
                                "Deployment/web",
                                Map.of("Deployment/web", tree("{'spec': {'replicas': 1}}")),
                                Map.of("Deployment/web", tree("{'spec': {'replicas': 3}}")),
                                Set.of())
                        .stream()
                        .map(Field::path)
                        .toList());
        assertEquals(
                List.of(),
                Drift.of(
                        "Deployment/web",
                        Map.of("Deployment/web", tree("{'spec': {'replicas': 1}}")),
                        Map.of("Deployment/web", tree("{'spec': {'replicas': 3}}")),
                        Set.of("spec.replicas")));
    }

    @Test
    void aMissingObjectAndAListOfAnotherLengthAreOneFieldEach() throws Exception {
        List<Field> fields = Drift.of(
                "Deployment/web",
                Map.of(
                        "Deployment/web",
                        tree("{'spec': {'template': {'spec': {'containers': [{'name': 'a'}]}}}}"),
                        "Service/web",
                        tree("{'spec': {'type': 'ClusterIP'}}")),
                Map.of(
                        "Deployment/web",
                        tree("{'spec': {'template': {'spec': {'containers': [{'name': 'a'}, {'name': 'b'}]}}}}")),
                Set.of());
        assertEquals(2, fields.size(), fields.toString());
        Field containers = fields.stream()
                .filter(f -> f.object().equals("Deployment/web"))
                .findFirst()
                .orElseThrow();
        assertEquals("spec.template.spec.containers", containers.path());
        assertNull(containers.definitionPath());
        Field service = fields.stream()
                .filter(f -> f.object().equals("Service/web"))
                .findFirst()
                .orElseThrow();
        assertEquals("", service.path());
        assertNull(service.live());
    }

    @Test
    void adoptSetsWholeFieldsFromTheLiveController() throws Exception {
        ObjectNode definition =
                (ObjectNode) tree("{'name': 'web', 'replicas': 1, 'containers': [{'name': 'app', 'image':"
                        + " 'x:1', 'command': ['sh', '-c', 'a']}]}");
        JsonNode controller =
                tree("{'spec': {'replicas': 3, 'template': {'spec': {'containers': [{'name': 'app', 'image':"
                        + " 'x:2', 'command': ['sh', '-c', 'b']}], 'nodeSelector': {'disk': 'ssd'}}}}}");
        assertEquals("containers[0].command", Adoptions.unit("containers[0].command[2]"));
        assertEquals("replicas", Adoptions.unit("replicas"));
        assertEquals("nodeSelector", Adoptions.unit("nodeSelector.disk"));
        Adoptions.set(definition, "replicas", controller);
        Adoptions.set(definition, "containers[0].command", controller);
        Adoptions.set(definition, "nodeSelector", controller);
        assertFalse(Adoptions.set(definition, "containers[1].image", controller));
        assertEquals(
                tree(
                        "{'name': 'web', 'replicas': 3, 'containers': [{'name': 'app', 'image': 'x:1', 'command': ['sh', '-c',"
                                + " 'b']}], 'nodeSelector': {'disk': 'ssd'}}"),
                definition);
    }
}
