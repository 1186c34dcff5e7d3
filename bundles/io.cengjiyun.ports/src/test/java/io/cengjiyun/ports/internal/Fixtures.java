/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Definitions written as a user sends them, objects read as the API server would receive them. */
final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private Fixtures() {}

    /** A definition from JSON; single quotes stand for double ones, to keep the tests readable. */
    static ServerDefinition definition(String json) {
        try {
            return JSON.readValue(json.replace('\'', '"'), ServerDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Deployment 'web' with one container listening on 8080 (named 'http') and 9090, and these ports. */
    static ServerDefinition web(String kind, String portsJson) {
        return definition("""
                {'name': 'web', 'kind': '%s', 'containers': [{'name': 'web', 'image': 'nginx:1.27',
                 'ports': [{'name': 'http', 'containerPort': 8080}, {'containerPort': 9090}]}],
                 'ports': %s}""".formatted(kind, portsJson));
    }

    static List<ServerPort> ports(String json) {
        try {
            return List.of(JSON.readValue(json.replace('\'', '"'), ServerPort[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode sent(Object object) {
        try {
            return JSON.readTree(KUBERNETES.asJson(object));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String json) {
        try {
            return JSON.readTree(json.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The errors by field, as a client reads them from the problem's list. */
    static Map<String, String> byField(List<FieldError> errors) {
        return errors.stream()
                .collect(Collectors.toMap(FieldError::field, FieldError::message, (a, b) -> a + " | " + b));
    }

    /** A Service as the cluster has it, with node ports as Kubernetes assigned them. */
    static Service service(String namespace, String name, String type, String clusterIp, int... portAndNodePort) {
        List<ServicePort> ports = new ArrayList<>();
        for (int i = 0; i < portAndNodePort.length; i += 2) {
            ServicePort p = new ServicePort();
            p.setName("p" + i);
            p.setPort(portAndNodePort[i]);
            p.setProtocol("TCP");
            p.setNodePort(portAndNodePort[i + 1] == 0 ? null : portAndNodePort[i + 1]);
            ports.add(p);
        }
        ServiceSpec spec = new ServiceSpec();
        spec.setType(type);
        spec.setClusterIP(clusterIp);
        spec.setPorts(ports);
        ObjectMeta meta = new ObjectMeta();
        meta.setNamespace(namespace);
        meta.setName(name);
        Service s = new Service();
        s.setMetadata(meta);
        s.setSpec(spec);
        return s;
    }

    /** A node with addresses given as type=address pairs, e.g. "InternalIP=172.18.0.2". */
    static Node node(String name, String... addresses) {
        List<NodeAddress> list = new ArrayList<>();
        for (String a : addresses) {
            String[] parts = a.split("=", 2);
            list.add(new NodeAddress(parts[1], parts[0]));
        }
        NodeStatus status = new NodeStatus();
        status.setAddresses(list);
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        Node node = new Node();
        node.setMetadata(meta);
        node.setStatus(status);
        return node;
    }
}
