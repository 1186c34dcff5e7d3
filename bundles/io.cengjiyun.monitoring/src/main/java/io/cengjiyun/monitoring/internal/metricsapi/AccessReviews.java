/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a caller may get or list the metrics it asks for, as the cluster's own authorizer says through a
 * SubjectAccessReview: the same answer RBAC would give for {@code metrics.k8s.io} pods or nodes. Answers are kept
 * briefly (10 s, as metrics-server's delegated authorizer does), so the HPA controller's calls every 15 s cost one
 * review each and a burst of kubectl calls one in all. A review that fails is not kept.
 */
final class AccessReviews {
    static final Duration KEPT = Duration.ofSeconds(10);
    private static final int MOST_KEPT = 1000;

    record Decision(boolean allowed, String reason) {}

    /** Asks the cluster; throws when it cannot answer. */
    @FunctionalInterface
    interface Reviewer {
        Decision review(String cluster, Caller caller, ApiPath path);
    }

    private record Key(String cluster, Caller caller, String verb, String resource, String namespace, String name) {}

    private record Kept(Decision decision, Instant until) {}

    private final Reviewer reviewer;
    private final Clock clock;
    private final Map<Key, Kept> kept = new ConcurrentHashMap<>();

    AccessReviews(Reviewer reviewer, Clock clock) {
        this.reviewer = reviewer;
        this.clock = clock;
    }

    Decision decide(String cluster, Caller caller, ApiPath path) {
        Key key = new Key(cluster, caller, path.verb(), path.resource(), path.namespace(), path.name());
        Instant now = clock.instant();
        Kept k = kept.get(key);
        if (k != null && now.isBefore(k.until())) {
            return k.decision();
        }
        Decision decision = reviewer.review(cluster, caller, path);
        if (kept.size() >= MOST_KEPT) {
            kept.values().removeIf(old -> !now.isBefore(old.until()));
            if (kept.size() >= MOST_KEPT) {
                kept.clear();
            }
        }
        kept.put(key, new Kept(decision, now.plus(KEPT)));
        return decision;
    }
}
