/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Server;
import io.cengjiyun.cluster.ClusterConnection;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * A server as the terminal and the logs reach it: its appmap, its cluster connection and namespace, and its pods as
 * the informer cache has them (oldest first).
 */
public record Target(AppMap appMap, Server server, ClusterConnection connection, List<Pod> pods) {
    public String service() {
        return appMap.service();
    }

    public String namespace() {
        return appMap.effectiveNamespace();
    }

    /** The path of the server in the REST API, for audit records and messages. */
    public String path() {
        return "/services/" + appMap.service() + "/appmaps/" + appMap.name() + "/servers/" + server.name();
    }
}
