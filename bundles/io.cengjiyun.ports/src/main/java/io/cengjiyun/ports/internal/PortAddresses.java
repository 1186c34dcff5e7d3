/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import io.cengjiyun.api.ServerPort;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Where a server's ports can be reached, from its live Service and the cluster's nodes: the cluster IP (or, for a
 * headless Service, its DNS name), every node's InternalIP at the node port, and a load balancer's ingress. The
 * addresses are what the cluster has applied, which may lag behind a stored change.
 */
final class PortAddresses {
    static final String PENDING = "pending";
    private static final String INTERNAL_IP = "InternalIP";

    private PortAddresses() {}

    /**
     * @param live the server's Service as the cluster has it, or null if it has none
     * @param nodes the cluster's nodes
     */
    static List<PortView> of(String namespace, List<ServerPort> ports, Service live, List<Node> nodes) {
        List<PortView> views = new ArrayList<>();
        if (ports == null) {
            return views;
        }
        for (ServerPort p : ports) {
            if (p == null) {
                continue;
            }
            ServicePort livePort = livePort(live, p);
            Integer nodePort =
                    livePort != null && livePort.getNodePort() != null ? livePort.getNodePort() : p.nodePort();
            views.add(new PortView(
                    p.name(),
                    p.port(),
                    PortRules.targetPort(p),
                    PortRules.protocol(p),
                    PortRules.exposure(p),
                    nodePort,
                    livePort == null ? List.of() : addresses(namespace, live, livePort, nodes)));
        }
        return views;
    }

    private static ServicePort livePort(Service live, ServerPort p) {
        if (live == null || live.getSpec() == null || live.getSpec().getPorts() == null) {
            return null;
        }
        List<ServicePort> ports = live.getSpec().getPorts();
        return ports.stream()
                .filter(s -> p.name() != null && p.name().equals(s.getName()))
                .findFirst()
                .orElseGet(() -> ports.stream()
                        .filter(s -> Objects.equals(s.getPort(), p.port())
                                && PortRules.protocol(p)
                                        .equals(s.getProtocol() == null ? PortRules.TCP : s.getProtocol()))
                        .findFirst()
                        .orElse(null));
    }

    private static List<String> addresses(String namespace, Service live, ServicePort port, List<Node> nodes) {
        ServiceSpec spec = live.getSpec();
        List<String> addresses = new ArrayList<>();
        List<String> clusterIps =
                spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()
                        ? spec.getClusterIPs()
                        : spec.getClusterIP() == null ? List.of() : List.of(spec.getClusterIP());
        for (String ip : clusterIps) {
            if (PortServices.NONE.equals(ip)) {
                // Headless: the name resolves to the pods' own addresses, inside the cluster.
                addresses.add(live.getMetadata().getName() + "." + namespace + ".svc:" + port.getPort());
            } else if (ip != null && !ip.isEmpty()) {
                addresses.add(hostPort(ip, port.getPort()));
            }
        }
        String type = spec.getType();
        if (port.getNodePort() != null && PortRules.hasNodePort(type)) {
            nodes.stream()
                    .sorted(Comparator.comparing(n -> n.getMetadata().getName()))
                    .forEach(node -> {
                        if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
                            for (NodeAddress a : node.getStatus().getAddresses()) {
                                if (INTERNAL_IP.equals(a.getType()) && a.getAddress() != null) {
                                    addresses.add(hostPort(a.getAddress(), port.getNodePort()));
                                }
                            }
                        }
                    });
        }
        if (PortRules.LOAD_BALANCER.equals(type)) {
            List<LoadBalancerIngress> ingress =
                    live.getStatus() == null || live.getStatus().getLoadBalancer() == null
                            ? null
                            : live.getStatus().getLoadBalancer().getIngress();
            if (ingress == null || ingress.isEmpty()) {
                addresses.add(PENDING);
            } else {
                for (LoadBalancerIngress i : ingress) {
                    String host = i.getIp() != null && !i.getIp().isEmpty() ? i.getIp() : i.getHostname();
                    if (host != null && !host.isEmpty()) {
                        addresses.add(hostPort(host, port.getPort()));
                    }
                }
            }
        }
        return addresses;
    }

    /** {@code host:port}, with an IPv6 address in brackets. */
    static String hostPort(String host, Integer port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
