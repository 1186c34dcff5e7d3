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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The controllers of long-running servers, as ObjectBuilder makes them and the API server receives them. */
class WorkloadsTest {
    private static final JsonNode SELECTOR = json("""
            {'app.kubernetes.io/managed-by': 'cengjiyun', 'cengjiyun.io/service': 'shop',
             'cengjiyun.io/appmap': 'dev', 'cengjiyun.io/server': 'web'}""");
    private static final JsonNode PLATFORM_LABELS = json("""
            {'app.kubernetes.io/managed-by': 'cengjiyun', 'app.kubernetes.io/name': 'web', 'cengjiyun.io/service': 'shop',
             'cengjiyun.io/appmap': 'dev', 'cengjiyun.io/server': 'web'}""");

    private static JsonNode controller(String definition) {
        return sent(build(definition, CURRENT).controller());
    }

    @Test
    void aDeploymentRunsItsReplicasAndSelectsItsPodsByStableLabels() {
        JsonNode d = controller("""
                {'name': 'web', 'kind': 'Deployment', 'replicas': 3,
                 'containers': [{'name': 'web', 'image': 'nginx:1.27'}]}""");

        assertEquals("apps/v1", d.path("apiVersion").asText());
        assertEquals("Deployment", d.path("kind").asText());
        assertEquals("web", d.at("/metadata/name").asText());
        assertEquals("shop-dev", d.at("/metadata/namespace").asText());
        assertEquals(PLATFORM_LABELS, d.at("/metadata/labels"));
        assertEquals(3, d.at("/spec/replicas").asInt());
        assertEquals(SELECTOR, d.at("/spec/selector/matchLabels"));
        assertEquals(PLATFORM_LABELS, d.at("/spec/template/metadata/labels"));
        assertEquals(
                "nginx:1.27", d.at("/spec/template/spec/containers/0/image").asText());
        assertTrue(d.at("/spec/template/spec/restartPolicy").isMissingNode(), "Always is left to Kubernetes");
    }

    @Test
    void aDeploymentRollsByItsSurgeAndUnavailability() {
        JsonNode d = controller("""
                {'name': 'web', 'kind': 'Deployment', 'replicas': 2,
                 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'updateStrategy': {'maxSurge': '25%', 'maxUnavailable': 0, 'minReadySeconds': 5,
                                    'progressDeadlineSeconds': 300}}""");

        assertEquals(
                json("{'type': 'RollingUpdate', 'rollingUpdate': {'maxSurge': '25%', 'maxUnavailable': 0}}"),
                d.at("/spec/strategy"));
        assertEquals(5, d.at("/spec/minReadySeconds").asInt());
        assertEquals(300, d.at("/spec/progressDeadlineSeconds").asInt());
    }

    @Test
    void aRecreatedDeploymentHasNoRollingParameters() {
        JsonNode d = controller("""
                {'name': 'web', 'kind': 'Deployment', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'updateStrategy': {'type': 'Recreate'}}""");

        assertEquals(json("{'type': 'Recreate'}"), d.at("/spec/strategy"));
        assertTrue(d.at("/spec/replicas").isMissingNode(), "no replicas given: Kubernetes' default");
    }

    @Test
    void withoutAStrategyKubernetesDefaultsApply() {
        Deployment d = (Deployment) build("""
                {'name': 'web', 'kind': 'Deployment', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}]}""", CURRENT).controller();

        assertEquals(null, d.getSpec().getStrategy());
    }

    @Test
    void aStatefulSetIsNamedByItsHeadlessServiceAndUpdatesFromAPartition() {
        JsonNode s = controller("""
                {'name': 'web', 'kind': 'StatefulSet', 'replicas': 3,
                 'containers': [{'name': 'web', 'image': 'postgres:16'}],
                 'updateStrategy': {'partition': 2, 'minReadySeconds': 10}}""");

        assertEquals("apps/v1", s.path("apiVersion").asText());
        assertEquals("StatefulSet", s.path("kind").asText());
        assertEquals("web-headless", s.at("/spec/serviceName").asText());
        assertEquals(3, s.at("/spec/replicas").asInt());
        assertEquals("Parallel", s.at("/spec/podManagementPolicy").asText());
        assertEquals(SELECTOR, s.at("/spec/selector/matchLabels"));
        assertEquals(PLATFORM_LABELS, s.at("/spec/template/metadata/labels"));
        assertEquals(
                json("{'type': 'RollingUpdate', 'rollingUpdate': {'partition': 2}}"), s.at("/spec/updateStrategy"));
        assertEquals(10, s.at("/spec/minReadySeconds").asInt());
    }

    @Test
    void aStatefulSetCanWaitForPodsToBeDeleted() {
        JsonNode s = controller("""
                {'name': 'web', 'kind': 'StatefulSet', 'replicas': 1,
                 'containers': [{'name': 'web', 'image': 'postgres:16'}], 'updateStrategy': {'type': 'OnDelete'}}""");

        assertEquals(json("{'type': 'OnDelete'}"), s.at("/spec/updateStrategy"));
    }

    @Test
    void aDaemonSetRunsOnePodPerNodeAndRollsByUnavailability() {
        JsonNode d = controller("""
                {'name': 'web', 'kind': 'DaemonSet', 'containers': [{'name': 'web', 'image': 'fluent-bit:3'}],
                 'updateStrategy': {'maxUnavailable': '10%', 'maxSurge': 0, 'minReadySeconds': 3}}""");

        assertEquals("apps/v1", d.path("apiVersion").asText());
        assertEquals("DaemonSet", d.path("kind").asText());
        assertFalse(d.path("spec").has("replicas"));
        assertEquals(SELECTOR, d.at("/spec/selector/matchLabels"));
        assertEquals(PLATFORM_LABELS, d.at("/spec/template/metadata/labels"));
        assertEquals(
                json("{'type': 'RollingUpdate', 'rollingUpdate': {'maxUnavailable': '10%', 'maxSurge': 0}}"),
                d.at("/spec/updateStrategy"));
        assertEquals(3, d.at("/spec/minReadySeconds").asInt());
    }

    @Test
    void aDaemonSetCanWaitForPodsToBeDeleted() {
        JsonNode d = controller("""
                {'name': 'web', 'kind': 'DaemonSet', 'containers': [{'name': 'web', 'image': 'fluent-bit:3'}],
                 'updateStrategy': {'type': 'OnDelete'}}""");

        assertEquals(json("{'type': 'OnDelete'}"), d.at("/spec/updateStrategy"));
    }
}
