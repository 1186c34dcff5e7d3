/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.Autoscaling;
import io.cengjiyun.api.ServerDefinition;

/** Copies of a definition with one part changed. */
final class DefinitionCopies {
    private DefinitionCopies() {}

    static ServerDefinition withReplicas(ServerDefinition d, int replicas) {
        return new ServerDefinition(
                d.name(),
                d.kind(),
                replicas,
                d.initContainers(),
                d.containers(),
                d.ports(),
                d.volumes(),
                d.updateStrategy(),
                d.autoscaling(),
                d.labels(),
                d.annotations(),
                d.nodeSelector(),
                d.schedule(),
                d.tolerations(),
                d.affinity(),
                d.serviceAccountName(),
                d.terminationGracePeriodSeconds(),
                d.job(),
                d.sections());
    }

    static ServerDefinition withAutoscaling(ServerDefinition d, Autoscaling autoscaling) {
        return new ServerDefinition(
                d.name(),
                d.kind(),
                d.replicas(),
                d.initContainers(),
                d.containers(),
                d.ports(),
                d.volumes(),
                d.updateStrategy(),
                autoscaling,
                d.labels(),
                d.annotations(),
                d.nodeSelector(),
                d.schedule(),
                d.tolerations(),
                d.affinity(),
                d.serviceAccountName(),
                d.terminationGracePeriodSeconds(),
                d.job(),
                d.sections());
    }
}
