/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.ServerKind;
import java.util.EnumMap;
import java.util.Map;

/** The handler of each kind: every {@link ServerKind} has exactly one. */
final class KindHandlers {
    private static final Map<ServerKind, KindHandler> HANDLERS = new EnumMap<>(ServerKind.class);

    static {
        for (KindHandler handler : new KindHandler[] {
            new DeploymentHandler(),
            new StatefulSetHandler(),
            new DaemonSetHandler(),
            new JobHandler(),
            new CronJobHandler()
        }) {
            HANDLERS.put(handler.kind(), handler);
        }
        for (ServerKind kind : ServerKind.values()) {
            if (!HANDLERS.containsKey(kind)) {
                throw new IllegalStateException("no lifecycle handler for kind " + kind);
            }
        }
    }

    private KindHandlers() {}

    static KindHandler of(ServerKind kind) {
        return HANDLERS.get(kind);
    }
}
