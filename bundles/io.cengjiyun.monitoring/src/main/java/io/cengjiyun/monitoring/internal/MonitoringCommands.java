/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.shell.Commands;
import io.cengjiyun.monitoring.AppMapUsage;
import io.cengjiyun.monitoring.ClusterSample;
import io.cengjiyun.monitoring.MetricsView;
import io.cengjiyun.monitoring.NodeSample;
import io.cengjiyun.monitoring.ServerUsage;
import io.cengjiyun.monitoring.WatchState;
import java.util.Locale;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Console commands: use now ({@code cj:top}) and history ({@code cj:metrics}), like {@code kubectl top}. */
@Component(
        service = MonitoringCommands.class,
        property = {
            "osgi.command.scope=" + Commands.SCOPE,
            "osgi.command.function=top",
            "osgi.command.function=metrics",
            Commands.READ_ONLY + "=top",
            Commands.READ_ONLY + "=metrics"
        })
public class MonitoringCommands {
    private final Monitoring monitoring;

    @Activate
    public MonitoringCommands(@Reference Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    @Descriptor("shows a cluster's nodes as measured now: CPU and memory against what they can hold, pods")
    public String top(@Descriptor("cluster name") String cluster) {
        ClusterSample s = monitoring.cluster(cluster).orElse(null);
        if (s == null) {
            return "No sampling round of cluster " + cluster + " yet (one runs every "
                    + monitoring.monitor().interval().toSeconds() + " s while it is reachable).\n";
        }
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT, "%-24s %9s %6s %11s %6s %5s%n", "NODE", "CPU", "CPU%", "MEMORY", "MEM%", "PODS"));
        for (NodeSample n : s.nodes()) {
            long pods = s.pods().stream().filter(p -> n.name().equals(p.node())).count();
            out.append(String.format(
                    Locale.ROOT,
                    "%-24s %9s %6s %11s %6s %5d%n",
                    n.name(),
                    cores(n.cpuCores()),
                    pct(Usages.percent(n.cpuCores(), n.cpuCapacity())),
                    bytes(n.memoryBytes() == null ? null : n.memoryBytes().doubleValue()),
                    pct(Usages.percent(
                            n.memoryBytes() == null ? null : n.memoryBytes().doubleValue(),
                            n.memoryCapacity() == null
                                    ? null
                                    : n.memoryCapacity().doubleValue())),
                    pods));
        }
        for (String missing : s.missingNodes()) {
            out.append("not sampled: ").append(missing).append('\n');
        }
        return out.append("sampled at ").append(s.time()).append('\n').toString();
    }

    @Descriptor(
            "shows an appmap's servers as measured now, the largest CPU user first, and its quota: what may still start")
    public String top(@Descriptor("service name") String service, @Descriptor("appmap name") String appmap) {
        AppMapUsage u = monitoring.appMapUsage(service, appmap);
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "%-24s %4s %9s %6s %11s %6s %8s%n",
                "SERVER",
                "PODS",
                "CPU",
                "%LIMIT",
                "MEMORY",
                "%LIMIT",
                "RESTARTS"));
        for (ServerUsage s : u.servers()) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-24s %4d %9s %6s %11s %6s %8d%n",
                    s.name(),
                    s.pods(),
                    cores(s.total().cpu()),
                    pct(s.cpuOfLimits()),
                    bytes(s.total().memory()),
                    pct(s.memoryOfLimits()),
                    s.restarts()));
        }
        for (AppMapUsage.QuotaLine q : u.quota()) {
            boolean cpu = q.resource().equals("cpu");
            boolean memory = q.resource().equals("memory");
            out.append(String.format(
                    Locale.ROOT,
                    "quota %-7s %s: requested %s, left %s%s%n",
                    q.resource(),
                    q.hard(),
                    cpu ? cores(q.requested()) : memory ? bytes(q.requested()) : String.valueOf((long) q.requested()),
                    cpu ? cores(q.left()) : memory ? bytes(q.left()) : String.valueOf((long) q.left()),
                    q.used() == null ? "" : ", in use " + (cpu ? cores(q.used()) : bytes(q.used()))));
        }
        for (WatchState w : u.watches()) {
            out.append("watch firing: ")
                    .append(w.server())
                    .append(": ")
                    .append(w.rule())
                    .append(" (since ")
                    .append(w.since())
                    .append(")\n");
        }
        return out.append(u.sampledAt() == null ? "no sampling round yet" : "sampled at " + u.sampledAt())
                .append('\n')
                .toString();
    }

    @Descriptor("shows a server's pods and containers as measured now, against their requests and limits")
    public String top(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        ServerUsage u = monitoring.serverUsage(service, appmap, server);
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "%-40s %9s %9s %9s %11s %11s %11s %8s%n",
                "POD/CONTAINER",
                "CPU",
                "REQUEST",
                "LIMIT",
                "MEMORY",
                "REQUEST",
                "LIMIT",
                "RESTARTS"));
        for (ServerUsage.PodUsage p : u.podUsage()) {
            line(out, p.name() + (p.ready() ? "" : " (not ready)"), p.total(), p.restarts());
            for (ServerUsage.ContainerUsage c : p.containers()) {
                line(out, "  " + c.name(), c.resources(), c.restarts());
            }
        }
        return out.append(u.sampledAt() == null ? "no sampling round yet" : "sampled at " + u.sampledAt())
                .append('\n')
                .toString();
    }

    private static void line(StringBuilder out, String name, ServerUsage.Resources r, int restarts) {
        out.append(String.format(
                Locale.ROOT,
                "%-40s %9s %9s %9s %11s %11s %11s %8d%n",
                name,
                cores(r.cpu()),
                cores(r.cpuRequests()),
                cores(r.cpuLimits()),
                bytes(r.memory()),
                bytes(r.memoryRequests()),
                bytes(r.memoryLimits()),
                restarts));
    }

    @Descriptor("shows the history of a server (service/appmap/server), an appmap (service/appmap), a service, or a"
            + " node (--node cluster/node): averages and maxima per step")
    public String metrics(
            @Descriptor("from: an ISO-8601 time or a time before now such as -6h (default: an hour ago)")
                    @Parameter(
                            names = {"--from"},
                            absentValue = "")
                    String from,
            @Descriptor("to: an ISO-8601 time, now, or a time before now (default: now)")
                    @Parameter(
                            names = {"--to"},
                            absentValue = "")
                    String to,
            @Descriptor("the step: 15s, 1m, 1h... (default: about 300 steps over the range)")
                    @Parameter(
                            names = {"--step"},
                            absentValue = "")
                    String step,
            @Descriptor(
                            "the series, comma separated: cpu, memory, restarts, rx, tx, ephemeral, pods (default: cpu,memory)")
                    @Parameter(
                            names = {"--series"},
                            absentValue = "cpu,memory")
                    String series,
            @Descriptor("print CSV")
                    @Parameter(
                            names = {"--csv"},
                            presentValue = "true",
                            absentValue = "false")
                    boolean csv,
            @Descriptor("the target is a node: cluster/node")
                    @Parameter(
                            names = {"--node"},
                            presentValue = "true",
                            absentValue = "false")
                    boolean node,
            @Descriptor("service/appmap/server, service/appmap, service, or with --node cluster/node") String target) {
        Monitoring.Query q = new Monitoring.Query(from, to, step, series);
        String[] names = target.split("/", -1);
        MetricsView view;
        if (node) {
            if (names.length != 2) {
                throw new ValidationException("target", "'" + target + "' is not cluster/node: give e.g. local/node1");
            }
            view = monitoring.node(names[0], names[1], q);
        } else {
            view = switch (names.length) {
                case 1 -> monitoring.service(names[0], q);
                case 2 -> monitoring.appMap(names[0], names[1], q);
                case 3 -> monitoring.server(names[0], names[1], names[2], q);
                default ->
                    throw new ValidationException(
                            "target", "'" + target + "' has too many parts: give service/appmap/server at most");
            };
        }
        if (csv) {
            return MetricsCsv.of(view);
        }
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "%s %s, %s to %s, step %d s, from %s samples%n%-20s",
                view.scope(),
                view.target(),
                view.from(),
                view.to(),
                view.stepSeconds(),
                view.resolution(),
                "TIME"));
        for (String s : view.series().keySet()) {
            out.append(String.format(Locale.ROOT, " %11s %11s", s.toUpperCase(Locale.ROOT), "MAX"));
        }
        out.append('\n');
        for (int i = 0; i < view.times().size(); i++) {
            out.append(String.format(Locale.ROOT, "%-20s", view.times().get(i).toString()));
            for (Map.Entry<String, MetricsView.Values> e : view.series().entrySet()) {
                String unit = e.getValue().unit();
                out.append(' ')
                        .append(String.format(
                                Locale.ROOT,
                                "%11s",
                                value(unit, e.getValue().avg().get(i))));
                out.append(' ')
                        .append(String.format(
                                Locale.ROOT,
                                "%11s",
                                value(unit, e.getValue().max().get(i))));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String value(String unit, Double v) {
        if (v == null) {
            return "-";
        }
        return switch (unit) {
            case "cores" -> cores(v);
            case "bytes" -> bytes(v);
            case "bytes/s" -> bytes(v) + "/s";
            default -> String.format(Locale.ROOT, "%.0f", v);
        };
    }

    static String cores(Double v) {
        return v == null ? "-" : Math.round(v * 1000) + "m";
    }

    static String pct(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.0f%%", v);
    }

    static String bytes(Double v) {
        if (v == null) {
            return "-";
        }
        double mi = v / (1024 * 1024);
        return mi >= 10 ? Math.round(mi) + "Mi" : String.format(Locale.ROOT, "%.1fMi", mi);
    }
}
