/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.Container;
import io.cengjiyun.api.EnvVar;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.Volume;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which config maps and secrets of its appmap a server uses: those its volumes mount, and those its containers take
 * environment variables from in Kubernetes' own form ({@code env[].valueFrom.configMapKeyRef|secretKeyRef},
 * {@code envFrom[].configMapRef|secretRef}), which the platform passes through as given.
 */
final class ConfigUsage {
    /** A config map or secret, by kind and name. */
    record Use(ConfigKind kind, String name) {}

    private ConfigUsage() {}

    static Set<Use> of(ServerDefinition def) {
        Set<Use> uses = new LinkedHashSet<>();
        if (def.volumes() != null) {
            for (Volume v : def.volumes()) {
                ConfigKind kind = v == null ? null : ConfigKind.ofVolumeType(v.type());
                if (kind != null && v.source() != null) {
                    uses.add(new Use(kind, v.source()));
                }
            }
        }
        List<Container> containers = new ArrayList<>();
        if (def.initContainers() != null) {
            containers.addAll(def.initContainers());
        }
        if (def.containers() != null) {
            containers.addAll(def.containers());
        }
        for (Container c : containers) {
            if (c == null) {
                continue;
            }
            if (c.env() != null) {
                for (EnvVar e : c.env()) {
                    if (e != null && e.valueFrom() != null) {
                        add(uses, ConfigKind.CONFIG_MAP, e.valueFrom().get("configMapKeyRef"));
                        add(uses, ConfigKind.SECRET, e.valueFrom().get("secretKeyRef"));
                    }
                }
            }
            if (c.other().get("envFrom") instanceof List<?> from) {
                for (Object source : from) {
                    if (source instanceof Map<?, ?> m) {
                        add(uses, ConfigKind.CONFIG_MAP, m.get("configMapRef"));
                        add(uses, ConfigKind.SECRET, m.get("secretRef"));
                    }
                }
            }
        }
        return uses;
    }

    static boolean uses(ServerDefinition def, ConfigKind kind, String name) {
        return of(def).contains(new Use(kind, name));
    }

    private static void add(Set<Use> uses, ConfigKind kind, Object ref) {
        if (ref instanceof Map<?, ?> m && m.get("name") instanceof String name && !name.isBlank()) {
            uses.add(new Use(kind, name));
        }
    }
}
