/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.lifecycle.ServerRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client does with the config maps and secrets of an appmap, for the REST resources and the console: each
 * write is stored and applied to the appmap's namespace together, and one in use cannot be deleted.
 *
 * <p>Restarts are opt-in ({@code restartServers}, kept with the config map or secret): after a write that changes
 * the data, or turns the option on, the servers that use it are applied again; the digest their pod template now
 * carries ({@link VolumesContributor}) differs, so they roll. A Job is left alone (its next run reads the data), and
 * a stopped server stays stopped.
 */
final class ConfigChanges {
    private final HierarchyStore store;
    private final AppConfigs configs;
    private final ConfigApplier applier;
    private final ServerRuntime runtime;

    ConfigChanges(HierarchyStore store, AppConfigs configs, ConfigApplier applier, ServerRuntime runtime) {
        this.store = store;
        this.configs = configs;
        this.applier = applier;
        this.runtime = runtime;
    }

    List<ConfigView> list(String service, String appmap, ConfigKind kind) {
        appMap(service, appmap);
        List<Server> servers = store.listServers(service, appmap);
        return configs.list(service, appmap, kind).stream()
                .map(c -> ConfigView.of(c, usedBy(servers, kind, c.name())))
                .toList();
    }

    ConfigView get(String service, String appmap, ConfigKind kind, String name) {
        appMap(service, appmap);
        AppConfig found = configs.find(service, appmap, kind, name)
                .orElseThrow(() -> new NotFoundException(AppConfigs.what(service, appmap, kind, name)));
        return ConfigView.of(found, usedBy(store.listServers(service, appmap), kind, name));
    }

    ConfigView create(String service, String appmap, ConfigKind kind, ConfigInput input, String author) {
        ValidationException.throwIfAny(ConfigRules.check(kind, input, null));
        return write(service, appmap, kind, input.name(), input, author, AppConfigs.Mode.CREATE);
    }

    /** Replaces the data (and option) of one, or makes it if there is none of the name. */
    ConfigView replace(String service, String appmap, ConfigKind kind, String name, ConfigInput input, String author) {
        ValidationException.throwIfAny(ConfigRules.checkName(name));
        ValidationException.throwIfAny(ConfigRules.check(kind, input, name));
        return write(service, appmap, kind, name, input, author, AppConfigs.Mode.CREATE_OR_REPLACE);
    }

    /** @throws ConflictException naming the servers that use it */
    void delete(String service, String appmap, ConfigKind kind, String name) {
        AppMap appMap = appMap(service, appmap);
        List<String> users = usedBy(store.listServers(service, appmap), kind, name);
        if (!users.isEmpty()) {
            throw new ConflictException(
                    capitalized(AppConfigs.what(service, appmap, kind, name)) + " is used by the" + " servers " + users
                            + ": remove it from their volumes and environment first. Nothing was deleted.");
        }
        configs.delete(service, appmap, kind, name, c -> applier.delete(appMap, kind, name));
    }

    private ConfigView write(
            String service,
            String appmap,
            ConfigKind kind,
            String name,
            ConfigInput input,
            String author,
            AppConfigs.Mode mode) {
        AppMap appMap = appMap(service, appmap);
        boolean restart = Boolean.TRUE.equals(input.restartServers());
        AppConfigs.Written written = configs.write(
                service,
                appmap,
                kind,
                name,
                input.data(),
                restart,
                author,
                mode,
                saved -> applier.apply(appMap, ConfigObjects.of(appMap, saved)));
        List<Server> servers = store.listServers(service, appmap);
        ConfigView view = ConfigView.of(written.now(), usedBy(servers, kind, name));
        boolean turnedOn = written.before() == null || !written.before().restartServers();
        if (!restart || !(written.dataChanged() || turnedOn)) {
            return view;
        }
        List<String> restarted = new ArrayList<>();
        Map<String, String> notRestarted = new LinkedHashMap<>();
        for (Server server : servers) {
            if (!ConfigUsage.uses(server.definition(), kind, name)) {
                continue;
            }
            if (server.definition().kind() == ServerKind.Job) {
                notRestarted.put(server.name(), "a Job's pods cannot change; its next run reads the new data");
                continue;
            }
            try {
                runtime.apply(appMap, server);
                restarted.add(server.name());
            } catch (RuntimeException e) {
                notRestarted.put(
                        server.name(),
                        e.getMessage() + " (the data is stored and applied; apply the server"
                                + " again, e.g. with cj:reconcile or a restart, to roll it)");
            }
        }
        return view.withRestarts(restarted, notRestarted);
    }

    private AppMap appMap(String service, String appmap) {
        return store.findAppMap(service, appmap)
                .orElseThrow(() -> new NotFoundException("appmap '" + appmap + "' of service '" + service + "'"));
    }

    static List<String> usedBy(List<Server> servers, ConfigKind kind, String name) {
        return servers.stream()
                .filter(s -> ConfigUsage.uses(s.definition(), kind, name))
                .map(Server::name)
                .sorted()
                .toList();
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
