/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import static io.cengjiyun.ports.internal.Fixtures.byField;
import static io.cengjiyun.ports.internal.Fixtures.definition;
import static io.cengjiyun.ports.internal.Fixtures.json;
import static io.cengjiyun.ports.internal.Fixtures.service;
import static io.cengjiyun.ports.internal.Fixtures.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ValidationException;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsContributorTest {
    private static final JsonNode SELECTOR = json("""
            {'app.kubernetes.io/name': 'web', 'cengjiyun.io/service': 'shop', 'cengjiyun.io/appmap': 'dev',
             'cengjiyun.io/server': 'web'}""");

    private final List<String> asked = new ArrayList<>();
    private List<Service> clusterServices = List.of();
    private final PortsContributor contributor = new PortsContributor(cluster -> {
        asked.add(cluster);
        return clusterServices;
    });

    private List<JsonNode> contribute(ServerDefinition def) {
        TestServerObjects objects = new TestServerObjects(def, "kind");
        contributor.contribute(objects);
        return objects.added().stream().map(Fixtures::sent).toList();
    }

    private JsonNode only(ServerDefinition def) {
        List<JsonNode> added = contribute(def);
        assertEquals(1, added.size(), "objects added: " + added);
        return added.get(0);
    }

    @Test
    void itHandlesThePortsOfADefinition() {
        assertEquals(Set.of("ports"), contributor.handles());
    }

    @Test
    void aServerWithoutPortsGetsNoService() {
        assertEquals(List.of(), contribute(web("Deployment", "[]")));
        assertEquals(
                List.of(),
                contribute(
                        definition(
                                "{'name': 'web', 'kind': 'StatefulSet', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}]}")));
    }

    @Test
    void clusterIpPortsBecomeOneServiceNamedAfterTheServer() {
        JsonNode s = only(web("Deployment", """
                [{'name': 'http', 'port': 80, 'targetPort': 8080},
                 {'name': 'metrics', 'port': 9090, 'targetPort': 9090, 'protocol': 'TCP', 'exposure': 'ClusterIP'}]"""));

        assertEquals("v1", s.path("apiVersion").asText());
        assertEquals("Service", s.path("kind").asText());
        assertEquals("web", s.at("/metadata/name").asText());
        assertEquals("ClusterIP", s.at("/spec/type").asText());
        assertTrue(s.at("/spec/clusterIP").isMissingNode());
        assertEquals(json("""
                [{'name': 'http', 'port': 80, 'targetPort': 8080, 'protocol': 'TCP'},
                 {'name': 'metrics', 'port': 9090, 'targetPort': 9090, 'protocol': 'TCP'}]"""), s.at("/spec/ports"));
    }

    @Test
    void theServiceSelectsTheServersPodsByTheirIdentifyingLabelsOnly() {
        ServerDefinition def = definition("""
                {'name': 'web', 'kind': 'Deployment', 'labels': {'tier': 'front'},
                 'containers': [{'name': 'web', 'image': 'nginx:1.27'}], 'ports': [{'name': 'http', 'port': 80}]}""");

        JsonNode s = only(def);

        assertEquals(SELECTOR, s.at("/spec/selector"));
    }

    @Test
    void theServiceLeavesNamespaceLabelsAndOwnerToTheLifecycle() {
        Service s = (Service) contributeObjects(web("Deployment", "[{'name': 'http', 'port': 80, 'targetPort': 8080}]"))
                .get(0);
        // TestServerObjects.add set these, as the lifecycle does: the contributor added no labels of its own.
        assertEquals("shop-dev", s.getMetadata().getNamespace());
        assertEquals(TestServerObjects.PLATFORM, s.getMetadata().getLabels());
        assertTrue(s.getMetadata().getOwnerReferences() == null
                || s.getMetadata().getOwnerReferences().isEmpty());
    }

    private List<Object> contributeObjects(ServerDefinition def) {
        TestServerObjects objects = new TestServerObjects(def, null);
        contributor.contribute(objects);
        return List.copyOf(objects.added());
    }

    @Test
    void aPortWithoutTargetPortSendsTrafficToTheSamePortNumber() {
        JsonNode s = only(web("Deployment", "[{'name': 'http', 'port': 8080}]"));

        assertEquals(
                json("[{'name': 'http', 'port': 8080, 'targetPort': 8080, 'protocol': 'TCP'}]"), s.at("/spec/ports"));
    }

    @Test
    void aNamedTargetPortIsKeptAsAName() {
        JsonNode s = only(web("Deployment", "[{'name': 'web', 'port': 80, 'targetPort': 'http', 'protocol': 'UDP'}]"));

        assertEquals(
                json("[{'name': 'web', 'port': 80, 'targetPort': 'http', 'protocol': 'UDP'}]"), s.at("/spec/ports"));
    }

    @Test
    void nodePortExposureGivesANodePortServiceWithTheFixedNodePorts() {
        JsonNode s = only(web("Deployment", """
                [{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'NodePort', 'nodePort': 30080},
                 {'name': 'metrics', 'port': 9090, 'exposure': 'NodePort'}]"""));

        assertEquals("NodePort", s.at("/spec/type").asText());
        assertEquals(json("""
                [{'name': 'http', 'port': 80, 'targetPort': 8080, 'protocol': 'TCP', 'nodePort': 30080},
                 {'name': 'metrics', 'port': 9090, 'targetPort': 9090, 'protocol': 'TCP'}]"""), s.at("/spec/ports"));
    }

    @Test
    void loadBalancerExposureGivesALoadBalancerService() {
        JsonNode s = only(
                web("Deployment", "[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'LoadBalancer'}]"));

        assertEquals("LoadBalancer", s.at("/spec/type").asText());
    }

    @Test
    void headlessExposureGivesAClusterIpServiceWithoutAClusterIp() {
        JsonNode s =
                only(web("Deployment", "[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'Headless'}]"));

        assertEquals("ClusterIP", s.at("/spec/type").asText());
        assertEquals("None", s.at("/spec/clusterIP").asText());
        assertTrue(s.at("/spec/publishNotReadyAddresses").isMissingNode());
    }

    @Test
    void aStatefulSetAlsoGetsAHeadlessServiceThatPublishesPodsBeforeTheyAreReady() {
        List<JsonNode> added = contribute(web(
                "StatefulSet",
                "[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'NodePort', 'nodePort': 30080}]"));

        assertEquals(2, added.size());
        assertEquals("web", added.get(0).at("/metadata/name").asText());
        assertEquals("NodePort", added.get(0).at("/spec/type").asText());
        JsonNode headless = added.get(1);
        assertEquals("web-headless", headless.at("/metadata/name").asText());
        assertEquals("ClusterIP", headless.at("/spec/type").asText());
        assertEquals("None", headless.at("/spec/clusterIP").asText());
        assertTrue(headless.at("/spec/publishNotReadyAddresses").asBoolean());
        assertEquals(SELECTOR, headless.at("/spec/selector"));
        assertEquals(
                json("[{'name': 'http', 'port': 80, 'targetPort': 8080, 'protocol': 'TCP'}]"),
                headless.at("/spec/ports"),
                "a headless Service has no node ports");
    }

    @Test
    void aStatefulSetWhosePortsAreHeadlessStillGetsItsServiceNameService() {
        List<JsonNode> added = contribute(
                web("StatefulSet", "[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'Headless'}]"));

        assertEquals(2, added.size(), added.toString());
        assertEquals("web", added.get(0).at("/metadata/name").asText());
        assertEquals("None", added.get(0).at("/spec/clusterIP").asText());
        assertEquals("web-headless", added.get(1).at("/metadata/name").asText()); // the StatefulSet's serviceName
        assertEquals("None", added.get(1).at("/spec/clusterIP").asText());
    }

    @Test
    void invalidPortsAreRefusedNamingTheirFields() {
        ValidationException e = assertThrows(ValidationException.class, () -> contribute(web("Deployment", """
                [{'name': 'http', 'port': 80, 'targetPort': 8080},
                 {'name': 'admin', 'port': 81, 'targetPort': 8080, 'exposure': 'NodePort'}]""")));

        assertEquals(Set.of("ports[1].exposure"), byField(e.errors()).keySet());
    }

    @Test
    void aNodePortAnotherServiceHoldsIsAConflictNamingTheHolder() {
        clusterServices = List.of(
                service("shop-dev", "web", "NodePort", "10.96.0.5", 80, 30081),
                service("billing-prod", "api", "NodePort", "10.96.0.9", 443, 30443, 80, 30080));

        ConflictException e = assertThrows(
                ConflictException.class,
                () -> contribute(
                        web(
                                "Deployment",
                                "[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'NodePort', 'nodePort': 30080}]")));

        assertEquals(409, e.status());
        assertTrue(
                e.getMessage().contains("ports[0].nodePort: 30080 is held by Service billing-prod/api"),
                e.getMessage());
        assertTrue(e.getMessage().contains("cluster 'kind'"), e.getMessage());
        assertTrue(e.getMessage().contains("leave nodePort out"), e.getMessage());
    }

    @Test
    void theServersOwnServiceHoldingItsNodePortIsNoConflict() {
        clusterServices = List.of(
                service("shop-dev", "web", "NodePort", "10.96.0.5", 80, 30080),
                service("shop-prod", "web", "NodePort", "10.96.0.6", 80, 30090));

        JsonNode s = only(web(
                "Deployment",
                "[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'NodePort', 'nodePort': 30080}]"));

        assertEquals(30080, s.at("/spec/ports/0/nodePort").asInt());
        assertEquals(List.of("kind"), asked);
    }

    @Test
    void withoutFixedNodePortsTheClusterIsNotAsked() {
        only(web("Deployment", "[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'NodePort'}]"));

        assertEquals(List.of(), asked);
    }

    @Test
    void withoutAClusterNodePortsAreNotChecked() {
        clusterServices = List.of(service("other", "api", "NodePort", "10.96.0.9", 80, 30080));

        List<Object> added = contributeObjects(web(
                "Deployment",
                "[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'NodePort', 'nodePort': 30080}]"));

        assertEquals(1, added.size());
        assertEquals(List.of(), asked);
    }
}
