/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins are limited per user name and per client address within a sliding window: past the
 * limit, sign-in is refused (429, Retry-After) without checking the password, until the oldest failure
 * leaves the window. A successful sign-in clears the user's failures, not the address's. In memory:
 * a restart forgets, which costs an attacker a restart of the platform per window.
 */
final class LoginThrottle {
    private static final int MAX_KEYS = 100_000;

    private final int perUser;
    private final int perAddress;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    LoginThrottle(int perUser, int perAddress, Duration window, Clock clock) {
        this.perUser = perUser;
        this.perAddress = perAddress;
        this.window = window;
        this.clock = clock;
    }

    /** Seconds to wait before the next attempt for this user or from this address; 0 if one may try now. */
    long waitSeconds(String user, String address) {
        return Math.max(wait("user:" + user, perUser), wait("address:" + address, perAddress));
    }

    void failed(String user, String address) {
        if (failures.size() > MAX_KEYS) {
            prune();
        }
        add("user:" + user);
        add("address:" + address);
    }

    void succeeded(String user) {
        failures.remove("user:" + user);
    }

    private long wait(String key, int limit) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            Instant cutoff = clock.instant().minus(window);
            while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
                times.pollFirst();
            }
            if (times.size() < limit) {
                return 0;
            }
            Instant freed = times.peekFirst().plus(window);
            return Math.max(1, Duration.between(clock.instant(), freed).toSeconds() + 1);
        }
    }

    private void add(String key) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(clock.instant());
            while (times.size() > Math.max(perUser, perAddress)) {
                times.pollFirst();
            }
        }
    }

    private void prune() {
        Instant cutoff = clock.instant().minus(window);
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().isEmpty() || e.getValue().peekLast().isBefore(cutoff);
            }
        });
    }
}
