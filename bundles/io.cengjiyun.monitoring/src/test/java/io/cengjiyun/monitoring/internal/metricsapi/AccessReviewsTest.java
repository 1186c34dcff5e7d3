/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AccessReviewsTest {
    private static final Caller HPA = new Caller("hpa", List.of("system:authenticated"), Map.of());
    private static final ApiPath DEV_PODS = ApiPath.parse("/apis/metrics.k8s.io/v1beta1/namespaces/dev/pods");

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-05T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void anAnswerIsKeptTenSecondsThenAskedAgain() {
        AtomicInteger asked = new AtomicInteger();
        MovableClock clock = new MovableClock();
        AccessReviews reviews = new AccessReviews(
                (cluster, caller, path) -> {
                    asked.incrementAndGet();
                    return new AccessReviews.Decision(true, "RBAC");
                },
                clock);
        assertTrue(reviews.decide("local", HPA, DEV_PODS).allowed());
        clock.now = clock.now.plus(Duration.ofSeconds(9));
        assertTrue(reviews.decide("local", HPA, DEV_PODS).allowed());
        assertEquals(1, asked.get());
        clock.now = clock.now.plus(Duration.ofSeconds(2));
        reviews.decide("local", HPA, DEV_PODS);
        assertEquals(2, asked.get());
    }

    @Test
    void eachUserPathAndClusterHasItsOwnAnswer() {
        AccessReviews reviews = new AccessReviews(
                (cluster, caller, path) -> new AccessReviews.Decision(
                        caller.user().equals("hpa") && "dev".equals(path.namespace()) && cluster.equals("local"), null),
                new MovableClock());
        assertTrue(reviews.decide("local", HPA, DEV_PODS).allowed());
        assertFalse(reviews.decide("other", HPA, DEV_PODS).allowed());
        assertFalse(reviews.decide("local", new Caller("eve", List.of(), Map.of()), DEV_PODS)
                .allowed());
        assertFalse(reviews.decide("local", HPA, ApiPath.parse("/apis/metrics.k8s.io/v1beta1/pods"))
                .allowed());
    }

    @Test
    void aReviewThatFailedIsNotKept() {
        AtomicInteger asked = new AtomicInteger();
        AccessReviews reviews = new AccessReviews(
                (cluster, caller, path) -> {
                    if (asked.incrementAndGet() == 1) {
                        throw new IllegalStateException("API server unreachable");
                    }
                    return new AccessReviews.Decision(true, null);
                },
                new MovableClock());
        assertThrows(IllegalStateException.class, () -> reviews.decide("local", HPA, DEV_PODS));
        assertTrue(reviews.decide("local", HPA, DEV_PODS).allowed());
    }

    @Test
    void theReviewAsksWhatRbacWouldBeAskedForTheMetrics() {
        var review = SubjectAccessReviewer.review(
                new Caller("u", List.of("g"), Map.of("k", List.of("v"))),
                ApiPath.parse("/apis/metrics.k8s.io/v1beta1/namespaces/dev/pods/web-1"));
        var a = review.getSpec().getResourceAttributes();
        assertEquals("metrics.k8s.io", a.getGroup());
        assertEquals("pods", a.getResource());
        assertEquals("get", a.getVerb());
        assertEquals("dev", a.getNamespace());
        assertEquals("web-1", a.getName());
        assertEquals("u", review.getSpec().getUser());
        assertEquals(List.of("g"), review.getSpec().getGroups());
        assertEquals(Map.of("k", List.of("v")), review.getSpec().getExtra());
    }
}
