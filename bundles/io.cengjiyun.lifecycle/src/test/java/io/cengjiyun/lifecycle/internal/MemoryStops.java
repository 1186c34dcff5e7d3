/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** What stop remembered, in memory: the table of {@link StopMemory} without a database. */
final class MemoryStops implements StopRecords {
    private final Map<String, StopMemory.Stopped> stopped = new ConcurrentHashMap<>();

    @Override
    public Optional<StopMemory.Stopped> find(String service, String appmap, String server) {
        return Optional.ofNullable(stopped.get(service + "/" + appmap + "/" + server));
    }

    @Override
    public void remember(String service, String appmap, String server, StopMemory.Stopped what) {
        stopped.put(service + "/" + appmap + "/" + server, what);
    }

    @Override
    public void forget(String service, String appmap, String server) {
        stopped.remove(service + "/" + appmap + "/" + server);
    }
}
