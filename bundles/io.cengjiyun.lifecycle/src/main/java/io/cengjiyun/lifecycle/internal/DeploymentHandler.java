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
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.util.List;

/** The lifecycle of a Deployment. */
final class DeploymentHandler extends ReplicatedHandler<Deployment> {
    DeploymentHandler() {
        super(Deployment.class);
    }

    @Override
    public ServerKind kind() {
        return ServerKind.Deployment;
    }

    @Override
    RollableScalableResource<Deployment> resource(KubernetesClient k, String ns, String name) {
        return k.apps().deployments().inNamespace(ns).withName(name);
    }

    @Override
    Integer replicas(Deployment controller) {
        return controller.getSpec().getReplicas();
    }

    @Override
    void setReplicas(Deployment controller, Integer replicas) {
        controller.getSpec().setReplicas(replicas);
    }

    @Override
    PodTemplateSpec template(Deployment controller) {
        return controller.getSpec().getTemplate();
    }

    @Override
    public ServerStatus state(HasMetadata controller, boolean stopped, List<Pod> pods) {
        return States.deployment((Deployment) controller, stopped, pods);
    }
}
