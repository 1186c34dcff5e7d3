/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * The API versions to write a server's objects in, for the kinds whose version differs between the oldest
 * supported cluster (Kubernetes 1.20: CronJob in batch/v1beta1, HorizontalPodAutoscaler in autoscaling/v2beta2)
 * and current ones (batch/v1, autoscaling/v2; the beta versions are gone since 1.25 and 1.26).
 *
 * @param cronJob {@value #BATCH_V1} or {@value #BATCH_V1BETA1}
 * @param autoscaler {@value #AUTOSCALING_V2} or {@value #AUTOSCALING_V2BETA2}
 */
public record ApiVersions(String cronJob, String autoscaler) {
    public static final String BATCH_V1 = "batch/v1";
    public static final String BATCH_V1BETA1 = "batch/v1beta1";
    public static final String AUTOSCALING_V2 = "autoscaling/v2";
    public static final String AUTOSCALING_V2BETA2 = "autoscaling/v2beta2";

    private static final List<String> CRON_JOB_VERSIONS = List.of(BATCH_V1, BATCH_V1BETA1);
    private static final List<String> AUTOSCALER_VERSIONS = List.of(AUTOSCALING_V2, AUTOSCALING_V2BETA2);

    public ApiVersions {
        if (!CRON_JOB_VERSIONS.contains(cronJob)) {
            throw new IllegalArgumentException(
                    "CronJob API version '" + cronJob + "' is not one of " + CRON_JOB_VERSIONS);
        }
        if (!AUTOSCALER_VERSIONS.contains(autoscaler)) {
            throw new IllegalArgumentException(
                    "HorizontalPodAutoscaler API version '" + autoscaler + "' is not one of " + AUTOSCALER_VERSIONS);
        }
    }

    /** The versions of current clusters (Kubernetes 1.23 and later). */
    public static ApiVersions current() {
        return new ApiVersions(BATCH_V1, AUTOSCALING_V2);
    }

    /**
     * The newest versions among the group/versions a cluster serves, as its discovery lists them (e.g.
     * {@code batch/v1}, {@code autoscaling/v2beta2}).
     *
     * <p>A group/version alone does not say which kinds it has: Kubernetes 1.20 serves batch/v1 (for Job) but
     * CronJob only in batch/v1beta1. Prefer {@link #fromServedKinds(BiPredicate)} when discovery tells the kinds.
     *
     * @throws IllegalArgumentException naming what is missing if the cluster serves no version of a kind
     */
    public static ApiVersions fromServed(Collection<String> groupVersions) {
        Set<String> served = Set.copyOf(groupVersions);
        return pick((groupVersion, kind) -> served.contains(groupVersion), served);
    }

    /**
     * The newest versions that serve each kind, as discovery tells it: {@code servesKind.test("batch/v1", "CronJob")}.
     *
     * @throws IllegalArgumentException naming what is missing if the cluster serves no version of a kind
     */
    public static ApiVersions fromServedKinds(BiPredicate<String, String> servesKind) {
        return pick(servesKind, null);
    }

    private static ApiVersions pick(BiPredicate<String, String> servesKind, Set<String> served) {
        List<String> missing = new ArrayList<>();
        String cronJob = newest(servesKind, "CronJob", CRON_JOB_VERSIONS, missing);
        String autoscaler = newest(servesKind, "HorizontalPodAutoscaler", AUTOSCALER_VERSIONS, missing);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("The cluster serves " + String.join(" and ", missing)
                    + (served == null ? "" : " (it serves " + new TreeSet<>(served) + ")")
                    + ": Cengjiyun needs Kubernetes 1.20 or later with these APIs enabled");
        }
        return new ApiVersions(cronJob, autoscaler);
    }

    private static String newest(
            BiPredicate<String, String> servesKind, String kind, List<String> newestFirst, List<String> missing) {
        for (String version : newestFirst) {
            if (servesKind.test(version, kind)) {
                return version;
            }
        }
        missing.add("no " + kind + " API (neither " + String.join(" nor ", newestFirst) + ")");
        return null;
    }
}
