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
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The lifecycle of a Job. Its pod template cannot change once created, so a Job of another revision is replaced
 * (deleted with its pods, then created), and restart re-runs it the same way; stop deletes it (the definition
 * stays) and start creates it again; while stopped, an apply leaves it deleted.
 */
final class JobHandler implements KindHandler {
    /** How long a replacement waits for the old Job and its pods to be gone. */
    private static final long DELETE_WAIT_SECONDS = 60;

    @Override
    public ServerKind kind() {
        return ServerKind.Job;
    }

    @Override
    public void apply(ServerOnCluster server, boolean stopped) {
        if (stopped) {
            return; // stays deleted until start
        }
        replaceOtherRevision(server);
        server.apply(null, false);
    }

    @Override
    public void stop(ServerOnCluster server) {
        server.remember(new StopMemory.Stopped(null, false));
        deleteController(server.cluster(), server.namespace(), server.name());
    }

    @Override
    public void start(ServerOnCluster server, Optional<StopMemory.Stopped> stopped) {
        if (stopped.isEmpty()) {
            replaceOtherRevision(server);
        }
        server.apply(null, false);
    }

    /** Runs the Job again: the old one goes with its pods, the same revision is created anew. */
    @Override
    public void restart(ServerOnCluster server) {
        deleteAndWait(server.client(), server.namespace(), server.name());
        server.apply(null, false);
    }

    @Override
    public HasMetadata cachedController(ClusterConnection c, String ns, String name) {
        return KindHandler.find(c.cached(Job.class, ns), name);
    }

    @Override
    public void deleteController(ClusterConnection c, String ns, String name) {
        c.client()
                .batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
    }

    @Override
    public ServerStatus state(HasMetadata controller, boolean stopped, List<Pod> pods) {
        return States.job((Job) controller, stopped, pods);
    }

    /** A Job applied from another revision is deleted (with its pods) first: its pod template cannot change. */
    private static void replaceOtherRevision(ServerOnCluster server) {
        KubernetesClient k = server.client();
        Job live = k.batch()
                .v1()
                .jobs()
                .inNamespace(server.namespace())
                .withName(server.name())
                .get();
        if (live != null && !Long.valueOf(server.server().version()).equals(ServerRuntimes.revisionOf(live))) {
            deleteAndWait(k, server.namespace(), server.name());
        }
    }

    private static void deleteAndWait(KubernetesClient k, String ns, String name) {
        k.batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .withName(name)
                .withPropagationPolicy(DeletionPropagation.FOREGROUND)
                .delete();
        k.batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .withName(name)
                .waitUntilCondition(j -> j == null, DELETE_WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
