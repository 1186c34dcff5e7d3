/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.shell;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Quota;
import io.cengjiyun.api.Revision;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.security.Caller;
import io.cengjiyun.api.shell.Table;
import io.cengjiyun.lifecycle.ServerManager;
import io.cengjiyun.lifecycle.internal.RuntimeParts;
import io.cengjiyun.lifecycle.internal.ServerDefinitions;
import io.cengjiyun.lifecycle.internal.manage.AppMapsManager;
import io.cengjiyun.lifecycle.internal.manage.ServicesManager;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Console commands for services, appmaps and server definitions. They act as the operator of the local
 * console and go through the same store, validation and concurrency rules as the REST API. Gogo hands
 * options ({@code @Parameter}) to a method before its positional arguments, so options come first in
 * every signature.
 */
@Component(
        service = HierarchyCommands.class,
        property = {
            "osgi.command.scope=cj",
            "osgi.command.function=services",
            "osgi.command.function=createService",
            "osgi.command.function=deleteService",
            "osgi.command.function=appmaps",
            "osgi.command.function=createAppmap",
            "osgi.command.function=deleteAppmap",
            "osgi.command.function=servers",
            "osgi.command.function=createServer",
            "osgi.command.function=updateServer",
            "osgi.command.function=showServer",
            "osgi.command.function=deleteServer",
            "osgi.command.function=revisions",
            "cengjiyun.command.readonly=services",
            "cengjiyun.command.readonly=appmaps",
            "cengjiyun.command.readonly=servers",
            "cengjiyun.command.readonly=showServer",
            "cengjiyun.command.readonly=revisions"
        })
public class HierarchyCommands {
    /** The actor of what the local console does: the operator the shell audit records. */
    static final String OPERATOR = Caller.OPERATOR.name();

    private final HierarchyStore store;
    private final ServicesManager services;
    private final AppMapsManager appMaps;
    /** Gone while the bundle io.cengjiyun.cluster is stopped: then server writes say so, the rest works. */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServerManager servers;

    private final DefinitionReader reader = new DefinitionReader();

    @Activate
    public HierarchyCommands(
            @Reference HierarchyStore store, @Reference ServicesManager services, @Reference AppMapsManager appMaps) {
        this.store = store;
        this.services = services;
        this.appMaps = appMaps;
    }

    private ServerManager servers(String action) {
        return RuntimeParts.require(servers, action);
    }

    @Descriptor("lists the services")
    public String services() {
        Table table = new Table("NAME", "VERSION", "DISPLAY NAME", "UPDATED");
        store.listServices().forEach(s -> table.row(s.name(), s.version(), s.displayName(), s.updatedAt()));
        return table.toString();
    }

    @Descriptor("creates a service")
    public String createService(
            @Descriptor("display name")
                    @Parameter(
                            names = {"-d", "--display-name"},
                            absentValue = "")
                    String displayName,
            @Descriptor("description")
                    @Parameter(
                            names = {"--description"},
                            absentValue = "")
                    String description,
            @Descriptor("name (DNS-1123 label)") String name) {
        Service s = services.create(Service.of(name, emptyToNull(displayName), emptyToNull(description)), OPERATOR);
        return "service " + s.name() + " created (version " + s.version() + ")";
    }

    @Descriptor("deletes a service; with --cascade also its appmaps and servers")
    public String deleteService(
            @Descriptor("delete appmaps and servers too")
                    @Parameter(
                            names = {"-c", "--cascade"},
                            presentValue = "true",
                            absentValue = "false")
                    boolean cascade,
            @Descriptor("service name") String name) {
        services.delete(name, cascade, OPERATOR);
        return "service " + name + " deleted";
    }

    @Descriptor("lists the appmaps of a service")
    public String appmaps(@Descriptor("service name") String service) {
        requireService(service);
        Table table = new Table("NAME", "CLUSTER", "NAMESPACE", "ENVIRONMENT", "VERSION");
        store.listAppMaps(service)
                .forEach(m -> table.row(m.name(), m.cluster(), m.effectiveNamespace(), m.environment(), m.version()));
        return table.toString();
    }

    @Descriptor("creates an appmap (one environment of a service, one namespace on one cluster)")
    public String createAppmap(
            @Descriptor("namespace (default <service>-<appmap>)")
                    @Parameter(
                            names = {"-n", "--namespace"},
                            absentValue = "")
                    String namespace,
            @Descriptor("environment, e.g. dev")
                    @Parameter(
                            names = {"-e", "--environment"},
                            absentValue = "")
                    String environment,
            @Descriptor("quota: cpu, e.g. 2")
                    @Parameter(
                            names = {"--cpu"},
                            absentValue = "")
                    String cpu,
            @Descriptor("quota: memory, e.g. 4Gi")
                    @Parameter(
                            names = {"--memory"},
                            absentValue = "")
                    String memory,
            @Descriptor("quota: pods")
                    @Parameter(
                            names = {"--pods"},
                            absentValue = "-1")
                    int pods,
            @Descriptor("quota: storage, e.g. 10Gi")
                    @Parameter(
                            names = {"--storage"},
                            absentValue = "")
                    String storage,
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String name,
            @Descriptor("cluster name") String cluster) {
        Quota quota = cpu.isEmpty() && memory.isEmpty() && pods < 0 && storage.isEmpty()
                ? null
                : new Quota(emptyToNull(cpu), emptyToNull(memory), pods < 0 ? null : pods, emptyToNull(storage));
        AppMap m = appMaps.create(
                AppMap.of(service, name, cluster, emptyToNull(namespace), emptyToNull(environment), quota), OPERATOR);
        return "appmap " + service + "/" + m.name() + " created on cluster " + m.cluster() + ", namespace "
                + m.effectiveNamespace() + (quota == null ? "" : ", quota " + quota);
    }

    @Descriptor("deletes an appmap; with --cascade also its servers")
    public String deleteAppmap(
            @Descriptor("delete servers too")
                    @Parameter(
                            names = {"-c", "--cascade"},
                            presentValue = "true",
                            absentValue = "false")
                    boolean cascade,
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String name) {
        appMaps.delete(service, name, cascade, OPERATOR);
        return "appmap " + service + "/" + name + " deleted";
    }

    @Descriptor("lists the servers of an appmap")
    public String servers(@Descriptor("service name") String service, @Descriptor("appmap name") String appmap) {
        requireAppMap(service, appmap);
        Table table = new Table("NAME", "KIND", "REPLICAS", "REVISION", "UPDATED BY", "UPDATED");
        store.listServers(service, appmap)
                .forEach(s -> table.row(
                        s.name(),
                        s.definition().kind(),
                        s.definition().replicas(),
                        s.version(),
                        s.updatedBy(),
                        s.updatedAt()));
        return table.toString();
    }

    @Descriptor("creates a server from a definition: a .json/.yaml file or the JSON text")
    public String createServer(
            @Descriptor("change message")
                    @Parameter(
                            names = {"-m", "--message"},
                            absentValue = "created")
                    String message,
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("definition file or JSON") String definition) {
        Server s = servers("Creating a server").create(service, appmap, reader.read(definition), OPERATOR, message);
        return "server " + s.name() + " created at revision " + s.version();
    }

    @Descriptor("stores a new revision of a server from a definition file or JSON")
    public String updateServer(
            @Descriptor("change message")
                    @Parameter(
                            names = {"-m", "--message"},
                            absentValue = "updated")
                    String message,
            @Descriptor("the revision the change is based on (fails if the server has moved on)")
                    @Parameter(
                            names = {"--if-match"},
                            absentValue = "-1")
                    long ifMatch,
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String name,
            @Descriptor("definition file or JSON") String definition) {
        ServerDefinition def = reader.read(definition);
        Server s = servers("Updating a server")
                .update(service, appmap, ServerDefinitions.forPath(name, def), ifMatch, OPERATOR, message);
        return "server " + s.name() + " updated to revision " + s.version();
    }

    @Descriptor("shows a server's definition as YAML")
    public String showServer(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String name) {
        Server s = store.findServer(service, appmap, name)
                .orElseThrow(() -> new NotFoundException(
                        "server '" + name + "' in appmap '" + appmap + "' of service '" + service + "'"));
        return "# revision " + s.version() + ", updated " + s.updatedAt() + " by " + s.updatedBy() + "\n"
                + reader.yaml(s.definition());
    }

    @Descriptor("deletes a stopped server: its objects on the cluster, its definition and revisions")
    public String deleteServer(
            @Descriptor("stop the server first if it runs")
                    @Parameter(names = "--stop", absentValue = "false", presentValue = "true")
                    boolean stop,
            @Descriptor("delete its persistent volume claims too")
                    @Parameter(names = "--volumes", absentValue = "false", presentValue = "true")
                    boolean volumes,
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String name) {
        servers("Deleting a server").delete(service, appmap, name, HierarchyStore.ANY_VERSION, stop, volumes, OPERATOR);
        return "server " + name + " deleted" + (volumes ? " with its volumes" : "");
    }

    @Descriptor("lists the revisions of a server, newest first")
    public String revisions(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("server name") String name) {
        Table table = new Table("REVISION", "AUTHOR", "TIME", "MESSAGE");
        for (Revision r : store.listRevisions(service, appmap, name)) {
            table.row(r.number(), r.author(), r.createdAt(), r.message());
        }
        return table.toString();
    }

    private void requireService(String service) {
        store.findService(service).orElseThrow(() -> new NotFoundException("service '" + service + "'"));
    }

    private void requireAppMap(String service, String appmap) {
        store.findAppMap(service, appmap)
                .orElseThrow(() -> new NotFoundException("appmap '" + appmap + "' of service '" + service + "'"));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
