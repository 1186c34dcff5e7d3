/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.ServerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Refuses fixed node ports that another Service of the cluster holds: Kubernetes would refuse the Service
 * with a message that names neither the port nor its holder. Node ports are one range for the whole cluster,
 * whatever the namespace or protocol.
 */
final class NodePortCheck {
    private NodePortCheck() {}

    static boolean anyFixed(List<ServerPort> ports) {
        return ports != null && ports.stream().anyMatch(p -> p != null && p.nodePort() != null);
    }

    /**
     * @param namespace and {@code server}: the server's own Service, which holds its ports already
     * @throws ConflictException naming each taken port's field and holder
     */
    static void check(String cluster, String namespace, String server, List<ServerPort> ports, List<Service> services) {
        Map<Integer, String> holders = new HashMap<>();
        for (Service s : services) {
            if (s.getMetadata() == null || s.getSpec() == null || s.getSpec().getPorts() == null) {
                continue;
            }
            String ns = s.getMetadata().getNamespace();
            String name = s.getMetadata().getName();
            if (Objects.equals(ns, namespace) && Objects.equals(name, server)) {
                continue;
            }
            for (ServicePort port : s.getSpec().getPorts()) {
                if (port.getNodePort() != null) {
                    holders.putIfAbsent(port.getNodePort(), ns + "/" + name);
                }
            }
        }
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            ServerPort p = ports.get(i);
            String holder = p == null || p.nodePort() == null ? null : holders.get(p.nodePort());
            if (holder != null) {
                taken.add("ports[" + i + "].nodePort: " + p.nodePort() + " is held by Service " + holder);
            }
        }
        if (!taken.isEmpty()) {
            throw new ConflictException(String.join("; ", taken) + " on cluster '" + cluster + "'. Pick a free port in "
                    + PortRules.NODE_PORT_RANGE + ", or leave nodePort out to have one assigned.");
        }
    }
}
