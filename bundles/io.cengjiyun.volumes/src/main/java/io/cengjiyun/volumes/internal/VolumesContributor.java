package io.cengjiyun.volumes.internal;

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

    @Override
    public Set<String> handles() {
        return Set.of("volumes");
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
        Map<String, String> annotations = new LinkedHashMap<>(meta.getAnnotations() == null ? Map.of()
                : meta.getAnnotations());
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
