/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.ServerKind;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What one kind of controller does for each row of ARCHITECTURE's lifecycle table (apply, stop, start, restart,
 * scale, delete, state). One implementation per {@link ServerKind}, chosen once by {@link KindHandlers}: the shared
 * flow (locking, building, server-side apply, pruning, waiting for the informers) stays in {@link ServerRuntimes}.
 * Handlers hold no state.
 */
interface KindHandler {
    /** The pod template annotation of a rollout restart, the one {@code kubectl rollout restart} sets. */
    String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    ServerKind kind();

    /**
     * Sets on a freshly built controller what the action decides: replicas, suspension.
     *
     * @param replicas the replicas to run; null: as defined, or as {@code autoscaled} says for the defined number
     * @param suspend true to suspend (a CronJob)
     */
    default void shape(HasMetadata controller, Integer replicas, boolean suspend, UnaryOperator<Integer> autoscaled) {}

    /** Creates or updates the server's objects from its definition; {@code stopped}: stop left it stopped. */
    void apply(ServerOnCluster server, boolean stopped);

    /** Stops the server, remembering what start needs to bring it back. */
    void stop(ServerOnCluster server);

    /** Starts the server again as stop left it ({@code stopped}: what stop remembered, empty if not stopped). */
    default void start(ServerOnCluster server, Optional<StopMemory.Stopped> stopped) {
        server.apply(stopped.map(StopMemory.Stopped::replicas).orElse(null), false);
    }

    /** Replaces the server's pods (the flow has checked that it is not stopped). */
    void restart(ServerOnCluster server);

    /** True if the kind has replicas to {@link #scale}. */
    default boolean scalable() {
        return false;
    }

    default void scale(ServerOnCluster server, int replicas) {
        throw new UnsupportedOperationException("a " + kind() + " has no replicas to scale");
    }

    /** The replicas of the live controller, read from the cluster; null if it is missing or has none. */
    default Integer liveReplicas(KubernetesClient k, String ns, String name) {
        return null;
    }

    /** The server's controller as the informers have it, or null. */
    HasMetadata cachedController(ClusterConnection c, String ns, String name);

    /** Deletes the server's controller (its pods go with it), even if the informers have not seen it yet. */
    void deleteController(ClusterConnection c, String ns, String name);

    /** The observed state from the controller (null if missing), whether it was stopped, and its pods. */
    ServerStatus state(HasMetadata controller, boolean stopped, List<Pod> pods);

    /** A rollout restart: a new annotation on the pod template, so the controller replaces every pod. */
    static <T extends HasMetadata> void rolloutRestart(Resource<T> controller, Function<T, PodTemplateSpec> template) {
        String now = Instant.now().toString();
        controller.edit(c -> {
            annotations(template.apply(c).getMetadata()).put(RESTARTED_AT, now);
            return c;
        });
    }

    static Map<String, String> annotations(ObjectMeta meta) {
        if (meta.getAnnotations() == null) {
            meta.setAnnotations(new LinkedHashMap<>());
        }
        return meta.getAnnotations();
    }

    static <T extends HasMetadata> T find(List<T> objects, String name) {
        return objects.stream()
                .filter(o -> name.equals(o.getMetadata().getName()))
                .findFirst()
                .orElse(null);
    }
}
