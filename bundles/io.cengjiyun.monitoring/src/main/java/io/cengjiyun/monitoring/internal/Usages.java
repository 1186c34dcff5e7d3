/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.cengjiyun.api.Quota;
import io.cengjiyun.monitoring.AppMapUsage;
import io.cengjiyun.monitoring.ClusterSample;
import io.cengjiyun.monitoring.ContainerSample;
import io.cengjiyun.monitoring.PodSample;
import io.cengjiyun.monitoring.ServerUsage;
import io.cengjiyun.monitoring.WatchState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Use against requests, limits and quota, from the newest round and the pods in the informers' cache. */
final class Usages {
    private Usages() {}

    /** The platform's pods of one server (or of all servers: server null) in an appmap's namespace, by server. */
    static Map<String, List<Pod>> byServer(List<Pod> pods, String service, String appmap, String server) {
        Map<String, List<Pod>> out = new TreeMap<>();
        for (Pod pod : pods) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            if (labels == null
                    || !service.equals(labels.get(Aggregation.SERVICE_LABEL))
                    || !appmap.equals(labels.get(Aggregation.APPMAP_LABEL))
                    || labels.get(Aggregation.SERVER_LABEL) == null
                    || (server != null && !server.equals(labels.get(Aggregation.SERVER_LABEL)))
                    || terminated(pod)) {
                continue;
            }
            out.computeIfAbsent(labels.get(Aggregation.SERVER_LABEL), k -> new ArrayList<>())
                    .add(pod);
        }
        return out;
    }

    static ServerUsage server(String name, List<Pod> pods, ClusterSample sample) {
        Map<String, PodSample> measured = new HashMap<>();
        if (sample != null) {
            for (PodSample p : sample.pods()) {
                measured.put(p.namespace() + "/" + p.name(), p);
            }
        }
        List<ServerUsage.PodUsage> podUsage = new ArrayList<>();
        Sum total = new Sum();
        int restarts = 0;
        for (Pod pod : pods) {
            PodSample ps = measured.get(
                    pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
            Sum podSum = new Sum();
            List<ServerUsage.ContainerUsage> containers = new ArrayList<>();
            int podRestarts = 0;
            for (Container c : pod.getSpec().getContainers()) {
                ContainerSample cs = ps == null
                        ? null
                        : ps.containers().stream()
                                .filter(x -> x.name().equals(c.getName()))
                                .findFirst()
                                .orElse(null);
                Sum one = new Sum();
                one.cpu = cs == null ? null : cs.cpuCores();
                one.memory = cs == null || cs.memoryBytes() == null
                        ? null
                        : cs.memoryBytes().doubleValue();
                if (c.getResources() != null) {
                    one.cpuRequests = amount(c.getResources().getRequests(), "cpu");
                    one.cpuLimits = amount(c.getResources().getLimits(), "cpu");
                    one.memoryRequests = amount(c.getResources().getRequests(), "memory");
                    one.memoryLimits = amount(c.getResources().getLimits(), "memory");
                }
                int r = restarts(pod, c.getName());
                podRestarts += r;
                containers.add(new ServerUsage.ContainerUsage(c.getName(), r, one.resources()));
                podSum.add(one);
            }
            restarts += podRestarts;
            total.add(podSum);
            podUsage.add(new ServerUsage.PodUsage(
                    pod.getMetadata().getName(),
                    pod.getSpec().getNodeName(),
                    ready(pod),
                    podRestarts,
                    podSum.resources(),
                    containers));
        }
        return new ServerUsage(
                name,
                sample == null ? null : sample.time(),
                pods.size(),
                total.resources(),
                percent(total.cpu, total.cpuLimits),
                percent(total.memory, total.memoryLimits),
                restarts,
                podUsage);
    }

    static AppMapUsage appMap(
            String service,
            String appmap,
            String cluster,
            String namespace,
            Quota quota,
            List<Pod> pods,
            ClusterSample sample,
            List<WatchState> watches) {
        List<ServerUsage> servers = new ArrayList<>();
        Sum all = new Sum();
        for (Map.Entry<String, List<Pod>> e :
                byServer(pods, service, appmap, null).entrySet()) {
            ServerUsage u = server(e.getKey(), e.getValue(), sample);
            servers.add(u);
            all.add(Sum.of(u.total()));
        }
        servers.sort(Comparator.comparing((ServerUsage u) ->
                        u.total().cpu() == null ? -1 : u.total().cpu())
                .reversed()
                .thenComparing(ServerUsage::name));
        List<AppMapUsage.QuotaLine> lines = new ArrayList<>();
        if (quota != null) {
            line(lines, "cpu", quota.cpu(), nz(all.cpuRequests), all.cpu);
            line(lines, "memory", quota.memory(), nz(all.memoryRequests), all.memory);
            if (quota.pods() != null) {
                int count = servers.stream().mapToInt(ServerUsage::pods).sum();
                lines.add(new AppMapUsage.QuotaLine(
                        "pods", quota.pods().toString(), quota.pods(), count, quota.pods() - count, null));
            }
        }
        return new AppMapUsage(
                service,
                appmap,
                cluster,
                namespace,
                sample == null ? null : sample.time(),
                lines,
                servers,
                top(servers, true),
                top(servers, false),
                watches);
    }

    private static List<String> top(List<ServerUsage> servers, boolean cpu) {
        return servers.stream()
                .filter(u -> (cpu ? u.total().cpu() : u.total().memory()) != null)
                .sorted(Comparator.comparing((ServerUsage u) ->
                                cpu ? u.total().cpu() : u.total().memory())
                        .reversed())
                .limit(5)
                .map(ServerUsage::name)
                .toList();
    }

    private static void line(
            List<AppMapUsage.QuotaLine> lines, String resource, String hard, double requested, Double used) {
        if (hard == null) {
            return;
        }
        double limit = Quantity.getAmountInBytes(new Quantity(hard)).doubleValue();
        lines.add(new AppMapUsage.QuotaLine(resource, hard, limit, requested, limit - requested, used));
    }

    private static double nz(Double v) {
        return v == null ? 0 : v;
    }

    static Double percent(Double use, Double limit) {
        return use == null || limit == null || limit <= 0 ? null : Math.round(use / limit * 1000) / 10.0;
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static boolean terminated(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static int restarts(Pod pod, String container) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(s -> container.equals(s.getName()))
                .map(ContainerStatus::getRestartCount)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(0);
    }

    private static Double amount(Map<String, Quantity> values, String resource) {
        Quantity q = values == null ? null : values.get(resource);
        if (q == null) {
            return null;
        }
        BigDecimal v = Quantity.getAmountInBytes(q);
        return v.doubleValue();
    }

    /** Sums of nullable figures: null stays null until something is added. */
    private static final class Sum {
        Double cpu;
        Double cpuRequests;
        Double cpuLimits;
        Double memory;
        Double memoryRequests;
        Double memoryLimits;

        static Sum of(ServerUsage.Resources r) {
            Sum s = new Sum();
            s.cpu = r.cpu();
            s.cpuRequests = r.cpuRequests();
            s.cpuLimits = r.cpuLimits();
            s.memory = r.memory();
            s.memoryRequests = r.memoryRequests();
            s.memoryLimits = r.memoryLimits();
            return s;
        }

        void add(Sum o) {
            cpu = plus(cpu, o.cpu);
            cpuRequests = plus(cpuRequests, o.cpuRequests);
            cpuLimits = plus(cpuLimits, o.cpuLimits);
            memory = plus(memory, o.memory);
            memoryRequests = plus(memoryRequests, o.memoryRequests);
            memoryLimits = plus(memoryLimits, o.memoryLimits);
        }

        ServerUsage.Resources resources() {
            return new ServerUsage.Resources(cpu, cpuRequests, cpuLimits, memory, memoryRequests, memoryLimits);
        }

        private static Double plus(Double a, Double b) {
            if (a == null) {
                return b;
            }
            if (b == null) {
                return a;
            }
            return a + b; // not one conditional: its type would be double, and a null b would be unboxed
        }
    }
}
