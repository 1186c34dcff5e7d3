/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.shell.Commands;
import io.cengjiyun.api.shell.Table;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Console commands for the image registries of a service. A password is written, never shown. */
@Component(
        service = RegistryCommands.class,
        property = {
            "osgi.command.scope=" + Commands.SCOPE,
            "osgi.command.function=registries",
            "osgi.command.function=addRegistry",
            "osgi.command.function=setRegistry",
            "osgi.command.function=removeRegistry",
            Commands.READ_ONLY + "=registries"
        })
public class RegistryCommands {
    static final String AUTHOR = "console";

    private final HierarchyStore store;
    private final Registries registries;
    private final PullSecrets secrets;

    @Activate
    public RegistryCommands(
            @Reference HierarchyStore store, @Reference Registries registries, @Reference PullSecrets secrets) {
        this.store = store;
        this.registries = registries;
        this.secrets = secrets;
    }

    @Descriptor("lists the image registries of a service (never their passwords)")
    public String registries(@Descriptor("service name") String service) {
        RegistryRules.requireService(store, service);
        Table table = new Table("REGISTRY", "ADDRESS", "USER", "PULL SECRET", "VERSION", "CHANGED BY", "SHARED");
        for (Registry r : registries.usable(service)) {
            table.row(
                    r.name(),
                    r.address(),
                    r.username(),
                    RegistryRules.secretName(r.name()),
                    r.version(),
                    r.updatedBy(),
                    !r.service().equals(service)
                            ? "by " + r.service()
                            : r.sharedWith().isEmpty() ? "" : "with " + String.join(",", r.sharedWith()));
        }
        return table.toString();
    }

    @Descriptor("adds an image registry to a service and writes its pull secret into every appmap namespace")
    public String addRegistry(
            @Descriptor("service name") String service,
            @Descriptor("registry name, e.g. team-registry") String name,
            @Descriptor("its host[:port]") String address,
            @Descriptor("the user to pull as") String username,
            @Descriptor("the user's password or token") String password) {
        RegistryRules.requireService(store, service);
        Registry made = registries.create(service, new RegistryInput(name, address, username, password, null), AUTHOR);
        return "registry " + name + " added\n" + outcomes(secrets.apply(made, null));
    }

    @Descriptor("changes a registry's address, user and password, and writes its pull secrets again")
    public String setRegistry(
            @Descriptor("service name") String service,
            @Descriptor("registry name") String name,
            @Descriptor("its host[:port]") String address,
            @Descriptor("the user to pull as") String username,
            @Descriptor("the new password or token") String password) {
        RegistryRules.requireService(store, service);
        Registry before = registries.get(service, name);
        Registry now = registries
                .replace(
                        service,
                        name,
                        new RegistryInput(null, address, username, password, before.ca()),
                        HierarchyStore.ANY_VERSION,
                        AUTHOR)[0];
        return "registry " + name + " changed (version " + now.version() + ")\n" + outcomes(secrets.apply(now, before));
    }

    @Descriptor("removes a registry from a service and its pull secret from every appmap namespace")
    public String removeRegistry(@Descriptor("service name") String service, @Descriptor("registry name") String name) {
        RegistryRules.requireService(store, service);
        Registry gone = registries.delete(service, name, HierarchyStore.ANY_VERSION);
        return "registry " + name + " removed\n" + outcomes(secrets.remove(gone));
    }

    private static String outcomes(List<RegistryView.SecretSync> synced) {
        if (synced.isEmpty()) {
            return "(the service has no appmap yet: each new appmap gets the pull secret)\n";
        }
        Table table = new Table("APPMAP", "NAMESPACE", "PULL SECRET", "DETAIL");
        for (RegistryView.SecretSync s : synced) {
            table.row(s.appmap(), s.namespace(), s.outcome(), s.detail() == null ? "" : s.detail());
        }
        return table.toString();
    }
}
