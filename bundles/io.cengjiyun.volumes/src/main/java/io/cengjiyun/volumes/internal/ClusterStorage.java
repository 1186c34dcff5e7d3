/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;

/**
 * What the volume checks read of a cluster: claims and StatefulSets from the informer caches, storage classes live
 * (the platform caches none). An interface so that tests can give a fake cluster.
 */
interface ClusterStorage {
    /** The claim as the informers have it; null if they have none (or have not listed yet). */
    PersistentVolumeClaim claim(String cluster, String namespace, String name);

    /** The StatefulSet as the informers have it; null if none. */
    StatefulSet statefulSet(String cluster, String namespace, String name);

    /**
     * The storage class, read from the cluster; null if it has none of this name.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException if the cluster does not answer
     */
    StorageClass storageClass(String cluster, String name);

    /** The names of the cluster's storage classes, read from the cluster. */
    List<String> storageClasses(String cluster);
}
