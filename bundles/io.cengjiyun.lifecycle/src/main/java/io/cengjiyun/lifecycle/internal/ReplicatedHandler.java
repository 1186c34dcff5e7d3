/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.cluster.ClusterConnection;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.util.function.UnaryOperator;

/**
 * The kinds with replicas (Deployment, StatefulSet): stop remembers the replicas and the autoscaler, removes the
 * autoscaler and scales to 0; start applies the remembered replicas (the autoscaler comes back with the apply);
 * restart is a rollout restart; scale sets the replicas now.
 */
abstract class ReplicatedHandler<T extends HasMetadata> implements KindHandler {
    private final Class<T> type;

    ReplicatedHandler(Class<T> type) {
        this.type = type;
    }

    abstract RollableScalableResource<T> resource(KubernetesClient k, String ns, String name);

    abstract Integer replicas(T controller);

    abstract void setReplicas(T controller, Integer replicas);

    abstract PodTemplateSpec template(T controller);

    @Override
    public void shape(HasMetadata controller, Integer replicas, boolean suspend, UnaryOperator<Integer> autoscaled) {
        T built = type.cast(controller);
        setReplicas(built, replicas != null ? replicas : autoscaled.apply(replicas(built)));
    }

    /** Stopped, it is applied with 0 replicas (and no autoscaler), so that an update does not start it. */
    @Override
    public void apply(ServerOnCluster server, boolean stopped) {
        server.apply(stopped ? 0 : null, stopped);
    }

    @Override
    public void stop(ServerOnCluster server) {
        if (server.stopped().isEmpty()) { // a second stop keeps what the first remembered
            Integer replicas = liveReplicas(server.client(), server.namespace(), server.name());
            server.remember(new StopMemory.Stopped(
                    replicas != null ? replicas : server.definition().replicas(),
                    server.definition().autoscaling() != null));
        }
        server.deleteAutoscaler();
        resource(server.client(), server.namespace(), server.name()).scale(0);
    }

    @Override
    public void restart(ServerOnCluster server) {
        KindHandler.rolloutRestart(resource(server.client(), server.namespace(), server.name()), this::template);
    }

    @Override
    public boolean scalable() {
        return true;
    }

    @Override
    public void scale(ServerOnCluster server, int replicas) {
        resource(server.client(), server.namespace(), server.name()).scale(replicas);
    }

    @Override
    public Integer liveReplicas(KubernetesClient k, String ns, String name) {
        T live = resource(k, ns, name).get();
        return live == null ? null : replicas(live);
    }

    @Override
    public HasMetadata cachedController(ClusterConnection c, String ns, String name) {
        return KindHandler.find(c.cached(type, ns), name);
    }

    @Override
    public void deleteController(ClusterConnection c, String ns, String name) {
        resource(c.client(), ns, name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
    }
}
