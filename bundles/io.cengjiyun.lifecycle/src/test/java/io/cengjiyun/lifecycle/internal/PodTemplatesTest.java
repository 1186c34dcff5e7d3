/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static io.cengjiyun.lifecycle.internal.Definitions.CURRENT;
import static io.cengjiyun.lifecycle.internal.Definitions.build;
import static io.cengjiyun.lifecycle.internal.Definitions.json;
import static io.cengjiyun.lifecycle.internal.Definitions.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ValidationException;
import org.junit.jupiter.api.Test;

/** The pod template every kind shares: containers as given, the pod's fields, labels and annotations. */
class PodTemplatesTest {
    private static final String WEB = """
            {'name': 'web', 'image': 'nginx:1.27', 'imagePullPolicy': 'IfNotPresent', 'args': ['-g', 'daemon off;'],
             'ports': [{'name': 'http', 'containerPort': 8080}],
             'env': [{'name': 'MODE', 'value': 'prod'},
                     {'name': 'POD', 'valueFrom': {'fieldRef': {'fieldPath': 'metadata.name'}}}],
             'resources': {'requests': {'cpu': '100m', 'memory': '64Mi'}, 'limits': {'memory': '128Mi'}},
             'readinessProbe': {'httpGet': {'path': '/ready', 'port': 8080}, 'periodSeconds': 5},
             'securityContext': {'runAsNonRoot': true, 'readOnlyRootFilesystem': true,
                                 'capabilities': {'drop': ['ALL']}},
             'volumeMounts': [{'name': 'cache', 'mountPath': '/cache'}]}""";

    private static JsonNode podSpec(String definition) {
        return sent(build(definition, CURRENT).controller()).at("/spec/template/spec");
    }

    private static ValidationException refused(String container) {
        return assertThrows(ValidationException.class, () -> build("""
                {'name': 'web', 'kind': 'Deployment', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}, %s]}""".formatted(container), CURRENT));
    }

    @Test
    void aContainerReachesKubernetesWithEveryFieldItWasGiven() {
        JsonNode spec = podSpec("{'name': 'web', 'kind': 'Deployment', 'containers': [" + WEB + "]}");

        assertEquals(json(WEB), spec.at("/containers/0"));
    }

    @Test
    void probesAndSecurityContextArePassedThrough() {
        JsonNode web = podSpec("{'name': 'web', 'kind': 'Deployment', 'containers': [" + WEB + "]}")
                .at("/containers/0");

        assertEquals("/ready", web.at("/readinessProbe/httpGet/path").asText());
        assertEquals(8080, web.at("/readinessProbe/httpGet/port").asInt());
        assertEquals(5, web.at("/readinessProbe/periodSeconds").asInt());
        assertTrue(web.at("/securityContext/runAsNonRoot").asBoolean());
        assertEquals("ALL", web.at("/securityContext/capabilities/drop/0").asText());
    }

    @Test
    void initContainersRunBeforeTheContainers() {
        JsonNode spec = podSpec("""
                {'name': 'web', 'kind': 'StatefulSet', 'replicas': 1,
                 'initContainers': [{'name': 'migrate', 'image': 'flyway:10', 'args': ['migrate'],
                                     'securityContext': {'runAsUser': 1000}}],
                 'containers': [{'name': 'web', 'image': 'nginx:1.27'}]}""");

        assertEquals(
                json(
                        "{'name': 'migrate', 'image': 'flyway:10', 'args': ['migrate'], 'securityContext': {'runAsUser': 1000}}"),
                spec.at("/initContainers/0"));
        assertEquals("web", spec.at("/containers/0/name").asText());
    }

    @Test
    void thePodGetsItsSchedulingAndAccountFields() {
        JsonNode spec = podSpec("""
                {'name': 'web', 'kind': 'DaemonSet', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'nodeSelector': {'disk': 'ssd'},
                 'tolerations': [{'key': 'dedicated', 'operator': 'Equal', 'value': 'web', 'effect': 'NoSchedule'},
                                 {'operator': 'Exists', 'effect': 'NoExecute', 'tolerationSeconds': 30}],
                 'affinity': {'nodeAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': {'nodeSelectorTerms':
                     [{'matchExpressions': [{'key': 'zone', 'operator': 'In', 'values': ['a', 'b']}]}]}}},
                 'serviceAccountName': 'web-reader', 'terminationGracePeriodSeconds': 45}""");

        assertEquals(json("{'disk': 'ssd'}"), spec.path("nodeSelector"));
        assertEquals(json("""
                [{'key': 'dedicated', 'operator': 'Equal', 'value': 'web', 'effect': 'NoSchedule'},
                 {'operator': 'Exists', 'effect': 'NoExecute', 'tolerationSeconds': 30}]"""), spec.path("tolerations"));
        assertEquals(json("""
                {'nodeAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': {'nodeSelectorTerms':
                    [{'matchExpressions': [{'key': 'zone', 'operator': 'In', 'values': ['a', 'b']}]}]}}}"""), spec.path("affinity"));
        assertEquals("web-reader", spec.path("serviceAccountName").asText());
        assertEquals(45, spec.path("terminationGracePeriodSeconds").asInt());
    }

    @Test
    void annotationsGoOnTheControllerAndThePods() {
        JsonNode d = sent(build("""
                {'name': 'web', 'kind': 'Deployment', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'annotations': {'prometheus.io/scrape': 'true'}}""", CURRENT).controller());

        assertEquals(json("{'prometheus.io/scrape': 'true'}"), d.at("/metadata/annotations"));
        assertEquals(json("{'prometheus.io/scrape': 'true'}"), d.at("/spec/template/metadata/annotations"));
    }

    @Test
    void userLabelsAreAddedButNeverReplaceThePlatformsLabels() {
        JsonNode d = sent(build("""
                {'name': 'web', 'kind': 'Deployment', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'labels': {'tier': 'front', 'cengjiyun.io/server': 'api', 'app.kubernetes.io/managed-by': 'helm',
                            'app.kubernetes.io/name': 'other'}}""", CURRENT).controller());

        JsonNode expected = json("""
                {'tier': 'front', 'app.kubernetes.io/managed-by': 'cengjiyun', 'app.kubernetes.io/name': 'web',
                 'cengjiyun.io/service': 'shop', 'cengjiyun.io/appmap': 'dev', 'cengjiyun.io/server': 'web'}""");
        assertEquals(expected, d.at("/metadata/labels"));
        assertEquals(expected, d.at("/spec/template/metadata/labels"));
        assertEquals(json("""
                {'app.kubernetes.io/managed-by': 'cengjiyun', 'cengjiyun.io/service': 'shop', 'cengjiyun.io/appmap': 'dev',
                 'cengjiyun.io/server': 'web'}"""), d.at("/spec/selector/matchLabels"));
    }

    @Test
    void anUnknownContainerFieldIsRefusedNamingTheContainerAndField() {
        ValidationException e =
                refused("{'name': 'sidecar', 'image': 'envoy:1.30', 'readinesProbe': {'tcpSocket': {'port': 9901}}}");

        FieldError error = e.errors().get(0);
        assertEquals("containers[1].readinesProbe", error.field());
        assertTrue(
                error.message().contains("'readinesProbe' of container 'sidecar' is not a field Kubernetes knows"),
                error.message());
        assertTrue(error.message().contains("readinessProbe"), "lists the known fields: " + error.message());
    }

    @Test
    void anUnknownFieldDeepInAContainerIsNamedByItsFullPath() {
        ValidationException e = refused("{'name': 'sidecar', 'image': 'envoy:1.30', "
                + "'readinessProbe': {'httpGet': {'pth': '/ready', 'port': 9901}}}");

        assertEquals(
                "containers[1].readinessProbe.httpGet.pth", e.errors().get(0).field());
    }

    @Test
    void aFieldOfTheWrongTypeIsRefusedNamingIt() {
        ValidationException e = refused("{'name': 'sidecar', 'image': 'envoy:1.30', "
                + "'livenessProbe': {'exec': {'command': ['true']}, 'periodSeconds': 'often'}}");

        assertEquals(
                "containers[1].livenessProbe.periodSeconds", e.errors().get(0).field());
        assertTrue(
                e.errors().get(0).message().contains("container 'sidecar'"),
                e.errors().get(0).message());
    }

    @Test
    void anUnknownFieldOfAnInitContainerIsRefused() {
        ValidationException e = assertThrows(ValidationException.class, () -> build("""
                {'name': 'web', 'kind': 'Job', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'initContainers': [{'name': 'init', 'image': 'busybox:1.36', 'volumeMount': []}]}""", CURRENT));

        assertEquals("initContainers[0].volumeMount", e.errors().get(0).field());
    }

    @Test
    void anUnknownAffinityFieldIsRefused() {
        ValidationException e = assertThrows(ValidationException.class, () -> build("""
                {'name': 'web', 'kind': 'Deployment', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'affinity': {'podAntiAffinity': {'preferredDuringScheduling': []}}}""", CURRENT));

        assertEquals(
                "affinity.podAntiAffinity.preferredDuringScheduling",
                e.errors().get(0).field());
    }

    @Test
    void anInvalidDefinitionIsRefusedWithEveryField() {
        ValidationException e = assertThrows(ValidationException.class, () -> build("""
                {'name': 'web', 'kind': 'Deployment', 'containers': [{'name': 'web'}],
                 'job': {'completions': 1}}""", CURRENT));

        assertEquals(
                java.util.List.of("containers[0].image", "job"),
                e.errors().stream().map(FieldError::field).toList());
    }
}
