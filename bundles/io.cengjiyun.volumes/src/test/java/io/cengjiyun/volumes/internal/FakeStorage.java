/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A cluster 'kind' with the claims, StatefulSets and storage classes a test puts in; it records what was read. */
class FakeStorage implements ClusterStorage {
    final Map<String, PersistentVolumeClaim> claims = new HashMap<>();
    final Map<String, StatefulSet> statefulSets = new HashMap<>();
    final Map<String, StorageClass> classes = new HashMap<>();
    final List<String> reads = new ArrayList<>();

    FakeStorage withClass(String name, Boolean allowExpansion) {
        classes.put(
                name,
                new StorageClassBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withProvisioner("kubernetes.io/host-path")
                        .withAllowVolumeExpansion(allowExpansion)
                        .build());
        return this;
    }

    @Override
    public PersistentVolumeClaim claim(String cluster, String namespace, String name) {
        reads.add("claim " + namespace + "/" + name);
        return claims.get(name);
    }

    @Override
    public StatefulSet statefulSet(String cluster, String namespace, String name) {
        reads.add("statefulset " + namespace + "/" + name);
        return statefulSets.get(name);
    }

    @Override
    public StorageClass storageClass(String cluster, String name) {
        reads.add("storageclass " + name);
        return classes.get(name);
    }

    @Override
    public List<String> storageClasses(String cluster) {
        return classes.keySet().stream().sorted().toList();
    }
}
