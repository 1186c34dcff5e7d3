/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.ServerKind;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.util.List;

/** The lifecycle of a StatefulSet. */
final class StatefulSetHandler extends ReplicatedHandler<StatefulSet> {
    StatefulSetHandler() {
        super(StatefulSet.class);
    }

    @Override
    public ServerKind kind() {
        return ServerKind.StatefulSet;
    }

    @Override
    RollableScalableResource<StatefulSet> resource(KubernetesClient k, String ns, String name) {
        return k.apps().statefulSets().inNamespace(ns).withName(name);
    }

    @Override
    Integer replicas(StatefulSet controller) {
        return controller.getSpec().getReplicas();
    }

    @Override
    void setReplicas(StatefulSet controller, Integer replicas) {
        controller.getSpec().setReplicas(replicas);
    }

    @Override
    PodTemplateSpec template(StatefulSet controller) {
        return controller.getSpec().getTemplate();
    }

    @Override
    public ServerStatus state(HasMetadata controller, boolean stopped, List<Pod> pods) {
        return States.statefulSet((StatefulSet) controller, stopped, pods);
    }
}
