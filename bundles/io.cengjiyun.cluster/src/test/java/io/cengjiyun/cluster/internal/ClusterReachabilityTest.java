/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.cengjiyun.cluster.ClusterInfo;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cluster tells when it is found reachable or unreachable: at its first check, then only on a change. */
class ClusterReachabilityTest {

    @Test
    void anUnreachableClusterIsToldOnceNotAtEveryCheck() {
        Config config = new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1")
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(500)
                .withRequestTimeout(500)
                .build();
        List<ClusterInfo> told = new ArrayList<>();
        try (LiveCluster cluster = new LiveCluster(
                "nowhere", config, Instant.now(), new JdkHttpClientFactory(), Clock.systemUTC(), told::add)) {
            cluster.refresh();
            cluster.refresh();
        }

        assertEquals(1, told.size(), String.valueOf(told));
        assertFalse(told.get(0).reachable());
        assertEquals("nowhere", told.get(0).name());
        assertNotNull(told.get(0).message(), "the reason travels as the event's cause");
    }
}
