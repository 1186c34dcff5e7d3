/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Autoscaling;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.security.Caller;
import io.cengjiyun.api.shell.Table;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerStatus;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Console commands for the server lifecycle. The names say "server" (stopServer, not stop), so that they never
 * shadow Felix's own commands for bundles.
 */
@Component(
        service = ServerCommands.class,
        property = {
            "osgi.command.scope=cj",
            "osgi.command.function=serverStatus",
            "osgi.command.function=appmapStatus",
            "osgi.command.function=stopServer",
            "osgi.command.function=startServer",
            "osgi.command.function=restartServer",
            "osgi.command.function=scaleServer",
            "osgi.command.function=rollbackServer",
            "osgi.command.function=autoscale",
            "osgi.command.function=reconcile",
            "osgi.command.function=rollout",
            "cengjiyun.command.readonly=serverStatus",
            "cengjiyun.command.readonly=appmapStatus",
            "cengjiyun.command.readonly=rollout"
        })
public class ServerCommands {
    private static final String AUTHOR = Caller.OPERATOR.name();

    private final ServerActions actions;
    private final ServerRuntime runtime;

    @Activate
    public ServerCommands(@Reference ServerActions actions, @Reference ServerRuntime runtime) {
        this.actions = actions;
        this.runtime = runtime;
    }

    @Descriptor("shows the observed state of a server")
    public String serverStatus(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        return describe(server, actions.status(service, appmap, server));
    }

    @Descriptor("lists the servers of an appmap with their state")
    public String appmapStatus(@Descriptor("service name") String service, @Descriptor("appmap name") String appmap) {
        Table table = new Table("SERVER", "KIND", "STATE", "READY", "REVISION", "MESSAGE");
        for (ServerActions.NamedStatus s : actions.appMapStatus(service, appmap)) {
            ServerStatus st = s.status();
            table.row(
                    s.server(),
                    s.kind(),
                    st.state() + (st.drift() == null ? "" : " (drifted)"),
                    st.desired() == null ? "" : st.ready() + "/" + st.desired(),
                    st.revision(),
                    st.message());
        }
        return table.toString();
    }

    @Descriptor(
            "stops a server (Deployment/StatefulSet: scale to 0, remembering replicas; DaemonSet/Job: deleted; CronJob: suspended)")
    public String stopServer(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        return describe(server, actions.stop(service, appmap, server, AUTHOR));
    }

    @Descriptor("starts a stopped server as stop left it")
    public String startServer(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        return describe(server, actions.start(service, appmap, server, AUTHOR));
    }

    @Descriptor("restarts a server's pods (rollout restart; a Job runs again; a CronJob runs once now)")
    public String restartServer(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        return describe(server, actions.restart(service, appmap, server, AUTHOR));
    }

    @Descriptor("sets the replicas of a Deployment or StatefulSet (a new revision)")
    public String scaleServer(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server,
            @Descriptor("replicas") int replicas) {
        Server s = actions.scale(service, appmap, server, replicas, HierarchyStore.ANY_VERSION, AUTHOR);
        return "server " + server + " scaled to " + replicas + " (revision " + s.version() + ")";
    }

    @Descriptor("rolls a server back to an earlier revision (stored as a new revision and rolled out)")
    public String rollbackServer(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server,
            @Descriptor("revision to go back to") long revision) {
        Server s = actions.rollback(service, appmap, server, revision, HierarchyStore.ANY_VERSION, AUTHOR);
        return "server " + server + " rolled back to revision " + revision + " as revision " + s.version();
    }

    @Descriptor("turns autoscaling on with its bounds, or off with --off")
    public String autoscale(
            @Descriptor("turn autoscaling off")
                    @Parameter(names = "--off", absentValue = "false", presentValue = "true")
                    boolean off,
            @Descriptor("target CPU utilization in percent") @Parameter(names = "--cpu", absentValue = "0") int cpu,
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server,
            @Descriptor("min replicas") int min,
            @Descriptor("max replicas") int max) {
        Autoscaling a = off ? null : new Autoscaling(min, max, cpu == 0 ? null : cpu, null);
        Server s = actions.autoscale(service, appmap, server, a, HierarchyStore.ANY_VERSION, AUTHOR);
        return "server " + server + (off ? " no longer autoscaled" : " autoscaled from " + min + " to " + max)
                + " (revision " + s.version() + ")";
    }

    @Descriptor("turns autoscaling off")
    public String autoscale(
            @Descriptor("turn autoscaling off")
                    @Parameter(names = "--off", absentValue = "false", presentValue = "true")
                    boolean off,
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        if (!off) {
            throw new IllegalArgumentException(
                    "give the bounds (autoscale <service> <appmap> <server> <min> <max>)," + " or --off");
        }
        Server s = actions.autoscale(service, appmap, server, null, HierarchyStore.ANY_VERSION, AUTHOR);
        return "server " + server + " no longer autoscaled (revision " + s.version() + ")";
    }

    @Descriptor("applies the stored definition again where the cluster drifted from it (a server, or a whole appmap)")
    public String reconcile(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server) {
        return describe(server, actions.reconcile(service, appmap, server, AUTHOR));
    }

    @Descriptor("reconciles every server of an appmap")
    public String reconcile(@Descriptor("service name") String service, @Descriptor("appmap name") String appmap) {
        actions.reconcileAll(service, appmap, AUTHOR);
        return appmapStatus(service, appmap);
    }

    @Descriptor("follows a server's rollout, a line per change, until it is done, fails or times out")
    public String rollout(
            @Descriptor("seconds to wait at most") @Parameter(names = "--timeout", absentValue = "600") int timeout,
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String server)
            throws InterruptedException {
        AppMap a = actions.appMap(service, appmap);
        Server s = actions.server(service, appmap, server);
        String[] ending = {null};
        ServerStatus[] last = {null};
        io.cengjiyun.lifecycle.internal.rest.Rollouts.follow(
                () -> runtime.status(a, s), actions.changes(a, s), timeout, (name, status) -> {
                    if ("progress".equals(name)) {
                        System.out.println(
                                java.time.LocalTime.now().withNano(0) + " " + status.state() + ": " + status.message());
                    } else if (name != null) {
                        ending[0] = name;
                        last[0] = status;
                    }
                    return true;
                });
        return "rollout of " + server + " "
                + switch (String.valueOf(ending[0])) {
                    case "done" -> "done: " + last[0].state();
                    case "failed" -> "FAILED: " + last[0].message();
                    default -> "not done: " + (last[0] == null ? "interrupted" : last[0].message());
                };
    }

    private static String describe(String server, ServerStatus s) {
        StringBuilder b = new StringBuilder();
        b.append(server).append(": ").append(s.state()).append(" - ").append(s.message());
        if (s.desired() != null) {
            b.append("\n  pods: desired ")
                    .append(s.desired())
                    .append(", updated ")
                    .append(s.updated())
                    .append(", ready ")
                    .append(s.ready())
                    .append(s.available() == null ? "" : ", available " + s.available());
        }
        if (s.revision() != null) {
            b.append("\n  revision ")
                    .append(s.revision())
                    .append(", applied ")
                    .append(s.appliedRevision() == null ? "none" : s.appliedRevision());
        }
        if (s.drift() != null) {
            b.append("\n  drifted: ").append(s.drift());
        }
        return b.toString();
    }
}
