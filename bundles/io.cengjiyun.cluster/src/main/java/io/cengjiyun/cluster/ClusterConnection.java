/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/** A registered cluster, connected: its client, what it serves, and the informer caches. */
@ProviderType
public interface ClusterConnection {
    String name();

    /** The one fabric8 client of this cluster; never close it. */
    KubernetesClient client();

    /** The group/versions the cluster serves, as last discovered (core as {@code v1}), e.g. {@code batch/v1beta1}. */
    Set<String> servedApiVersions();

    /**
     * True if the cluster serves the kind in the group/version, as last discovered, e.g. {@code ("batch/v1", "CronJob")}:
     * false on Kubernetes 1.20, which serves CronJob in batch/v1beta1. Discovered for batch, autoscaling and policy.
     */
    boolean serves(String apiVersion, String kind);

    /**
     * The cached objects of a kind in a namespace (null: every namespace) that carry the platform's
     * {@code app.kubernetes.io/managed-by: cengjiyun} label (nodes: all). Served from memory, never a request.
     *
     * @throws IllegalArgumentException for a kind the platform does not cache
     */
    <T extends HasMetadata> List<T> cached(Class<T> kind, String namespace);

    /**
     * Calls the listener with every cached object in the namespace (null: every namespace) that the informers see
     * added, changed or deleted, of any kind {@link #cached} serves; also for the objects an informer lists when it
     * (re)starts. It runs on an informer's thread: it must return at once and never block. It stays registered
     * across informer restarts (a cluster reachable again) until the subscription is closed.
     */
    Subscription onChange(String namespace, Consumer<HasMetadata> listener);

    /** A listener's registration; closing it stops the calls (closing twice does nothing). */
    @FunctionalInterface
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** True once every informer has listed its objects: until then, {@link #cached} may miss objects. */
    boolean synced();

    /** The current knowledge of the cluster. */
    ClusterInfo info();
}
