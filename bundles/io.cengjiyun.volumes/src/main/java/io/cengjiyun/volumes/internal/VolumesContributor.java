/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.Volume;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ServerObjectContributor;
import io.cengjiyun.lifecycle.ServerObjects;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Makes a server's {@code volumes} real: checks them ({@link VolumeRules}) and against the cluster's claims
 * ({@link ClaimChecks}), adds the claims, pod volumes and mounts ({@link PodVolumes}), and marks the pod template
 * with the digest of each config map or secret it uses that asks its servers to restart on change.
 *
 * <p>The digest goes on the template only for those with {@code restartServers}: for the others the template stays
 * the same whatever their data, so a change of their data never rolls the pods (mounted files still follow it, as
 * Kubernetes refreshes them; environment variables do not). A Job gets none: its pod template cannot change, and its
 * next run reads the data anyway.
 */
@Component(service = ServerObjectContributor.class)
public final class VolumesContributor implements ServerObjectContributor {
    private final ConfigIndex configs;
    private final ClaimChecks claims;

    @Activate
    public VolumesContributor(@Reference AppConfigs configs, @Reference ClusterRegistry clusters) {
        this(configs, new LiveClusterStorage(clusters));
    }

    VolumesContributor(ConfigIndex configs, ClusterStorage storage) {
        this.configs = configs;
        this.claims = new ClaimChecks(storage);
    }

    /** The JSON Schema of {@code volumes}; {@link VolumeRules} checks what a schema cannot say. */
    static final String SCHEMA = """
            {"type": "array", "description": "The server's volumes, mounted in every container but the init containers.",
             "items": {"type": "object", "additionalProperties": false, "required": ["name", "type", "mountPath"],
              "properties": {
               "name": {"type": "string", "maxLength": 63, "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},
               "type": {"type": "string", "enum": ["persistent", "emptyDir", "config", "secret"]},
               "size": {"type": "string", "description": "persistent: a quantity, e.g. 1Gi"},
               "storageClass": {"type": "string"},
               "accessMode": {"type": "string", "enum": ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany"]},
               "mountPath": {"type": "string", "pattern": "^/"},
               "subPath": {"type": "string"},
               "readOnly": {"type": "boolean"},
               "source": {"type": "string", "description": "config or secret: the appmap's config map or secret"},
               "medium": {"type": "string", "enum": ["", "Memory"]},
               "sizeLimit": {"type": "string"}}}}
            """;

    @Override
    public Map<String, String> sectionSchemas() {
        return Map.of("volumes", SCHEMA);
    }

    @Override
    public List<FieldError> validate(AppMap appMap, ServerDefinition definition) {
        if (definition.volumes() == null || definition.volumes().isEmpty()) {
            return List.of();
        }
        List<ConfigRef> refs =
                ConfigUsage.of(definition).isEmpty() ? List.of() : configs.refs(appMap.service(), appMap.name());
        return VolumeRules.check(definition, names(refs));
    }

    @Override
    public void contribute(ServerObjects objects) {
        ServerDefinition def = objects.definition();
        List<Volume> volumes = def.volumes() == null ? List.of() : def.volumes();
        Set<ConfigUsage.Use> uses = ConfigUsage.of(def);
        if (volumes.isEmpty() && uses.isEmpty()) {
            return;
        }
        List<ConfigRef> refs = uses.isEmpty() ? List.of() : configs.refs(objects.service(), objects.appMap());
        ValidationException.throwIfAny(VolumeRules.check(def, names(refs)));
        ValidationException.throwIfAny(claims.check(objects));
        PodVolumes.apply(objects, volumes);
        if (def.kind() != ServerKind.Job) {
            restartOnChange(objects, uses, refs);
        }
    }

    private static void restartOnChange(ServerObjects objects, Set<ConfigUsage.Use> uses, List<ConfigRef> refs) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (ConfigRef ref : refs) {
            if (ref.restartServers() && uses.contains(new ConfigUsage.Use(ref.kind(), ref.name()))) {
                hashes.put(ref.kind().hashAnnotation(ref.name()), ref.digest());
            }
        }
        if (hashes.isEmpty()) {
            return;
        }
        ObjectMeta meta = objects.podTemplate().getMetadata();
        if (meta == null) {
            meta = new ObjectMeta();
            objects.podTemplate().setMetadata(meta);
        }
        Map<String, String> annotations =
                new LinkedHashMap<>(meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
        annotations.putAll(hashes);
        meta.setAnnotations(annotations);
    }

    private static Map<ConfigKind, Set<String>> names(List<ConfigRef> refs) {
        Map<ConfigKind, Set<String>> names = new EnumMap<>(ConfigKind.class);
        for (ConfigKind kind : ConfigKind.values()) {
            names.put(kind, new HashSet<>());
        }
        refs.forEach(r -> names.get(r.kind()).add(r.name()));
        return names;
    }
}
