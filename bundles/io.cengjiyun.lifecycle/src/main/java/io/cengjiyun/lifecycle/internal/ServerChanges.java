/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Server;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.internal.rest.Rollouts;
import java.util.Map;

/** The informer news of one server: any of its objects (controller, pods, ...) added, changed or deleted. */
final class ServerChanges {
    private ServerChanges() {}

    static Rollouts.Changes of(ClusterRegistry clusters, AppMap appMap, Server server) {
        return changed -> clusters.connection(appMap.cluster()).onChange(appMap.effectiveNamespace(), object -> {
            Map<String, String> labels =
                    object.getMetadata() == null ? null : object.getMetadata().getLabels();
            if (labels != null && server.name().equals(labels.get(Labels.SERVER))) {
                changed.run();
            }
        });
    }
}
