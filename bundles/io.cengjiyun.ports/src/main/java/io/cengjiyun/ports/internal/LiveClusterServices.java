/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import io.cengjiyun.cluster.ClusterRegistry;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;

/**
 * Lists the Services of a registered cluster from the cluster itself: the informer caches hold only the
 * platform's own Services, and a node port can be held by any. Only servers with fixed node ports ask.
 */
final class LiveClusterServices implements ClusterServices {
    private final ClusterRegistry clusters;

    LiveClusterServices(ClusterRegistry clusters) {
        this.clusters = clusters;
    }

    /** @throws io.fabric8.kubernetes.client.KubernetesClientException if the cluster does not answer */
    @Override
    public List<Service> list(String cluster) {
        var client = clusters.connection(cluster).client();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(LiveClusterServices.class.getClassLoader()); // fabric8 finds its models on it
        try {
            return client.services().inAnyNamespace().list().getItems();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
