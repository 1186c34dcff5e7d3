/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.cengjiyun.api.shell.Table;
import io.cengjiyun.cluster.Allotment;
import io.cengjiyun.cluster.ClusterInfo;
import io.cengjiyun.cluster.ClusterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Console commands for clusters and allotments. */
@Component(
        service = ClusterCommands.class,
        property = {
            "osgi.command.scope=cj",
            "osgi.command.function=clusters",
            "osgi.command.function=cluster",
            "osgi.command.function=addCluster",
            "osgi.command.function=removeCluster",
            "osgi.command.function=allotments",
            "osgi.command.function=allot",
            "osgi.command.function=localcluster",
            "cengjiyun.command.readonly=clusters",
            "cengjiyun.command.readonly=cluster",
            "cengjiyun.command.readonly=allotments"
        })
public class ClusterCommands {
    private final ClusterRegistry clusters;
    private final LocalClusterSetup localCluster;

    @Activate
    public ClusterCommands(@Reference ClusterRegistry clusters, @Reference LocalClusterSetup localCluster) {
        this.clusters = clusters;
        this.localCluster = localCluster;
    }

    @Descriptor("shows the first run's local cluster (tools/kube-local): its state and the last lines of its progress")
    public String localcluster() {
        return describe(localCluster.status());
    }

    @Descriptor("brings the local cluster up (tools/kube-local up) and registers it as 'local' when it is Ready")
    public String localcluster(@Descriptor("up") String action) {
        if (!"up".equals(action)) {
            throw new IllegalArgumentException("'" + action + "' is not an action: cj:localcluster up");
        }
        return describe(localCluster.start());
    }

    static String describe(LocalClusterStatus status) {
        StringBuilder out = new StringBuilder();
        out.append(status.state()).append(": ").append(status.detail()).append('\n');
        if (status.startedAt() != null) {
            out.append("started ").append(status.startedAt());
            if (status.endedAt() != null) {
                out.append(", ended ").append(status.endedAt());
            }
            out.append('\n');
        }
        List<String> lines = status.lines();
        for (String line : lines.subList(Math.max(0, lines.size() - 20), lines.size())) {
            out.append("  ").append(line).append('\n');
        }
        return out.toString();
    }

    @Descriptor("lists the registered clusters")
    public String clusters() {
        Table table = new Table("NAME", "REACHABLE", "VERSION", "NODES", "SERVER", "MESSAGE");
        clusters.clusters()
                .forEach(c -> table.row(
                        c.name(),
                        c.reachable() ? "yes" : "no",
                        c.version(),
                        c.nodes().size(),
                        c.server(),
                        c.message()));
        return table.toString();
    }

    @Descriptor("shows a cluster: state, nodes, served API versions")
    public String cluster(@Descriptor("cluster name") String name) {
        return describe(clusters.cluster(name));
    }

    @Descriptor("registers a cluster from a kubeconfig file (its current context), or replaces its credentials")
    public String addCluster(@Descriptor("cluster name") String name, @Descriptor("kubeconfig file") String file)
            throws IOException {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no kubeconfig file at " + path.toAbsolutePath());
        }
        return describe(clusters.register(name, Files.readString(path, StandardCharsets.UTF_8)));
    }

    @Descriptor("removes a cluster that no appmap and no allotment uses")
    public String removeCluster(@Descriptor("cluster name") String name) {
        clusters.remove(name);
        return "cluster " + name + " removed";
    }

    @Descriptor("lists the clusters allotted to a service")
    public String allotments(@Descriptor("service name") String service) {
        Table table = new Table("CLUSTER", "CPU", "MEMORY", "PODS", "STORAGE");
        clusters.allotments(service).forEach(a -> table.row(a.cluster(), a.cpu(), a.memory(), a.pods(), a.storage()));
        return table.toString();
    }

    @Descriptor("allots a cluster to a service, or changes its quota (the service's other allotments stay)")
    public String allot(
            @Descriptor("cpu, e.g. 4")
                    @Parameter(
                            names = {"--cpu"},
                            absentValue = "")
                    String cpu,
            @Descriptor("memory, e.g. 8Gi")
                    @Parameter(
                            names = {"--memory"},
                            absentValue = "")
                    String memory,
            @Descriptor("pods")
                    @Parameter(
                            names = {"--pods"},
                            absentValue = "-1")
                    int pods,
            @Descriptor("storage, e.g. 100Gi")
                    @Parameter(
                            names = {"--storage"},
                            absentValue = "")
                    String storage,
            @Descriptor("service name") String service,
            @Descriptor("cluster name") String cluster) {
        List<Allotment> all = new ArrayList<>(clusters.allotments(service));
        all.removeIf(a -> a.cluster().equals(cluster));
        all.add(new Allotment(cluster, blank(cpu), blank(memory), pods < 0 ? null : pods, blank(storage)));
        clusters.allot(service, all);
        return "cluster " + cluster + " allotted to service " + service;
    }

    private static String blank(String s) {
        return s.isEmpty() ? null : s;
    }

    private static String describe(ClusterInfo c) {
        StringBuilder sb = new StringBuilder();
        sb.append(c.name()).append(": ").append(c.server()).append('\n');
        sb.append("reachable: ")
                .append(c.reachable() ? "yes" : "no")
                .append(c.message() == null ? "" : " (" + c.message() + ")")
                .append('\n');
        sb.append("version: ").append(c.version() == null ? "-" : c.version()).append('\n');
        Table nodes = new Table("NODE", "READY", "KUBELET", "CPU", "MEMORY", "PODS");
        c.nodes()
                .forEach(n -> nodes.row(
                        n.name(), n.ready() ? "yes" : "no", n.kubeletVersion(), n.cpu(), n.memory(), n.pods()));
        sb.append(nodes);
        sb.append("API versions: ").append(String.join(", ", c.apiVersions())).append('\n');
        return sb.toString();
    }
}
