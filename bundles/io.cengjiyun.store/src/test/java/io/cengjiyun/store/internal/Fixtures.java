/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Container;
import io.cengjiyun.api.Quota;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.api.Service;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** Test data and a clock the tests move by hand. */
public final class Fixtures {
    public static final String SERVICE = "shop";
    public static final String APPMAP = "dev";

    private Fixtures() {}

    public static Service service(String name) {
        return Service.of(name, "The " + name, "What " + name + " does");
    }

    public static AppMap appMap(String service, String name) {
        return AppMap.of(service, name, "local", null, "development", new Quota("2", "4Gi", 20, "10Gi"));
    }

    public static ServerDefinition definition(String name, String image) {
        return new ServerDefinition(
                name,
                ServerKind.Deployment,
                2,
                null,
                List.of(new Container("web", image, null, null, null, null, null, null, null, null)),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** A clock that stands still until told to move; its times have sub-millisecond digits the store drops. */
    public static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2025-03-30T01:30:00.123456789Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        /** The clock's time as the store keeps it: to the millisecond. */
        Instant stored() {
            return now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
