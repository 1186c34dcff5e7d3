/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.shell.Commands;
import io.cengjiyun.api.shell.Table;
import io.cengjiyun.inspection.AppMapOverview;
import io.cengjiyun.inspection.Cause;
import io.cengjiyun.inspection.Diagnosis;
import io.cengjiyun.inspection.EventView;
import io.cengjiyun.inspection.ServerObjectsView;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
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
            "osgi.command.function=history",
            "osgi.command.function=diff",
            "osgi.command.function=drift",
            Commands.READ_ONLY + "=inspect",
            Commands.READ_ONLY + "=events",
            Commands.READ_ONLY + "=why",
            Commands.READ_ONLY + "=overview",
            Commands.READ_ONLY + "=history",
            Commands.READ_ONLY + "=diff",
            Commands.READ_ONLY + "=drift"
        })
public class InspectionCommands {
    private final Inspections inspector;

    @Activate
    public InspectionCommands(@Reference Inspections inspector) {
        this.inspector = inspector;
    }

    @Descriptor("shows a server's live objects: controller, revisions, pods and containers, services, claims")
    public String inspect(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        return objects(inspector.objects(service, appmap, server));
    }

    @Descriptor("lists the events of a server's objects, newest first, de-duplicated; -f follows them as they come")
    public String events(
            @Descriptor("follow: print new events as the cluster reports them, until Ctrl-C or --timeout")
                    @Parameter(
                            names = {"-f", "--follow"},
                            presentValue = "true",
                            absentValue = "false")
                    boolean follow,
            @Descriptor("with -f: stop after this many seconds (1-3600)")
                    @Parameter(
                            names = {"--timeout"},
                            absentValue = "600")
                    int timeout,
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        if (!follow) {
            return events(inspector.events(service, appmap, server));
        }
        if (timeout < 1 || timeout > 3600) {
            throw new ValidationException("--timeout", timeout + " is not a number of seconds from 1 to 3600");
        }
        try {
            inspector.follow(
                    service,
                    appmap,
                    server,
                    timeout,
                    Long.MAX_VALUE,
                    e -> {
                        System.out.println(line(e));
                        return true;
                    },
                    () -> true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    @Descriptor("lists a server's revisions, newest first, with their rollouts (result, how long)")
    public String history(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        var h = inspector.history(service, appmap, server);
        Table t = new Table("REVISION", "AUTHOR", "CREATED", "ROLLOUTS", "MESSAGE");
        for (var r : h.revisions()) {
            t.row(
                    r.revision() + (h.running() != null && h.running() == r.revision() ? " (running)" : ""),
                    r.author(),
                    r.createdAt(),
                    String.join(
                            "; ",
                            r.rollouts().stream()
                                    .map(x -> x.action() + " by " + x.actor() + ": "
                                            + (x.result() == null ? "in progress" : x.result())
                                            + (x.seconds() == null ? "" : " in " + x.seconds() + " s"))
                                    .toList()),
                    r.message() == null ? "" : r.message());
        }
        return t.toString();
    }

    @Descriptor("shows the difference between two revisions of a server (unified diff)")
    public String diff(
            @Descriptor("compare the objects each revision renders, not the stored definitions")
                    @Parameter(
                            names = {"-o", "--objects"},
                            presentValue = "true",
                            absentValue = "false")
                    boolean objects,
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server,
            @Descriptor("the older revision") long from,
            @Descriptor("the newer revision") long to) {
        String unified = inspector
                .diff(service, appmap, server, from, to, objects ? "objects" : "definition")
                .unified();
        return unified.isEmpty() ? "revisions " + from + " and " + to + " are the same\n" : unified;
    }

    @Descriptor("shows where a server's live objects differ from its stored revision, field by field")
    public String drift(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        var d = inspector.drift(service, appmap, server);
        if (d.fields().isEmpty()) {
            return server + ": " + d.state() + " (revision " + d.revision() + ")\n";
        }
        Table t = new Table("OBJECT", "FIELD", "STORED", "LIVE", "ADOPT");
        d.fields()
                .forEach(f -> t.row(
                        f.object(),
                        f.path(),
                        f.stored(),
                        f.live(),
                        f.definitionPath() != null ? "as " + f.definitionPath() : "no: " + f.why()));
        return t.toString();
    }

    private static String line(EventView e) {
        return e.lastSeen() + "  " + e.type() + "  " + e.reason() + "  " + e.object() + "  (x" + e.count() + ")  "
                + e.message();
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
