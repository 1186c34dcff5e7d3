/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import static io.cengjiyun.cluster.internal.LiveCluster.unreachableNow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When failed heartbeats make a cluster unreachable (3 s without an answer, the default). */
class UnreachableRuleTest {
    private static final Duration AFTER = Duration.ofSeconds(3);
    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");

    @Test
    void twoFailedBeatsAndNothingHeardForThreeSecondsIsAnOutage() {
        assertTrue(unreachableNow(true, 2, NOW.minusSeconds(3), NOW, Duration.ofSeconds(3), AFTER));
        assertTrue(unreachableNow(true, 5, NOW.minusSeconds(10), NOW, null, AFTER));
        assertTrue(unreachableNow(true, 2, null, NOW, null, AFTER));
    }

    @Test
    void oneFailedBeatIsNot() {
        assertFalse(unreachableNow(true, 1, NOW.minusSeconds(30), NOW, null, AFTER));
    }

    @Test
    void aHeartbeatAnsweredLessThanThreeSecondsAgoIsNot() {
        assertFalse(unreachableNow(true, 2, NOW.minusMillis(2_999), NOW, null, AFTER));
    }

    @Test
    void timedOutBeatsWhileOtherRequestsAreAnsweredAreTheMachinesLoadNotAnOutage() {
        assertFalse(unreachableNow(true, 4, NOW.minusSeconds(8), NOW, Duration.ofMillis(200), AFTER));
        assertFalse(unreachableNow(true, 4, NOW.minusSeconds(8), NOW, Duration.ofMillis(2_999), AFTER));
    }

    @Test
    void anUnreachableClusterIsNotMarkedAgain() {
        assertFalse(unreachableNow(false, 9, NOW.minusSeconds(60), NOW, null, AFTER));
    }
}
