/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final Duration WINDOW = Duration.ofSeconds(900);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));

    @Test
    void nobodyWaitsBeforeAnyFailure() {
        LoginThrottle throttle = new LoginThrottle(5, 20, WINDOW, clock);
        assertEquals(0, throttle.waitSeconds("ana", "10.0.0.1"));
    }

    @Test
    void aUserIsBlockedFromAnyAddressAfterTheLimit() {
        LoginThrottle throttle = new LoginThrottle(5, 20, WINDOW, clock);
        for (int i = 0; i < 4; i++) {
            throttle.failed("ana", "10.0.0.1");
        }
        assertEquals(0, throttle.waitSeconds("ana", "10.0.0.1"), "4 failures of 5 allowed");
        throttle.failed("ana", "10.0.0.1");
        long wait = throttle.waitSeconds("ana", "10.0.0.1");
        assertTrue(wait > 0 && wait <= 901, "wait " + wait);
        assertTrue(throttle.waitSeconds("ana", "192.168.1.7") > 0, "another address does not help");
        assertEquals(0, throttle.waitSeconds("bob", "10.0.0.1"), "another user from the same address may try");
        assertEquals(0, throttle.waitSeconds("bob", "192.168.1.7"));
    }

    @Test
    void anAddressIsBlockedForEveryUserAfterItsLimit() {
        LoginThrottle throttle = new LoginThrottle(5, 20, WINDOW, clock);
        for (int i = 0; i < 20; i++) {
            throttle.failed("user" + i, "10.0.0.1"); // one failure each: no user reaches its limit
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(0, throttle.waitSeconds("user" + i, "10.0.0.2"), "user" + i + " from elsewhere");
        }
        assertTrue(throttle.waitSeconds("newcomer", "10.0.0.1") > 0);
        assertTrue(throttle.waitSeconds("user0", "10.0.0.1") > 0);
        assertEquals(0, throttle.waitSeconds("newcomer", "10.0.0.2"));
    }

    @Test
    void theWindowSlidesAndTheAnnouncedWaitIsEnough() {
        LoginThrottle throttle = new LoginThrottle(5, 20, WINDOW, clock);
        Instant start = clock.instant();
        for (int i = 0; i < 5; i++) {
            clock.set(start.plusSeconds(100L * i)); // failures at +0, +100, ..., +400
            throttle.failed("ana", "10.0.0.1");
        }
        long wait = throttle.waitSeconds("ana", "10.0.0.1");
        // The oldest failure (+0) leaves the window at +900: 500 s from +400 (rounded up).
        assertTrue(wait >= 500 && wait <= 501, "wait " + wait);

        clock.set(start.plusSeconds(400 + wait - 1));
        assertTrue(throttle.waitSeconds("ana", "10.0.0.1") > 0, "one second before the announced time");

        clock.set(start.plusSeconds(400 + wait));
        assertEquals(0, throttle.waitSeconds("ana", "10.0.0.1"), "after the announced wait");

        // Four failures remain in the window: one more blocks again, until the +100 failure leaves it.
        throttle.failed("ana", "10.0.0.1");
        assertTrue(throttle.waitSeconds("ana", "10.0.0.1") > 0);
        clock.set(start.plusSeconds(1001));
        assertEquals(0, throttle.waitSeconds("ana", "10.0.0.1"));
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        LoginThrottle throttle = new LoginThrottle(5, 20, WINDOW, clock);
        for (int i = 0; i < 5; i++) {
            throttle.failed("ana", "10.0.0.1");
        }
        assertTrue(throttle.waitSeconds("ana", "10.0.0.1") > 0);
        clock.advance(WINDOW.plusSeconds(1));
        assertEquals(0, throttle.waitSeconds("ana", "10.0.0.1"));
        for (int i = 0; i < 4; i++) {
            throttle.failed("ana", "10.0.0.1");
        }
        assertEquals(0, throttle.waitSeconds("ana", "10.0.0.1"), "the old failures do not count any more");
    }

    @Test
    void successClearsTheUsersFailuresButNotTheAddresss() {
        LoginThrottle throttle = new LoginThrottle(3, 5, WINDOW, clock);
        for (int i = 0; i < 3; i++) {
            throttle.failed("ana", "10.0.0.1");
        }
        throttle.failed("bob", "10.0.0.1");
        throttle.failed("bob", "10.0.0.1"); // the address has 5 failures now
        assertTrue(throttle.waitSeconds("ana", "10.0.0.2") > 0);
        assertTrue(throttle.waitSeconds("carol", "10.0.0.1") > 0);

        throttle.succeeded("ana");

        assertEquals(0, throttle.waitSeconds("ana", "10.0.0.2"), "ana's own failures are cleared");
        assertTrue(throttle.waitSeconds("ana", "10.0.0.1") > 0, "the address is still over its limit");
        assertTrue(throttle.waitSeconds("carol", "10.0.0.1") > 0);
        assertEquals(0, throttle.waitSeconds("bob", "10.0.0.2"), "bob has 2 failures of 3");
    }

    @Test
    void successClearsOnlyThatUser() {
        LoginThrottle throttle = new LoginThrottle(3, 100, WINDOW, clock);
        for (int i = 0; i < 3; i++) {
            throttle.failed("ana", "10.0.0.1");
            throttle.failed("bob", "10.0.0.2");
        }
        throttle.succeeded("ana");
        assertEquals(0, throttle.waitSeconds("ana", "10.0.0.1"));
        assertTrue(throttle.waitSeconds("bob", "10.0.0.2") > 0);
    }
}
