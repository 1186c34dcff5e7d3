/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import io.cengjiyun.api.shell.Table;
import io.cengjiyun.monitoring.internal.MonitoringConfig;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code cj:metricsapi}: where the resource metrics API stands on each cluster. */
@Component(
        service = MetricsApiCommands.class,
        property = {"osgi.command.scope=cj", "osgi.command.function=metricsapi", "cengjiyun.command.readonly=metricsapi"
        })
public class MetricsApiCommands {
    private final MetricsApi api;

    @Activate
    public MetricsApiCommands(@Reference MetricsApi api) {
        this.api = api;
    }

    @Descriptor("shows where the resource metrics API (metrics.k8s.io, kubectl top, autoscalers) is served from here")
    public String metricsapi() {
        return format(api.overview());
    }

    static String format(MetricsApi.Overview o) {
        if (!o.enabled()) {
            return "Metrics API off: metricsApi=false in configuration " + MonitoringConfig.PID + " (etc/"
                    + MonitoringConfig.PID + ".cfg)\n";
        }
        StringBuilder out = new StringBuilder();
        if (o.listening() != null) {
            out.append("Metrics API listening on ")
                    .append(o.listening())
                    .append(" (TLS), runtime instance ")
                    .append(o.instance())
                    .append('\n');
        } else {
            out.append("Metrics API ").append(o.problem()).append('\n');
        }
        Table table = new Table("CLUSTER", "STATE", "ENDPOINT", "SERVED", "REFUSED", "SINCE", "DETAIL");
        for (ClusterStatus c : o.clusters()) {
            MetricsHandler.Counts counts = o.counts().get(c.cluster());
            table.row(
                    c.cluster(),
                    c.state().words(),
                    c.endpoint(),
                    counts == null ? 0 : counts.served().get(),
                    counts == null ? 0 : counts.refused().get(),
                    MetricsApi.ago(c.since()),
                    c.detail());
        }
        out.append(o.clusters().isEmpty() ? "no cluster checked yet\n" : table.toString());
        return out.toString();
    }
}
