/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.shell.Commands;
import io.cengjiyun.api.shell.Table;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ServerRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Console commands for the config maps, secrets and claims of an appmap. Secrets show their keys only. */
@Component(
        service = VolumesCommands.class,
        property = {
            "osgi.command.scope=" + Commands.SCOPE,
            "osgi.command.function=configmaps",
            "osgi.command.function=secrets",
            "osgi.command.function=setConfigmap",
            "osgi.command.function=setSecret",
            "osgi.command.function=deleteConfigmap",
            "osgi.command.function=deleteSecret",
            "osgi.command.function=volumes",
            Commands.READ_ONLY + "=configmaps",
            Commands.READ_ONLY + "=secrets",
            Commands.READ_ONLY + "=volumes"
        })
public class VolumesCommands {
    static final String AUTHOR = "console";
    private static final String ENTRIES =
            "entries: key=value, key=@file (the file's content), or @file (key: the" + " file's name)";

    private final ConfigChanges changes;
    private final VolumesLookup lookup;

    @Activate
    public VolumesCommands(
            @Reference HierarchyStore store,
            @Reference AppConfigs configs,
            @Reference ClusterRegistry clusters,
            @Reference ServerRuntime runtime) {
        this(
                new ConfigChanges(store, configs, new LiveConfigApplier(clusters), runtime),
                new VolumesLookup(store, clusters));
    }

    VolumesCommands(ConfigChanges changes, VolumesLookup lookup) {
        this.changes = changes;
        this.lookup = lookup;
    }

    @Descriptor("lists the config maps of an appmap with their keys and the servers that use them")
    public String configmaps(@Descriptor("service name") String service, @Descriptor("appmap name") String appmap) {
        return table(ConfigKind.CONFIG_MAP, changes.list(service, appmap, ConfigKind.CONFIG_MAP));
    }

    @Descriptor("lists the secrets of an appmap with their keys (never their values) and the servers that use them")
    public String secrets(@Descriptor("service name") String service, @Descriptor("appmap name") String appmap) {
        return table(ConfigKind.SECRET, changes.list(service, appmap, ConfigKind.SECRET));
    }

    @Descriptor("creates or replaces a config map of an appmap and applies it to the appmap's namespace")
    public String setConfigmap(
            @Descriptor("roll the servers that use it when its data changes (kept with it)")
                    @Parameter(
                            names = {"-r", "--restart"},
                            presentValue = "true",
                            absentValue = "false")
                    boolean restart,
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("config map name") String name,
            @Descriptor(ENTRIES) String[] entries) {
        return set(ConfigKind.CONFIG_MAP, restart, service, appmap, name, entries);
    }

    @Descriptor("creates or replaces a secret of an appmap (sealed at rest) and applies it to the appmap's namespace")
    public String setSecret(
            @Descriptor("roll the servers that use it when its data changes (kept with it)")
                    @Parameter(
                            names = {"-r", "--restart"},
                            presentValue = "true",
                            absentValue = "false")
                    boolean restart,
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("secret name") String name,
            @Descriptor(ENTRIES) String[] entries) {
        return set(ConfigKind.SECRET, restart, service, appmap, name, entries);
    }

    @Descriptor("deletes a config map that no server uses, from the platform and the appmap's namespace")
    public String deleteConfigmap(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("config map name") String name) {
        changes.delete(service, appmap, ConfigKind.CONFIG_MAP, name);
        return "config map " + name + " deleted\n";
    }

    @Descriptor("deletes a secret that no server uses, from the platform and the appmap's namespace")
    public String deleteSecret(
            @Descriptor("service name") String service,
            @Descriptor("appmap name") String appmap,
            @Descriptor("secret name") String name) {
        changes.delete(service, appmap, ConfigKind.SECRET, name);
        return "secret " + name + " deleted\n";
    }

    @Descriptor("lists the persistent volume claims of an appmap: state, size, storage class, who uses them")
    public String volumes(@Descriptor("service name") String service, @Descriptor("appmap name") String appmap) {
        List<ClaimView> claims = lookup.claims(service, appmap);
        if (claims.isEmpty()) {
            return "appmap " + appmap + " has no persistent volume claims\n";
        }
        Table table =
                new Table("CLAIM", "SERVER", "VOLUME", "PHASE", "CAPACITY", "REQUESTED", "CLASS", "ACCESS", "USED BY");
        for (ClaimView c : claims) {
            table.row(
                    c.name(),
                    c.server(),
                    c.volume(),
                    c.phase(),
                    c.capacity(),
                    c.requested(),
                    c.storageClass(),
                    String.join(",", c.accessModes()),
                    c.usedBy().isEmpty() ? "- (kept; no server uses it)" : String.join(", ", c.usedBy()));
        }
        return table.toString();
    }

    private String set(ConfigKind kind, boolean restart, String service, String appmap, String name, String[] entries) {
        ConfigView view =
                changes.replace(service, appmap, kind, name, new ConfigInput(name, entries(entries), restart), AUTHOR);
        StringBuilder out = new StringBuilder(kind.noun() + " " + name + " stored and applied (version "
                + view.version() + (view.keys() != null ? ", keys " + view.keys() : "") + ")\n");
        if (view.restarted() != null && !view.restarted().isEmpty()) {
            out.append("restarted: ")
                    .append(String.join(", ", view.restarted()))
                    .append('\n');
        }
        if (view.notRestarted() != null) {
            view.notRestarted()
                    .forEach((server, why) -> out.append("not restarted: ")
                            .append(server)
                            .append(": ")
                            .append(why)
                            .append('\n'));
        }
        return out.toString();
    }

    static Map<String, String> entries(String[] entries) {
        Map<String, String> data = new LinkedHashMap<>();
        if (entries == null) {
            return data;
        }
        for (String entry : entries) {
            if (entry.startsWith("@")) {
                Path file = Path.of(entry.substring(1));
                data.put(file.getFileName().toString(), read(entry, file));
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException(
                        "entries", "'" + entry + "' is not an entry: use key=value, key=@file or" + " @file");
            }
            String value = entry.substring(eq + 1);
            data.put(entry.substring(0, eq), value.startsWith("@") ? read(entry, Path.of(value.substring(1))) : value);
        }
        return data;
    }

    private static String read(String entry, Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            throw new ValidationException(
                    "entries", "'" + entry + "': cannot read " + file.toAbsolutePath() + " (" + e.getMessage() + ")");
        }
    }

    private static String table(ConfigKind kind, List<ConfigView> views) {
        if (views.isEmpty()) {
            return "no " + kind.noun() + "s\n";
        }
        Table table = new Table("NAME", "KEYS", "RESTART", "VERSION", "UPDATED", "USED BY");
        for (ConfigView v : views) {
            List<String> keys =
                    v.keys() != null ? v.keys() : List.copyOf(v.data().keySet());
            table.row(
                    v.name(),
                    String.join(",", keys),
                    v.restartServers() ? "yes" : "no",
                    v.version(),
                    v.updatedAt() + " by " + v.updatedBy(),
                    v.usedBy().isEmpty() ? "-" : String.join(", ", v.usedBy()));
        }
        return table.toString();
    }
}
