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
    private static final Duration BEAT = Duration.ofSeconds(1);
    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");

    @Test
    void twoFailedBeatsAndNothingHeardForThreeSecondsIsAnOutage() {
        assertTrue(unreachableNow(true, 2, NOW.minusSeconds(3), NOW, Duration.ofSeconds(3), AFTER, BEAT));
        assertTrue(unreachableNow(true, 5, NOW.minusSeconds(10), NOW, null, AFTER, BEAT));
        assertTrue(unreachableNow(true, 2, null, NOW, null, AFTER, BEAT));
    }

    @Test
    void oneFailedBeatIsNot() {
        assertFalse(unreachableNow(true, 1, NOW.minusSeconds(30), NOW, null, AFTER, BEAT));
    }

    @Test
    void aHeartbeatAnsweredLessThanThreeSecondsAgoIsNot() {
        assertFalse(unreachableNow(true, 2, NOW.minusMillis(2_000), NOW, null, AFTER, BEAT));
        assertFalse(unreachableNow(true, 2, NOW.minusMillis(2_499), NOW, null, AFTER, BEAT));
    }

    @Test
    void theBeatThatEndsTheWindowDecidesEvenAFewMillisecondsEarly() {
        // beats a period apart drift by milliseconds: the third failed beat after the last answer, not the fourth
        assertTrue(unreachableNow(true, 3, NOW.minusMillis(2_995), NOW, null, AFTER, BEAT));
        assertTrue(unreachableNow(true, 3, NOW.minusMillis(2_995), NOW, Duration.ofMillis(2_995), AFTER, BEAT));
        assertFalse(unreachableNow(true, 3, NOW.minusMillis(2_990), NOW, null, AFTER, Duration.ofMillis(10)));
    }

    @Test
    void timedOutBeatsWhileOtherRequestsAreAnsweredAreTheMachinesLoadNotAnOutage() {
        assertFalse(unreachableNow(true, 4, NOW.minusSeconds(8), NOW, Duration.ofMillis(200), AFTER, BEAT));
        assertFalse(unreachableNow(true, 4, NOW.minusSeconds(8), NOW, Duration.ofMillis(2_400), AFTER, BEAT));
    }

    @Test
    void anUnreachableClusterIsNotMarkedAgain() {
        assertFalse(unreachableNow(false, 9, NOW.minusSeconds(60), NOW, null, AFTER, BEAT));
    }
}
