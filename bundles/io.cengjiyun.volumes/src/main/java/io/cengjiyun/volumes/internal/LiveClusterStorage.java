/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterRegistry;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.function.Supplier;

/** {@link ClusterStorage} of a registered cluster. */
final class LiveClusterStorage implements ClusterStorage {
    private final ClusterRegistry clusters;

    LiveClusterStorage(ClusterRegistry clusters) {
        this.clusters = clusters;
    }

    @Override
    public PersistentVolumeClaim claim(String cluster, String namespace, String name) {
        return cached(clusters.connection(cluster), PersistentVolumeClaim.class, namespace, name);
    }

    @Override
    public StatefulSet statefulSet(String cluster, String namespace, String name) {
        return cached(clusters.connection(cluster), StatefulSet.class, namespace, name);
    }

    @Override
    public StorageClass storageClass(String cluster, String name) {
        var client = clusters.connection(cluster).client();
        return withModels(
                () -> client.storage().v1().storageClasses().withName(name).get());
    }

    @Override
    public List<String> storageClasses(String cluster) {
        var client = clusters.connection(cluster).client();
        return withModels(() -> client.storage().v1().storageClasses().list().getItems().stream()
                .map(s -> s.getMetadata().getName())
                .sorted()
                .toList());
    }

    /**
     * Null when the informers have not been started (the cluster was not reached since it was registered): the
     * checks that need the object then leave the last word to Kubernetes.
     */
    private static <T extends HasMetadata> T cached(ClusterConnection c, Class<T> kind, String namespace, String name) {
        try {
            return c.cached(kind, namespace).stream()
                    .filter(o -> name.equals(o.getMetadata().getName()))
                    .findFirst()
                    .orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static <T> T withModels(Supplier<T> request) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(LiveClusterStorage.class.getClassLoader()); // fabric8 finds its models on it
        try {
            return request.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
