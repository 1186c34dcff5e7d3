/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import static io.cengjiyun.ports.internal.Fixtures.node;
import static io.cengjiyun.ports.internal.Fixtures.ports;
import static io.cengjiyun.ports.internal.Fixtures.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cengjiyun.api.IntOrString;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortAddressesTest {
    private static final List<Node> NODES = List.of(
            node("worker-2", "InternalIP=172.18.0.3", "Hostname=worker-2"),
            node("worker-1", "Hostname=worker-1", "InternalIP=172.18.0.2"));

    private static List<String> addresses(String portsJson, Service live) {
        List<PortView> views = PortAddresses.of("shop-dev", ports(portsJson), live, NODES);
        assertEquals(1, views.size());
        return views.get(0).addresses();
    }

    private static Service withIngress(Service s, LoadBalancerIngress... ingress) {
        ServiceStatus status = new ServiceStatus();
        status.setLoadBalancer(new LoadBalancerStatus(List.of(ingress)));
        s.setStatus(status);
        return s;
    }

    @Test
    void aClusterIpPortIsReachedAtTheClusterIp() {
        assertEquals(
                List.of("10.96.0.10:80"),
                addresses(
                        "[{'name': 'p0', 'port': 80}]", service("shop-dev", "web", "ClusterIP", "10.96.0.10", 80, 0)));
    }

    @Test
    void aNodePortIsReachedOnEveryNodesInternalIpInNodeOrder() {
        Service live = service("shop-dev", "web", "NodePort", "10.96.0.10", 80, 31234);

        List<PortView> views = PortAddresses.of(
                "shop-dev", ports("[{'name': 'p0', 'port': 80, 'exposure': 'NodePort'}]"), live, NODES);

        assertEquals(
                List.of(new PortView(
                        "p0",
                        80,
                        IntOrString.of(80),
                        "TCP",
                        "NodePort",
                        31234,
                        List.of("10.96.0.10:80", "172.18.0.2:31234", "172.18.0.3:31234"))),
                views,
                "the node port is the one Kubernetes assigned");
    }

    @Test
    void aLoadBalancerWithoutIngressIsPending() {
        assertEquals(
                List.of("10.96.0.10:80", "172.18.0.2:30080", "172.18.0.3:30080", "pending"),
                addresses(
                        "[{'name': 'p0', 'port': 80, 'exposure': 'LoadBalancer'}]",
                        service("shop-dev", "web", "LoadBalancer", "10.96.0.10", 80, 30080)));
    }

    @Test
    void aLoadBalancerIsReachedAtItsIngressIpOrHostname() {
        LoadBalancerIngress ip = new LoadBalancerIngress();
        ip.setIp("203.0.113.7");
        LoadBalancerIngress host = new LoadBalancerIngress();
        host.setHostname("web.lb.example.com");
        Service live = withIngress(service("shop-dev", "web", "LoadBalancer", "10.96.0.10", 80, 30080), ip, host);

        assertEquals(
                List.of(
                        "10.96.0.10:80",
                        "172.18.0.2:30080",
                        "172.18.0.3:30080",
                        "203.0.113.7:80",
                        "web.lb.example.com:80"),
                addresses("[{'name': 'p0', 'port': 80, 'exposure': 'LoadBalancer'}]", live));
    }

    @Test
    void aHeadlessPortIsReachedByTheServicesDnsName() {
        assertEquals(
                List.of("web.shop-dev.svc:80"),
                addresses(
                        "[{'name': 'p0', 'port': 80, 'exposure': 'Headless'}]",
                        service("shop-dev", "web", "ClusterIP", "None", 80, 0)));
    }

    @Test
    void everyClusterIpOfADualStackServiceIsAnAddressIpv6InBrackets() {
        Service live = service("shop-dev", "web", "ClusterIP", "10.96.0.10", 80, 0);
        live.getSpec().setClusterIPs(List.of("10.96.0.10", "fd00:10:96::a"));

        assertEquals(List.of("10.96.0.10:80", "[fd00:10:96::a]:80"), addresses("[{'name': 'p0', 'port': 80}]", live));
    }

    @Test
    void aPortIsMatchedToTheLiveOneByNameThenByPortAndProtocol() {
        Service live = service("shop-dev", "web", "NodePort", "10.96.0.10", 80, 30080, 81, 30081);

        List<PortView> views = PortAddresses.of("shop-dev", ports("""
                [{'name': 'p2', 'port': 80, 'exposure': 'NodePort'},
                 {'name': 'renamed', 'port': 81, 'exposure': 'NodePort'}]"""), live, List.of());

        assertEquals(
                List.of(30081, 30081), views.stream().map(PortView::nodePort).toList());
    }

    @Test
    void withoutALiveServiceThePortsShowTheirDefaultsAndNoAddress() {
        List<PortView> views = PortAddresses.of(
                "shop-dev",
                ports("[{'name': 'http', 'port': 80, 'nodePort': 30080, 'exposure': 'NodePort'}]"),
                null,
                NODES);

        assertEquals(List.of(new PortView("http", 80, IntOrString.of(80), "TCP", "NodePort", 30080, List.of())), views);
    }

    @Test
    void aPortTheLiveServiceDoesNotHaveYetHasNoAddress() {
        assertEquals(
                List.of(),
                addresses(
                        "[{'name': 'new', 'port': 443}]",
                        service("shop-dev", "web", "ClusterIP", "10.96.0.10", 80, 0)));
    }
}
