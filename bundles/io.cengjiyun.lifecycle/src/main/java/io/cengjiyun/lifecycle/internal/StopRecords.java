/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import java.util.Optional;

/**
 * What stop remembered of each server, by service, appmap and server: kept by {@link StopMemory} in its table, and
 * in memory in unit tests, so that the lifecycle runs on a mock cluster without a database.
 */
interface StopRecords {
    Optional<StopMemory.Stopped> find(String service, String appmap, String server);

    void remember(String service, String appmap, String server, StopMemory.Stopped stopped);

    void forget(String service, String appmap, String server);

    /**
     * Drops from memory what a deletion took: the server, or every server of the appmap ({@code server} null), or of
     * the service ({@code appmap} null too). Their rows are gone already.
     */
    default void dropGone(String service, String appmap, String server) {}

    static StopRecords of(StopMemory memory) {
        return new StopRecords() {
            @Override
            public Optional<StopMemory.Stopped> find(String service, String appmap, String server) {
                return memory.find(service, appmap, server);
            }

            @Override
            public void remember(String service, String appmap, String server, StopMemory.Stopped stopped) {
                memory.remember(service, appmap, server, stopped);
            }

            @Override
            public void forget(String service, String appmap, String server) {
                memory.forget(service, appmap, server);
            }

            @Override
            public void dropGone(String service, String appmap, String server) {
                memory.dropGone(service, appmap, server);
            }
        };
    }
}
