/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.Volume;
import io.cengjiyun.lifecycle.ServerObjects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns checked volumes into Kubernetes: a claim per persistent volume (a claim template of a StatefulSet), the pod's
 * volumes, and a mount in every container (not the init containers, which rarely need the data and would each have
 * to be told).
 */
final class PodVolumes {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String NAME = "app.kubernetes.io/name";
    static final String SERVICE = "cengjiyun.io/service";
    static final String APPMAP = "cengjiyun.io/appmap";
    static final String SERVER = "cengjiyun.io/server";
    static final String PLATFORM = "cengjiyun";

    private PodVolumes() {}

    static void apply(ServerObjects objects, List<Volume> volumes) {
        PodSpec pod = objects.podTemplate().getSpec();
        StatefulSet statefulSet = objects.controller() instanceof StatefulSet s ? s : null;
        List<io.fabric8.kubernetes.api.model.Volume> podVolumes =
                new ArrayList<>(pod.getVolumes() == null ? List.of() : pod.getVolumes());
        List<PersistentVolumeClaim> templates = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        for (Volume v : volumes) {
            switch (v.type()) {
                case VolumeRules.PERSISTENT -> {
                    if (statefulSet != null) {
                        templates.add(claimTemplate(objects, v)); // the StatefulSet gives each pod its own claim
                    } else {
                        String claim = VolumeRules.claimName(objects.server(), v.name());
                        objects.add(claim(claim, v));
                        podVolumes.add(new VolumeBuilder()
                                .withName(v.name())
                                .withNewPersistentVolumeClaim()
                                .withClaimName(claim)
                                .endPersistentVolumeClaim()
                                .build());
                    }
                }
                case VolumeRules.EMPTY_DIR ->
                    podVolumes.add(new VolumeBuilder()
                            .withName(v.name())
                            .withEmptyDir(emptyDir(v))
                            .build());
                case VolumeRules.CONFIG ->
                    podVolumes.add(new VolumeBuilder()
                            .withName(v.name())
                            .withNewConfigMap()
                            .withName(v.source())
                            .endConfigMap()
                            .build());
                case VolumeRules.SECRET ->
                    podVolumes.add(new VolumeBuilder()
                            .withName(v.name())
                            .withNewSecret()
                            .withSecretName(v.source())
                            .endSecret()
                            .build());
                default -> throw new IllegalArgumentException("volume type " + v.type()); // checked before
            }
            mounts.add(new VolumeMountBuilder()
                    .withName(v.name())
                    .withMountPath(v.mountPath())
                    .withSubPath(v.subPath())
                    .withReadOnly(v.readOnly())
                    .build());
        }
        pod.setVolumes(podVolumes);
        if (statefulSet != null) {
            statefulSet.getSpec().setVolumeClaimTemplates(templates);
        }
        if (pod.getContainers() != null) {
            for (Container container : pod.getContainers()) {
                List<VolumeMount> all =
                        new ArrayList<>(container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts());
                all.addAll(mounts);
                container.setVolumeMounts(all);
            }
        }
    }

    private static EmptyDirVolumeSource emptyDir(Volume v) {
        EmptyDirVolumeSource source = new EmptyDirVolumeSource();
        source.setMedium(v.medium() == null || v.medium().isEmpty() ? null : v.medium());
        source.setSizeLimit(v.sizeLimit() == null ? null : new Quantity(v.sizeLimit()));
        return source;
    }

    /** The claim of a persistent volume; no storage class means the cluster's default, which Kubernetes fills in. */
    static PersistentVolumeClaim claim(String name, Volume v) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withAccessModes(VolumeRules.accessMode(v))
                .withStorageClassName(v.storageClass())
                .withNewResources()
                .addToRequests("storage", new Quantity(v.size()))
                .endResources()
                .endSpec()
                .build();
    }

    /**
     * A StatefulSet's claim template, labelled as every object of the server so that the claims made from it are
     * found by the platform (its informers watch only managed objects) and deleted with the server's volumes.
     */
    static PersistentVolumeClaim claimTemplate(ServerObjects objects, Volume v) {
        PersistentVolumeClaim template = claim(v.name(), v);
        template.getMetadata().setLabels(labels(objects));
        return template;
    }

    static Map<String, String> labels(ServerObjects objects) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, PLATFORM);
        labels.put(NAME, objects.server());
        labels.put(SERVICE, objects.service());
        labels.put(APPMAP, objects.appMap());
        labels.put(SERVER, objects.server());
        return labels;
    }
}
