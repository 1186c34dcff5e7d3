/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import io.cengjiyun.api.Container;
import io.cengjiyun.api.ContainerPort;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.IntOrString;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.api.ServerPort;
import io.cengjiyun.api.validation.Checks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of a server's ports, stricter than the store's ({@code HierarchyValidator}) where a Service would
 * otherwise be refused by Kubernetes or lead nowhere: every port is named, every port of a server has the same
 * exposure (they share one Service), and traffic goes to a port some container declares.
 */
final class PortRules {
    static final String CLUSTER_IP = "ClusterIP";
    static final String NODE_PORT = "NodePort";
    static final String LOAD_BALANCER = "LoadBalancer";
    static final String HEADLESS = "Headless";
    static final String TCP = "TCP";
    static final List<String> PROTOCOLS = List.of(TCP, "UDP");
    static final List<String> EXPOSURES = List.of(CLUSTER_IP, NODE_PORT, LOAD_BALANCER, HEADLESS);
    /** Kubernetes' default {@code --service-node-port-range}. */
    static final int MIN_NODE_PORT = 30000;

    static final int MAX_NODE_PORT = 32767;
    static final String NODE_PORT_RANGE = MIN_NODE_PORT + "-" + MAX_NODE_PORT;
    static final String HEADLESS_SUFFIX = "-headless";
    /** A Service name is a DNS-1035 label: at most 63 characters, starting with a letter. */
    private static final int MAX_SERVICE_NAME = 63;

    private PortRules() {}

    /** Every problem of the definition's ports; none for a definition without ports. */
    static List<FieldError> check(ServerDefinition def) {
        Checks c = new Checks(new ArrayList<>());
        List<ServerPort> ports = def.ports();
        if (ports == null || ports.isEmpty()) {
            return c.errors();
        }
        serverName(c, def);
        Set<String> names = new TreeSet<>();
        Set<Integer> numbers = new TreeSet<>();
        containerPorts(def.containers(), names, numbers);
        Map<String, Integer> portNames = new HashMap<>();
        Map<String, Integer> portKeys = new HashMap<>();
        Map<String, Integer> nodePortKeys = new HashMap<>();
        int exposureFrom = -1;
        for (int i = 0; i < ports.size(); i++) {
            ServerPort p = ports.get(i);
            String f = "ports[" + i + "]";
            if (p == null) {
                c.error(f, "is empty: give at least a name and a port, e.g. {\"name\": \"http\", \"port\": 80}");
                continue;
            }
            name(c, f, p, i, portNames);
            boolean protocolValid = protocol(c, f, p);
            if (c.required(f + ".port", p.port(), "80")) {
                c.port(f + ".port", p.port());
                if (protocolValid) {
                    unique(
                            c,
                            f + ".port",
                            p.port() + "/" + protocol(p),
                            i,
                            portKeys,
                            "port",
                            "each port number once per protocol: change the port or the protocol");
                }
            }
            targetPort(c, f, p, names, numbers);
            boolean exposureValid = exposure(c, f, p);
            if (exposureValid) {
                if (exposureFrom < 0) {
                    exposureFrom = i;
                } else if (!exposure(p).equals(exposure(ports.get(exposureFrom)))) {
                    c.error(
                            f + ".exposure",
                            "is " + shown(p) + ", but ports[" + exposureFrom + "] is "
                                    + shown(ports.get(exposureFrom))
                                    + ": a server's ports share one Service, so give all of"
                                    + " them the same exposure");
                }
            }
            nodePort(c, f, p, exposureValid, protocolValid, i, nodePortKeys);
        }
        return c.errors();
    }

    /** The protocol of a port: TCP unless given. */
    static String protocol(ServerPort p) {
        return p.protocol() == null ? TCP : p.protocol();
    }

    /** The exposure of a port: ClusterIP unless given. */
    static String exposure(ServerPort p) {
        return p.exposure() == null ? CLUSTER_IP : p.exposure();
    }

    /** The exposure of a server's one Service: its ports', which {@link #check} makes all the same. */
    static String exposure(List<ServerPort> ports) {
        return ports.isEmpty() || ports.get(0) == null ? CLUSTER_IP : exposure(ports.get(0));
    }

    /** Where a port's traffic goes: its targetPort, or the port itself as Kubernetes defaults it. */
    static IntOrString targetPort(ServerPort p) {
        return p.targetPort() != null ? p.targetPort() : p.port() == null ? null : IntOrString.of(p.port());
    }

    static boolean hasNodePort(String exposure) {
        return NODE_PORT.equals(exposure) || LOAD_BALANCER.equals(exposure);
    }

    /** The server's Services are named after it, so its name must be a Service name too. */
    private static void serverName(Checks c, ServerDefinition def) {
        String name = def.name();
        if (name == null || name.isEmpty()) {
            return; // the store's checks name it
        }
        if (!Character.isLetter(name.charAt(0))) {
            c.error(
                    "name",
                    "'" + name + "' starts with a digit, but a server with ports is reached through a Service"
                            + " of its name, which must start with a letter: give the server a name that does, e.g. 'web-"
                            + name
                            + "'");
        }
        if (def.kind() == ServerKind.StatefulSet
                && !HEADLESS.equals(exposure(def.ports()))
                && (name + HEADLESS_SUFFIX).length() > MAX_SERVICE_NAME) {
            c.error(
                    "name",
                    "is " + name.length() + " characters long; a StatefulSet with ports also gets the Service '"
                            + name + HEADLESS_SUFFIX + "', which may be at most " + MAX_SERVICE_NAME
                            + " characters: use a name"
                            + " of at most " + (MAX_SERVICE_NAME - HEADLESS_SUFFIX.length())
                            + " characters, or make the ports"
                            + " Headless");
        }
    }

    private static void containerPorts(List<Container> containers, Set<String> names, Set<Integer> numbers) {
        if (containers == null) {
            return;
        }
        for (Container container : containers) {
            if (container == null || container.ports() == null) {
                continue;
            }
            for (ContainerPort port : container.ports()) {
                if (port == null) {
                    continue;
                }
                if (port.name() != null) {
                    names.add(port.name());
                }
                if (port.containerPort() != null) {
                    numbers.add(port.containerPort());
                }
            }
        }
    }

    private static void name(Checks c, String f, ServerPort p, int i, Map<String, Integer> seen) {
        if (p.name() == null || p.name().isBlank()) {
            c.error(
                    f + ".name",
                    "is required: name every port, e.g. 'http' (at most 15 lower-case letters, digits" + " and '-')");
            return;
        }
        int before = c.errors().size();
        c.portName(f + ".name", p.name());
        if (c.errors().size() == before) {
            unique(c, f + ".name", p.name(), i, seen, "name", "give each port its own name");
        }
    }

    private static boolean protocol(Checks c, String f, ServerPort p) {
        if (p.protocol() != null && !PROTOCOLS.contains(p.protocol())) {
            c.error(
                    f + ".protocol",
                    "'" + p.protocol() + "' is not a protocol a port can have: use TCP or UDP"
                            + " (or leave it out for TCP)");
            return false;
        }
        return true;
    }

    private static void targetPort(Checks c, String f, ServerPort p, Set<String> names, Set<Integer> numbers) {
        String field = f + ".targetPort";
        IntOrString target = p.targetPort();
        if (target == null) {
            if (p.port() != null
                    && p.port() >= 1
                    && p.port() <= 65535
                    && !numbers.isEmpty()
                    && !numbers.contains(p.port())) {
                c.error(
                        field,
                        "is not given, so traffic goes to port " + p.port() + " of the pods, which no container"
                                + " declares: set targetPort to one of " + numbers + ", or declare " + p.port()
                                + " under the container's ports");
            }
            return;
        }
        if (target.isInt()) {
            int number = target.intValue();
            if (number < 1 || number > 65535) {
                c.error(field, number + " is out of range: use 1 to 65535, or the name of a container port");
            } else if (!numbers.isEmpty() && !numbers.contains(number)) {
                c.error(
                        field,
                        number + " is not a port of any container: use one of " + numbers + ", or declare " + number
                                + " under the container's ports");
            }
            return;
        }
        String name = target.strValue();
        if (name == null || name.isBlank()) {
            c.error(field, "is empty: give a container port number, e.g. 8080, or a container port name");
        } else if (!names.contains(name)) {
            c.error(
                    field,
                    "'" + name + "' names no container port: "
                            + (names.isEmpty()
                                    ? "no container names its ports, so give the number (e.g. 8080) or name the port under the"
                                            + " container's ports"
                                    : "use one of " + names + " or a port number"));
        }
    }

    private static boolean exposure(Checks c, String f, ServerPort p) {
        if (p.exposure() != null && !EXPOSURES.contains(p.exposure())) {
            c.error(
                    f + ".exposure",
                    "'" + p.exposure() + "' is not an exposure: use ClusterIP (inside the cluster,"
                            + " the default), NodePort (on every node), LoadBalancer (an external address) or Headless (the"
                            + " pods' own addresses by DNS)");
            return false;
        }
        return true;
    }

    private static void nodePort(
            Checks c,
            String f,
            ServerPort p,
            boolean exposureValid,
            boolean protocolValid,
            int i,
            Map<String, Integer> seen) {
        Integer nodePort = p.nodePort();
        if (nodePort == null) {
            return;
        }
        String field = f + ".nodePort";
        if (exposureValid && !hasNodePort(exposure(p))) {
            c.error(
                    field,
                    "is only for exposure NodePort or LoadBalancer, and this port is " + shown(p)
                            + ": remove nodePort, or set exposure to NodePort");
        } else if (nodePort < MIN_NODE_PORT || nodePort > MAX_NODE_PORT) {
            c.error(
                    field,
                    nodePort + " is outside the node port range " + NODE_PORT_RANGE + " (Kubernetes' default):"
                            + " pick a port in it, or leave nodePort out to have one assigned");
        } else if (protocolValid) {
            unique(
                    c,
                    field,
                    nodePort + "/" + protocol(p),
                    i,
                    seen,
                    "nodePort",
                    "give each port its own nodePort, or leave it out to have one assigned");
        }
    }

    private static void unique(
            Checks c, String field, String value, int i, Map<String, Integer> seen, String what, String fix) {
        Integer first = seen.putIfAbsent(value, i);
        if (first != null) {
            c.error(field, "'" + value + "' is also the " + what + " of ports[" + first + "]: " + fix);
        }
    }

    private static String shown(ServerPort p) {
        return p.exposure() == null ? CLUSTER_IP + " (the default)" : p.exposure();
    }
}
