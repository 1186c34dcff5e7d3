/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Server;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: names why a server is not running, for its state message. The inspection bundle registers one; without
 * it, the state message says what the controller and the pods say (counts, stuck containers). The first cause of the
 * first service that knows one wins.
 */
@ConsumerType
public interface ServerCauses {
    /**
     * The first cause that keeps the server from running, in words a developer can act on, e.g. {@code quota exceeded:
     * a new pod requests limits.cpu=500m, the appmap uses 1 of 1 (cengjiyun-quota)}; null when none is known. Reads
     * informer caches only; must return quickly.
     */
    String firstCause(AppMap appMap, Server server, ServerStatus status);
}
