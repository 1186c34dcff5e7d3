/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import io.cengjiyun.api.shell.Commands;
import io.cengjiyun.api.shell.Table;
import io.cengjiyun.inspection.AppMapOverview;
import io.cengjiyun.inspection.Cause;
import io.cengjiyun.inspection.Diagnosis;
import io.cengjiyun.inspection.EventView;
import io.cengjiyun.inspection.Inspector;
import io.cengjiyun.inspection.ServerObjectsView;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Console commands: a server's live objects, its events, why it is not running, an appmap's overview. */
@Component(
        service = InspectionCommands.class,
        property = {
            "osgi.command.scope=" + Commands.SCOPE,
            "osgi.command.function=inspect",
            "osgi.command.function=events",
            "osgi.command.function=why",
            "osgi.command.function=overview",
            Commands.READ_ONLY + "=inspect",
            Commands.READ_ONLY + "=events",
            Commands.READ_ONLY + "=why",
            Commands.READ_ONLY + "=overview"
        })
public class InspectionCommands {
    private final Inspector inspector;

    @Activate
    public InspectionCommands(@Reference Inspector inspector) {
        this.inspector = inspector;
    }

    @Descriptor("shows a server's live objects: controller, revisions, pods and containers, services, claims")
    public String inspect(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        return objects(inspector.objects(service, appmap, server));
    }

    @Descriptor("lists the events of a server's objects, newest first, de-duplicated")
    public String events(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        return events(inspector.events(service, appmap, server));
    }

    @Descriptor("says why a server is not running")
    public String why(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        return diagnosis(inspector.diagnose(service, appmap, server));
    }

    @Descriptor("shows an appmap at a glance: servers by state, failing first with their cause")
    public String overview(@Descriptor("service name") String service, @Descriptor("appmap name") String appmap) {
        return overview(inspector.overview(service, appmap));
    }

    static String objects(ServerObjectsView v) {
        StringBuilder out = new StringBuilder();
        var c = v.controller();
        out.append(
                        c == null
                                ? "controller: not on the cluster"
                                : "controller: " + c.kind() + "/" + c.name() + " revision " + c.revision()
                                        + ", desired " + c.desired() + ", ready " + c.ready() + ", updated "
                                        + c.updated())
                .append('\n');
        if (!v.revisions().isEmpty()) {
            Table t = new Table("REVISION", "KIND", "NAME", "PODS", "READY", "CREATED");
            v.revisions().forEach(r -> t.row(r.revision(), r.kind(), r.name(), r.replicas(), r.ready(), r.createdAt()));
            out.append(t);
        }
        Table pods = new Table("POD", "PHASE", "READY", "RESTARTS", "NODE", "IP", "REVISION", "CONTAINERS");
        for (var p : v.pods()) {
            pods.row(
                    p.name(),
                    p.deleting() == null ? p.phase() : "Terminating",
                    p.ready(),
                    p.restarts(),
                    p.node(),
                    p.podIP(),
                    p.revision(),
                    String.join(
                            "; ",
                            p.containers().stream()
                                    .map(x -> x.name() + " " + x.state()
                                            + (x.reason() == null ? "" : " " + x.reason())
                                            + (x.lastTermination() == null
                                                    ? ""
                                                    : " (last: "
                                                            + x.lastTermination()
                                                                    .reason() + ", exit "
                                                            + x.lastTermination()
                                                                    .exitCode() + ")"))
                                    .toList()));
        }
        out.append(pods);
        for (var s : v.services()) {
            out.append("service ")
                    .append(s.name())
                    .append(" (")
                    .append(s.type())
                    .append(' ')
                    .append(s.clusterIP())
                    .append("): ")
                    .append(String.join(", ", s.ports()))
                    .append("; endpoints: ")
                    .append(
                            s.endpoints().isEmpty()
                                    ? "none"
                                    : String.join(
                                            ", ",
                                            s.endpoints().stream()
                                                    .map(e -> e.ip() + (e.ready() ? "" : " (not ready)"))
                                                    .toList()))
                    .append('\n');
        }
        for (var cl : v.claims()) {
            out.append("claim ")
                    .append(cl.name())
                    .append(": ")
                    .append(cl.phase())
                    .append(cl.capacity() == null ? "" : ", " + cl.capacity())
                    .append('\n');
        }
        if (v.autoscaler() != null) {
            var a = v.autoscaler();
            out.append("autoscaler: ")
                    .append(a.currentReplicas())
                    .append(" -> ")
                    .append(a.desiredReplicas())
                    .append(" (")
                    .append(a.minReplicas())
                    .append("..")
                    .append(a.maxReplicas())
                    .append("), metrics ")
                    .append(a.currentMetrics())
                    .append('\n');
        }
        return out.toString();
    }

    static String events(List<EventView> events) {
        if (events.isEmpty()) {
            return "no events (the cluster keeps them for an hour)\n";
        }
        Table t = new Table("LAST SEEN", "TYPE", "REASON", "OBJECT", "COUNT", "MESSAGE");
        events.forEach(e -> t.row(e.lastSeen(), e.type(), e.reason(), e.object(), e.count(), e.message()));
        return t.toString();
    }

    static String diagnosis(Diagnosis d) {
        StringBuilder out = new StringBuilder(d.server() + ": " + d.state() + ", " + d.message() + "\n");
        if (d.causes().isEmpty()) {
            out.append("nothing keeps it from running\n");
        }
        for (Cause c : d.causes()) {
            out.append("- ")
                    .append(c.kind())
                    .append(" on ")
                    .append(c.object())
                    .append(": ")
                    .append(c.message())
                    .append('\n');
        }
        return out.toString();
    }

    static String overview(AppMapOverview o) {
        StringBuilder out = new StringBuilder(o.service() + "/" + o.appmap() + " (namespace " + o.namespace() + "): "
                + o.states() + ", pods " + o.readyPods() + "/" + o.pods() + " ready, restarts in the last hour "
                + o.restartsLastHour() + "\n");
        Table t = new Table("SERVER", "KIND", "STATE", "PODS", "CAUSE");
        o.servers()
                .forEach(e -> t.row(
                        e.name(),
                        e.kind(),
                        e.state(),
                        e.readyPods() + "/" + e.pods(),
                        e.cause() == null ? "" : e.cause().message()));
        out.append(t);
        return out.toString();
    }
}
