/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import static io.cengjiyun.ports.internal.Fixtures.byField;
import static io.cengjiyun.ports.internal.Fixtures.definition;
import static io.cengjiyun.ports.internal.Fixtures.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.validation.HierarchyValidator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortRulesTest {

    /** The errors of a Deployment 'web' whose container listens on 8080 ('http') and 9090. */
    private static Map<String, String> errors(String portsJson) {
        return byField(PortRules.check(web("Deployment", portsJson)));
    }

    /** Asserts that exactly this field is refused, with a message that contains each hint. */
    private static void refused(Map<String, String> errors, String field, String... hints) {
        assertEquals(Set.of(field), errors.keySet(), "errors: " + errors);
        for (String hint : hints) {
            assertTrue(errors.get(field).contains(hint), field + ": '" + errors.get(field) + "' lacks '" + hint + "'");
        }
    }

    @Test
    void validPortsOfEveryKindPassHereAndInTheStore() {
        List<String> valid = List.of(
                "[{'name': 'http', 'port': 80, 'targetPort': 8080}]",
                "[{'name': 'http', 'port': 80, 'targetPort': 'http', 'exposure': 'LoadBalancer', 'nodePort': 32767}]",
                "[{'name': 'dns', 'port': 53, 'targetPort': 9090, 'protocol': 'UDP', 'exposure': 'NodePort', 'nodePort': 30053},"
                        + " {'name': 'dns-tcp', 'port': 53, 'targetPort': 9090, 'exposure': 'NodePort', 'nodePort': 30053}]",
                "[{'name': 'http', 'port': 8080, 'exposure': 'Headless'}]",
                "[]");
        for (String ports : valid) {
            ServerDefinition def = web("Deployment", ports);
            assertEquals(List.of(), PortRules.check(def), ports);
            assertEquals(List.of(), HierarchyValidator.validate(def), "the store refuses " + ports);
        }
    }

    @Test
    void anEmptyPortIsRefused() {
        refused(
                errors("[{'name': 'http', 'port': 80, 'targetPort': 8080}, null]"),
                "ports[1]",
                "give at least a name and a port");
    }

    @Test
    void everyPortNeedsAName() {
        refused(errors("[{'port': 80, 'targetPort': 8080}]"), "ports[0].name", "is required", "e.g. 'http'");
    }

    @Test
    void aPortNameHasAtMost15Characters() {
        refused(
                errors("[{'name': 'http-and-metrics', 'port': 80, 'targetPort': 8080}]"),
                "ports[0].name",
                "at most 15");
    }

    @Test
    void aPortNameIsADnsLabel() {
        refused(
                errors("[{'name': 'HTTP_1', 'port': 80, 'targetPort': 8080}]"),
                "ports[0].name",
                "lower-case letters, digits and '-'");
    }

    @Test
    void portNamesAreUnique() {
        refused(
                errors(
                        "[{'name': 'http', 'port': 80, 'targetPort': 8080}, {'name': 'http', 'port': 81, 'targetPort': 8080}]"),
                "ports[1].name",
                "ports[0]",
                "own name");
    }

    @Test
    void aPortNumberIsRequired() {
        refused(errors("[{'name': 'http', 'targetPort': 8080}]"), "ports[0].port", "is required", "80");
    }

    @Test
    void aPortNumberIsFrom1To65535() {
        refused(errors("[{'name': 'http', 'port': 0, 'targetPort': 8080}]"), "ports[0].port", "1 to 65535");
        refused(errors("[{'name': 'http', 'port': 65536, 'targetPort': 8080}]"), "ports[0].port", "1 to 65535");
    }

    @Test
    void aPortAndProtocolAreUsedOnce() {
        refused(
                errors(
                        "[{'name': 'http', 'port': 80, 'targetPort': 8080}, {'name': 'alt', 'port': 80, 'targetPort': 9090,"
                                + " 'protocol': 'TCP'}]"),
                "ports[1].port",
                "80/TCP",
                "ports[0]",
                "change the port or the protocol");
    }

    @Test
    void theSamePortNumberServesTcpAndUdp() {
        assertEquals(
                Map.of(),
                errors("[{'name': 'dns', 'port': 53, 'targetPort': 9090, 'protocol': 'UDP'},"
                        + " {'name': 'dns-tcp', 'port': 53, 'targetPort': 9090}]"));
    }

    @Test
    void theProtocolIsTcpOrUdp() {
        refused(
                errors("[{'name': 'http', 'port': 80, 'targetPort': 8080, 'protocol': 'SCTP'}]"),
                "ports[0].protocol",
                "use TCP or UDP");
    }

    @Test
    void aNumericTargetPortIsFrom1To65535() {
        refused(errors("[{'name': 'http', 'port': 80, 'targetPort': 70000}]"), "ports[0].targetPort", "1 to 65535");
    }

    @Test
    void aNumericTargetPortMustBeAContainerPort() {
        refused(
                errors("[{'name': 'http', 'port': 80, 'targetPort': 8081}]"),
                "ports[0].targetPort",
                "8081 is not a port of any container",
                "[8080, 9090]");
    }

    @Test
    void anyNumericTargetPortIsAcceptedWhenNoContainerDeclaresPorts() {
        ServerDefinition def = definition("""
                {'name': 'web', 'kind': 'Deployment', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'ports': [{'name': 'http', 'port': 80, 'targetPort': 8081}, {'name': 'admin', 'port': 81}]}""");

        assertEquals(List.of(), PortRules.check(def));
    }

    @Test
    void aPortWithoutTargetPortMustItselfBeAContainerPort() {
        refused(
                errors("[{'name': 'http', 'port': 80}]"),
                "ports[0].targetPort",
                "traffic goes to port 80",
                "set targetPort to one of [8080, 9090]");
    }

    @Test
    void aNamedTargetPortMustNameAContainerPort() {
        refused(
                errors("[{'name': 'web', 'port': 80, 'targetPort': 'htp'}]"),
                "ports[0].targetPort",
                "'htp' names no container port",
                "[http]");
    }

    @Test
    void aNamedTargetPortNeedsNamedContainerPorts() {
        ServerDefinition def = definition("""
                {'name': 'web', 'kind': 'Deployment', 'containers': [{'name': 'web', 'image': 'nginx:1.27',
                 'ports': [{'containerPort': 8080}]}], 'ports': [{'name': 'web', 'port': 80, 'targetPort': 'http'}]}""");

        refused(
                byField(PortRules.check(def)),
                "ports[0].targetPort",
                "no container names its ports",
                "give the number");
    }

    @Test
    void theExposureIsOneOfFour() {
        refused(
                errors("[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'Public'}]"),
                "ports[0].exposure",
                "ClusterIP",
                "NodePort",
                "LoadBalancer",
                "Headless");
    }

    @Test
    void allPortsOfAServerHaveTheSameExposure() {
        refused(
                errors("[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'NodePort'},"
                        + " {'name': 'metrics', 'port': 9090, 'targetPort': 9090, 'exposure': 'LoadBalancer'}]"),
                "ports[1].exposure",
                "is LoadBalancer, but ports[0] is NodePort",
                "the same exposure");
    }

    @Test
    void aPortWithoutExposureIsClusterIpAndDoesNotMixWithOthers() {
        refused(
                errors("[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'NodePort'},"
                        + " {'name': 'metrics', 'port': 9090, 'targetPort': 9090}]"),
                "ports[1].exposure",
                "is ClusterIP (the default), but ports[0] is NodePort");
        assertEquals(
                Map.of(),
                errors("[{'name': 'http', 'port': 80, 'targetPort': 8080},"
                        + " {'name': 'metrics', 'port': 9090, 'targetPort': 9090, 'exposure': 'ClusterIP'}]"));
    }

    @Test
    void aNodePortNeedsNodePortOrLoadBalancerExposure() {
        refused(
                errors("[{'name': 'http', 'port': 80, 'targetPort': 8080, 'nodePort': 30080}]"),
                "ports[0].nodePort",
                "only for exposure NodePort or LoadBalancer",
                "remove nodePort");
        refused(
                errors("[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'Headless', 'nodePort': 30080}]"),
                "ports[0].nodePort",
                "this port is Headless");
    }

    @Test
    void aNodePortIsInTheDefaultNodePortRange() {
        refused(
                errors("[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'NodePort', 'nodePort': 29999}]"),
                "ports[0].nodePort",
                "29999 is outside the node port range 30000-32767",
                "leave nodePort out");
        refused(
                errors("[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'NodePort', 'nodePort': 32768}]"),
                "ports[0].nodePort",
                "30000-32767");
    }

    @Test
    void aNodePortIsUsedOncePerProtocol() {
        refused(
                errors(
                        "[{'name': 'http', 'port': 80, 'targetPort': 8080, 'exposure': 'NodePort', 'nodePort': 30080},"
                                + " {'name': 'alt', 'port': 81, 'targetPort': 8080, 'exposure': 'NodePort', 'nodePort': 30080}]"),
                "ports[1].nodePort",
                "30080/TCP",
                "ports[0]",
                "own nodePort");
    }

    @Test
    void aServerWithPortsIsNamedLikeAService() {
        ServerDefinition def = definition("""
                {'name': '1web', 'kind': 'Deployment', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'ports': [{'name': 'http', 'port': 80}]}""");

        refused(byField(PortRules.check(def)), "name", "must start with a letter", "'web-1web'");
    }

    @Test
    void aStatefulSetWithPortsLeavesRoomInItsNameForTheHeadlessService() {
        String name = "a".repeat(55);
        String ports =
                "'containers': [{'name': 'web', 'image': 'nginx:1.27'}], 'ports': [{'name': 'http', 'port': 80}]";

        refused(
                byField(PortRules.check(definition("{'name': '" + name + "', 'kind': 'StatefulSet', " + ports + "}"))),
                "name",
                "'" + name + "-headless'",
                "at most 54");
        assertEquals(
                List.of(),
                PortRules.check(definition("{'name': '" + name + "', 'kind': 'Deployment', " + ports + "}")));
        assertEquals(
                List.of(),
                PortRules.check(
                        definition("{'name': '" + "a".repeat(54) + "', 'kind': 'StatefulSet', " + ports + "}")));
    }

    /** Moved from HierarchyValidatorTest: the ports are this bundle's to check, nowhere else. */
    @Test
    void namesEveryBadFieldOfAPort() {
        Map<String, String> errors = errors(
                "[{'name': 'http', 'port': 0, 'targetPort': 'nope', 'exposure': 'Public'," + " 'nodePort': 80}]");
        assertEquals(
                Set.of("ports[0].port", "ports[0].targetPort", "ports[0].exposure", "ports[0].nodePort"),
                errors.keySet(),
                errors.toString());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> errors = errors(
                "[{'port': 0, 'targetPort': 8081, 'protocol': 'SCTP', 'exposure': 'ClusterIP'," + " 'nodePort': 1}]");

        assertEquals(
                Set.of(
                        "ports[0].name",
                        "ports[0].port",
                        "ports[0].targetPort",
                        "ports[0].protocol",
                        "ports[0].nodePort"),
                errors.keySet());
    }
}
