/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import io.cengjiyun.api.IntOrString;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.api.ServerPort;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Service objects of a server's valid ports: one named after the server, of the ports' exposure, and for a
 * StatefulSet a headless one named {@code <server>-headless} as well, the StatefulSet's serviceName, so that each of
 * its pods has a DNS name whatever the exposure (a serviceName cannot change later).
 */
final class PortServices {
    /** The pod labels that identify a server's pods; the platform sets them on every pod template. */
    static final List<String> SELECTOR_LABELS =
            List.of("app.kubernetes.io/name", "cengjiyun.io/service", "cengjiyun.io/appmap", "cengjiyun.io/server");

    static final String NONE = "None";

    private PortServices() {}

    /** The Services to apply; none without ports. Namespace, labels and owner are the lifecycle's to set. */
    static List<Service> of(String server, ServerKind kind, List<ServerPort> ports, Map<String, String> selector) {
        if (ports == null || ports.isEmpty()) {
            return List.of();
        }
        String exposure = PortRules.exposure(ports);
        boolean headless = PortRules.HEADLESS.equals(exposure);
        List<Service> services = new ArrayList<>();
        services.add(
                service(server, headless ? PortRules.CLUSTER_IP : exposure, headless, false, ports, true, selector));
        if (kind == ServerKind.StatefulSet) {
            services.add(service(
                    server + PortRules.HEADLESS_SUFFIX, PortRules.CLUSTER_IP, true, true, ports, false, selector));
        }
        return services;
    }

    /**
     * The labels of the pod template that select the server's pods.
     *
     * @throws IllegalStateException if the template lacks one: the Service would select pods of other servers
     */
    static Map<String, String> selector(String server, PodTemplateSpec template) {
        Map<String, String> labels = template == null
                        || template.getMetadata() == null
                        || template.getMetadata().getLabels() == null
                ? Map.of()
                : template.getMetadata().getLabels();
        Map<String, String> selector = new LinkedHashMap<>();
        for (String key : SELECTOR_LABELS) {
            String value = labels.get(key);
            if (value == null) {
                throw new IllegalStateException("the pod template of server '" + server + "' has no label '" + key
                        + "', so its Service cannot select its pods (labels: " + labels + ")");
            }
            selector.put(key, value);
        }
        return selector;
    }

    private static Service service(
            String name,
            String type,
            boolean headless,
            boolean notReady,
            List<ServerPort> ports,
            boolean nodePorts,
            Map<String, String> selector) {
        ServiceSpec spec = new ServiceSpec();
        spec.setType(type);
        if (headless) {
            spec.setClusterIP(NONE);
        }
        if (notReady) {
            // Pods of a StatefulSet find each other by DNS while they start, before they are ready.
            spec.setPublishNotReadyAddresses(true);
        }
        spec.setSelector(new LinkedHashMap<>(selector));
        List<ServicePort> servicePorts = new ArrayList<>();
        for (ServerPort p : ports) {
            ServicePort port = new ServicePort();
            port.setName(p.name());
            port.setPort(p.port());
            port.setTargetPort(fabric8(PortRules.targetPort(p)));
            // Set even for TCP: server-side apply keys a Service's ports by port and protocol.
            port.setProtocol(PortRules.protocol(p));
            if (nodePorts && p.nodePort() != null) {
                port.setNodePort(p.nodePort());
            }
            servicePorts.add(port);
        }
        spec.setPorts(servicePorts);
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        Service service = new Service();
        service.setMetadata(meta);
        service.setSpec(spec);
        return service;
    }

    private static io.fabric8.kubernetes.api.model.IntOrString fabric8(IntOrString value) {
        if (value == null) {
            return null;
        }
        return value.isInt()
                ? new io.fabric8.kubernetes.api.model.IntOrString(value.intValue())
                : new io.fabric8.kubernetes.api.model.IntOrString(value.strValue());
    }
}
