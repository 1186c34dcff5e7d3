/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.ServerKind;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;

/**
 * The lifecycle of a DaemonSet: it has no replicas to scale to 0, so stop deletes it (the definition stays) and start
 * applies it again; while stopped, an apply leaves it deleted.
 */
final class DaemonSetHandler implements KindHandler {
    @Override
    public ServerKind kind() {
        return ServerKind.DaemonSet;
    }

    @Override
    public void apply(ServerOnCluster server, boolean stopped) {
        if (!stopped) { // stopped, it stays deleted until start
            server.apply(null, false);
        }
    }

    @Override
    public void stop(ServerOnCluster server) {
        server.remember(new StopMemory.Stopped(null, false));
        deleteController(server.cluster(), server.namespace(), server.name());
    }

    @Override
    public void restart(ServerOnCluster server) {
        KindHandler.rolloutRestart(
                server.client()
                        .apps()
                        .daemonSets()
                        .inNamespace(server.namespace())
                        .withName(server.name()),
                d -> d.getSpec().getTemplate());
    }

    @Override
    public HasMetadata cachedController(ClusterConnection c, String ns, String name) {
        return KindHandler.find(c.cached(DaemonSet.class, ns), name);
    }

    @Override
    public void deleteController(ClusterConnection c, String ns, String name) {
        c.client()
                .apps()
                .daemonSets()
                .inNamespace(ns)
                .withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
    }

    @Override
    public ServerStatus state(HasMetadata controller, boolean stopped, List<Pod> pods) {
        return States.daemonSet((DaemonSet) controller, stopped, pods);
    }
}
