/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.shell.Commands;
import io.cengjiyun.api.shell.Table;
import io.cengjiyun.cluster.ClusterRegistry;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Console commands for the ports of servers. */
@Component(
        service = PortsCommands.class,
        property = {"osgi.command.scope=" + Commands.SCOPE, "osgi.command.function=ports", Commands.READ_ONLY + "=ports"
        })
public class PortsCommands {
    private final PortsLookup lookup;

    @Activate
    public PortsCommands(@Reference HierarchyStore store, @Reference ClusterRegistry clusters) {
        this(new PortsLookup(store, clusters));
    }

    PortsCommands(PortsLookup lookup) {
        this.lookup = lookup;
    }

    @Descriptor("lists the ports of a server and the addresses they can be reached at")
    public String ports(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String name) {
        Server server = lookup.server(service, appmap, name);
        AppMap appMap = lookup.appMap(service, appmap);
        return table(name, lookup.ports(appMap, server));
    }

    static String table(String server, List<PortView> ports) {
        if (ports.isEmpty()) {
            return "server " + server + " has no ports\n";
        }
        Table table = new Table("NAME", "PORT", "TARGET", "PROTOCOL", "EXPOSURE", "NODEPORT", "ADDRESSES");
        for (PortView p : ports) {
            table.row(
                    p.name(),
                    p.port(),
                    p.targetPort(),
                    p.protocol(),
                    p.exposure(),
                    p.nodePort(),
                    p.addresses().isEmpty() ? "- (not on the cluster yet)" : String.join(", ", p.addresses()));
        }
        return table.toString();
    }
}
