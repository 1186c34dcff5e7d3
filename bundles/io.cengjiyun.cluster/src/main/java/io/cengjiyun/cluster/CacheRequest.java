/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: a bundle that reads more kinds than every cluster caches for all registers a service of this type; each
 * connected cluster then caches the union of the kinds requested (of {@link #OPTIONAL_KINDS}) for as long as one
 * request wants them, and drops the informers when the last request goes (its bundle stopped). The bundles share the
 * caches: a kind wanted by two bundles is listed and watched once.
 *
 * <p>The memory is bounded by the platform's own objects: ReplicaSets, ControllerRevisions and Endpoints are cached only
 * with the platform's managed-by label (they inherit it from the pod template or the Service); Events only in the
 * namespaces that carry that label (one informer per such namespace, the API server keeps an event for an hour).
 */
@ConsumerType
public interface CacheRequest {
    /** The kinds a bundle may ask for beyond those {@link ClusterConnection#cached} always serves. */
    Set<Class<? extends HasMetadata>> OPTIONAL_KINDS = Set.of(
            io.fabric8.kubernetes.api.model.apps.ReplicaSet.class,
            io.fabric8.kubernetes.api.model.apps.ControllerRevision.class,
            io.fabric8.kubernetes.api.model.Endpoints.class,
            io.fabric8.kubernetes.api.model.Event.class);

    /** The kinds wanted, each one of {@link #OPTIONAL_KINDS} (others are refused with a warning in the log). */
    Set<Class<? extends HasMetadata>> kinds();
}
