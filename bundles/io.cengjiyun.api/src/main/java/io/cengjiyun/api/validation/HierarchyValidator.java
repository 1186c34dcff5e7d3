package io.cengjiyun.api.validation;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Autoscaling;
import io.cengjiyun.api.Container;
import io.cengjiyun.api.ContainerPort;
import io.cengjiyun.api.EnvVar;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.IntOrString;
import io.cengjiyun.api.Quota;
import io.cengjiyun.api.Resources;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.api.ServerPort;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.UpdateStrategy;
import io.cengjiyun.api.Volume;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates services, appmaps and server definitions; returns every problem, not just the first. */
public final class HierarchyValidator {
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern CRON = Pattern.compile("(@(yearly|annually|monthly|weekly|daily|hourly))|(\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+)");
    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    private static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");
    private static final List<String> EXPOSURES = List.of("ClusterIP", "NodePort", "LoadBalancer", "Headless");
    private static final List<String> VOLUME_TYPES = List.of("persistent", "emptyDir", "config", "secret");
    private static final List<String> ACCESS_MODES = List.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod");
    private static final List<String> STRATEGIES = List.of("RollingUpdate", "Recreate", "OnDelete");
    private static final int MAX_REPLICAS = 1000;

    private HierarchyValidator() {
    }

    public static List<FieldError> validate(Service service) {
        Checks c = new Checks(new ArrayList<>());
        c.dnsLabel("name", service.name(), Checks.MAX_LABEL);
        c.maxLength("displayName", service.displayName(), 100);
        c.maxLength("description", service.description(), 2000);
        return c.errors();
    }

    public static List<FieldError> validate(AppMap appMap) {
        Checks c = new Checks(new ArrayList<>());
        boolean named = c.dnsLabel("name", appMap.name(), Checks.MAX_LABEL);
        c.dnsLabel("cluster", appMap.cluster(), Checks.MAX_LABEL);
        if (appMap.namespace() != null) {
            c.optionalDnsLabel("namespace", appMap.namespace(), Checks.MAX_LABEL);
        } else if (named && appMap.service() != null && appMap.effectiveNamespace().length() > Checks.MAX_LABEL) {
            c.error("namespace", "the default namespace '" + appMap.effectiveNamespace() + "' is longer than "
                    + Checks.MAX_LABEL + " characters: give a shorter appmap name or an explicit namespace");
        }
        c.optionalDnsLabel("environment", appMap.environment(), Checks.MAX_LABEL);
        quota(c, "quota", appMap.quota());
        return c.errors();
    }

    static void quota(Checks c, String field, Quota quota) {
        if (quota == null) {
            return;
        }
        c.quantity(field + ".cpu", quota.cpu());
        c.quantity(field + ".memory", quota.memory());
        c.quantity(field + ".storage", quota.storage());
        c.range(field + ".pods", quota.pods(), 0, 100_000);
    }

    public static List<FieldError> validate(ServerDefinition def) {
        Checks c = new Checks(new ArrayList<>());
        c.dnsLabel("name", def.name(), Checks.MAX_LABEL);
        if (def.kind() == null) {
            c.error("kind", "is required: one of Deployment, StatefulSet, DaemonSet, Job, CronJob");
        }
        c.range("replicas", def.replicas(), 0, MAX_REPLICAS);
        if (def.kind() == ServerKind.DaemonSet && def.replicas() != null) {
            c.error("replicas", "a DaemonSet runs one pod per node: leave replicas out");
        }
        if (def.kind() == ServerKind.CronJob) {
            if (c.required("schedule", def.schedule(), "'*/5 * * * *'") && !CRON.matcher(def.schedule().trim()).matches()) {
                c.error("schedule", "'" + def.schedule() + "' is not a cron schedule: use five fields, e.g. '*/5 * * * *'");
            }
        } else if (def.schedule() != null) {
            c.error("schedule", "only a CronJob has a schedule: remove it or set kind to CronJob");
        }
        Set<String> containerPortNames = new HashSet<>();
        Set<Integer> containerPortNumbers = new HashSet<>();
        if (def.containers() == null || def.containers().isEmpty()) {
            c.error("containers", "at least one container is required, e.g. [{\"name\": \"web\", \"image\": \"nginx:1.27\"}]");
        } else {
            containers(c, "containers", def.containers(), new HashSet<>(), containerPortNames, containerPortNumbers);
        }
        if (def.initContainers() != null) {
            containers(c, "initContainers", def.initContainers(), new HashSet<>(), new HashSet<>(), new HashSet<>());
        }
        ports(c, def.ports(), containerPortNames, containerPortNumbers);
        volumes(c, def.volumes());
        strategy(c, def.kind(), def.updateStrategy());
        autoscaling(c, def.kind(), def.autoscaling());
        labels(c, "labels", def.labels(), true);
        labels(c, "annotations", def.annotations(), false);
        labels(c, "nodeSelector", def.nodeSelector(), true);
        return c.errors();
    }

    private static void containers(Checks c, String field, List<Container> containers, Set<String> names,
            Set<String> portNames, Set<Integer> portNumbers) {
        for (int i = 0; i < containers.size(); i++) {
            String f = field + "[" + i + "]";
            Container ct = containers.get(i);
            if (ct == null) {
                c.error(f, "is empty: give at least a name and an image");
                continue;
            }
            if (c.dnsLabel(f + ".name", ct.name(), Checks.MAX_LABEL) && !names.add(ct.name())) {
                c.error(f + ".name", "'" + ct.name() + "' is used by another container: container names must be unique");
            }
            if (c.required(f + ".image", ct.image(), "'nginx:1.27'") && ct.image().chars().anyMatch(Character::isWhitespace)) {
                c.error(f + ".image", "'" + ct.image() + "' contains white space: give a reference such as 'registry/name:tag'");
            }
            c.oneOf(f + ".imagePullPolicy", ct.imagePullPolicy(), PULL_POLICIES);
            env(c, f + ".env", ct.env());
            containerPorts(c, f + ".ports", ct.ports(), portNames, portNumbers);
            resources(c, f + ".resources", ct.resources());
        }
    }

    private static void env(Checks c, String field, List<EnvVar> env) {
        if (env == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < env.size(); i++) {
            EnvVar e = env.get(i);
            String f = field + "[" + i + "].name";
            if (e == null || e.name() == null || e.name().isEmpty()) {
                c.error(f, "is required, e.g. 'MODE'");
            } else if (!ENV_NAME.matcher(e.name()).matches()) {
                c.error(f, "'" + e.name() + "' is not a valid variable name: use letters, digits, '_', '-' and '.', not starting with a digit");
            } else if (!seen.add(e.name())) {
                c.error(f, "'" + e.name() + "' is set twice: keep one");
            }
        }
    }

    private static void containerPorts(Checks c, String field, List<ContainerPort> ports, Set<String> names, Set<Integer> numbers) {
        if (ports == null) {
            return;
        }
        for (int i = 0; i < ports.size(); i++) {
            ContainerPort p = ports.get(i);
            String f = field + "[" + i + "]";
            if (p == null) {
                c.error(f, "is empty: give a containerPort");
                continue;
            }
            if (c.required(f + ".containerPort", p.containerPort(), "8080")) {
                c.port(f + ".containerPort", p.containerPort());
                numbers.add(p.containerPort());
            }
            c.portName(f + ".name", p.name());
            if (p.name() != null) {
                names.add(p.name());
            }
            c.oneOf(f + ".protocol", p.protocol(), PROTOCOLS);
        }
    }

    private static void resources(Checks c, String field, Resources r) {
        if (r == null) {
            return;
        }
        quantities(c, field + ".requests", r.requests());
        quantities(c, field + ".limits", r.limits());
    }

    private static void quantities(Checks c, String field, Map<String, String> values) {
        if (values != null) {
            values.forEach((k, v) -> c.quantity(field + "." + k, v));
        }
    }

    private static void ports(Checks c, List<ServerPort> ports, Set<String> containerPortNames, Set<Integer> containerPortNumbers) {
        if (ports == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ServerPort p = ports.get(i);
            String f = "ports[" + i + "]";
            if (p == null) {
                c.error(f, "is empty: give at least a port");
                continue;
            }
            if (p.name() != null) {
                c.portName(f + ".name", p.name());
                if (!names.add(p.name())) {
                    c.error(f + ".name", "'" + p.name() + "' is used by another port: port names must be unique");
                }
            } else if (ports.size() > 1) {
                c.error(f + ".name", "is required when a server has more than one port, e.g. 'http'");
            }
            if (c.required(f + ".port", p.port(), "80")) {
                c.port(f + ".port", p.port());
                String key = p.port() + "/" + (p.protocol() == null ? "TCP" : p.protocol());
                if (!numbers.add(key)) {
                    c.error(f + ".port", key + " is used by another port: each port and protocol once");
                }
            }
            IntOrString target = p.targetPort();
            if (target != null) {
                if (target.isInt()) {
                    c.port(f + ".targetPort", target.intValue());
                    if (!containerPortNumbers.isEmpty() && !containerPortNumbers.contains(target.intValue())) {
                        c.error(f + ".targetPort", target.intValue() + " is not a port of any container: use one of "
                                + containerPortNumbers + " or declare it under the container's ports");
                    }
                } else if (!containerPortNames.contains(target.strValue())) {
                    c.error(f + ".targetPort", "'" + target.strValue() + "' names no container port: use one of "
                            + (containerPortNames.isEmpty() ? "the containers' port numbers" : containerPortNames.toString()));
                }
            }
            c.oneOf(f + ".protocol", p.protocol(), List.of("TCP", "UDP"));
            c.oneOf(f + ".exposure", p.exposure(), EXPOSURES);
            if (p.nodePort() != null) {
                if (!"NodePort".equals(p.exposure()) && !"LoadBalancer".equals(p.exposure())) {
                    c.error(f + ".nodePort", "is only for exposure NodePort or LoadBalancer");
                }
                c.range(f + ".nodePort", p.nodePort(), 30000, 32767);
            }
        }
    }

    private static void volumes(Checks c, List<Volume> volumes) {
        if (volumes == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        Set<String> mounts = new HashSet<>();
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            String f = "volumes[" + i + "]";
            if (v == null) {
                c.error(f, "is empty: give a name, a type and a mountPath");
                continue;
            }
            if (c.dnsLabel(f + ".name", v.name(), Checks.MAX_LABEL) && !names.add(v.name())) {
                c.error(f + ".name", "'" + v.name() + "' is used by another volume: volume names must be unique");
            }
            if (c.required(f + ".type", v.type(), "'persistent'")) {
                c.oneOf(f + ".type", v.type(), VOLUME_TYPES);
            }
            if (c.required(f + ".mountPath", v.mountPath(), "'/data'")) {
                if (!v.mountPath().startsWith("/")) {
                    c.error(f + ".mountPath", "'" + v.mountPath() + "' is not absolute: start it with '/'");
                } else if (!mounts.add(v.mountPath())) {
                    c.error(f + ".mountPath", "'" + v.mountPath() + "' is used by another volume: mount each volume at its own path");
                }
            }
            if (v.subPath() != null && (v.subPath().startsWith("/") || v.subPath().contains(".."))) {
                c.error(f + ".subPath", "'" + v.subPath() + "' must be relative and must not contain '..'");
            }
            if ("persistent".equals(v.type())) {
                if (c.required(f + ".size", v.size(), "'1Gi'")) {
                    c.quantity(f + ".size", v.size());
                }
                c.oneOf(f + ".accessMode", v.accessMode(), ACCESS_MODES);
                c.optionalDnsLabel(f + ".storageClass", v.storageClass(), 253);
            }
            if ("config".equals(v.type()) || "secret".equals(v.type())) {
                if (c.required(f + ".source", v.source(), "the name of the appmap's " + v.type())) {
                    c.optionalDnsLabel(f + ".source", v.source(), 253);
                }
            }
            if ("emptyDir".equals(v.type())) {
                c.oneOf(f + ".medium", v.medium(), List.of("", "Memory"));
                c.quantity(f + ".sizeLimit", v.sizeLimit());
            }
        }
    }

    private static void strategy(Checks c, ServerKind kind, UpdateStrategy s) {
        if (s == null) {
            return;
        }
        c.oneOf("updateStrategy.type", s.type(), STRATEGIES);
        c.countOrPercent("updateStrategy.maxSurge", s.maxSurge());
        c.countOrPercent("updateStrategy.maxUnavailable", s.maxUnavailable());
        if (isZero(s.maxSurge()) && isZero(s.maxUnavailable())) {
            c.error("updateStrategy", "maxSurge and maxUnavailable cannot both be 0: the rollout could never progress");
        }
        c.range("updateStrategy.partition", s.partition(), 0, MAX_REPLICAS);
        if (s.partition() != null && kind != null && kind != ServerKind.StatefulSet) {
            c.error("updateStrategy.partition", "only a StatefulSet has a partition");
        }
        c.range("updateStrategy.minReadySeconds", s.minReadySeconds(), 0, 3600);
        c.range("updateStrategy.progressDeadlineSeconds", s.progressDeadlineSeconds(), 1, 86_400);
    }

    private static boolean isZero(IntOrString v) {
        return v != null && ((v.isInt() && v.intValue() == 0) || "0%".equals(v.strValue()));
    }

    private static void autoscaling(Checks c, ServerKind kind, Autoscaling a) {
        if (a == null) {
            return;
        }
        if (kind != null && kind != ServerKind.Deployment && kind != ServerKind.StatefulSet) {
            c.error("autoscaling", "only a Deployment or a StatefulSet can be autoscaled");
        }
        if (c.required("autoscaling.maxReplicas", a.maxReplicas(), "4")) {
            c.range("autoscaling.maxReplicas", a.maxReplicas(), 1, MAX_REPLICAS);
        }
        c.range("autoscaling.minReplicas", a.minReplicas(), 1, MAX_REPLICAS);
        if (a.minReplicas() != null && a.maxReplicas() != null && a.minReplicas() > a.maxReplicas()) {
            c.error("autoscaling.minReplicas", a.minReplicas() + " is above maxReplicas " + a.maxReplicas());
        }
        c.range("autoscaling.cpuUtilization", a.cpuUtilization(), 1, 1000);
        c.range("autoscaling.memoryUtilization", a.memoryUtilization(), 1, 1000);
        if (a.cpuUtilization() == null && a.memoryUtilization() == null) {
            c.error("autoscaling.cpuUtilization", "give a target: cpuUtilization or memoryUtilization (percent of requests), e.g. 70");
        }
    }

    private static void labels(Checks c, String field, Map<String, String> labels, boolean checkValues) {
        if (labels == null) {
            return;
        }
        labels.forEach((k, v) -> {
            if (k == null || k.length() > 316 || !LABEL_KEY.matcher(k).matches()) {
                c.error(field + "." + k, "is not a valid key: use an optional DNS prefix and '/', then letters, digits, '-', '_' and '.'");
            }
            if (checkValues && v != null && (v.length() > 63 || !LABEL_VALUE.matcher(v).matches())) {
                c.error(field + "." + k, "'" + Checks.abbreviate(v) + "' is not a valid value: at most 63 letters, digits, '-', '_' and '.'");
            }
        });
    }
}
