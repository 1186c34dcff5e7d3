/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** {@link ConfigApplier} of the registered clusters. */
final class LiveConfigApplier implements ConfigApplier {
    private final ClusterRegistry clusters;

    LiveConfigApplier(ClusterRegistry clusters) {
        this.clusters = clusters;
    }

    @Override
    public void apply(AppMap appMap, HasMetadata object) {
        String what = object.getKind() + " '" + object.getMetadata().getName() + "'";
        run(
                appMap,
                what,
                "applied",
                k -> k.resource(object)
                        .fieldManager(ServerRuntime.FIELD_MANAGER)
                        .forceConflicts()
                        .serverSideApply());
    }

    @Override
    public void delete(AppMap appMap, ConfigKind kind, String name) {
        String ns = appMap.effectiveNamespace();
        run(appMap, kind.kubernetesKind() + " '" + name + "'", "deleted", k -> {
            if (kind == ConfigKind.CONFIG_MAP) {
                k.configMaps().inNamespace(ns).withName(name).delete();
            } else {
                k.secrets().inNamespace(ns).withName(name).delete();
            }
        });
    }

    private void run(AppMap appMap, String what, String done, java.util.function.Consumer<KubernetesClient> request) {
        KubernetesClient k = clusters.connection(appMap.cluster()).client();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(LiveConfigApplier.class.getClassLoader()); // fabric8 finds its models on it
        try {
            request.accept(k);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 422 || e.getCode() == 400) {
                throw new ValidationException(
                        "data",
                        "cluster '" + appMap.cluster() + "' refused " + what + ": "
                                + (e.getStatus() != null && e.getStatus().getMessage() != null
                                        ? e.getStatus().getMessage()
                                        : e.getMessage()));
            }
            throw new UnavailableException(
                    what + " could not be " + done + " in namespace " + appMap.effectiveNamespace()
                            + " of cluster '" + appMap.cluster() + "' (" + e.getMessage()
                            + "). Nothing was changed; retry when"
                            + " the cluster answers.",
                    e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
