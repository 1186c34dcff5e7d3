/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;

/** How a server's pods are replaced: RollingUpdate (default), Recreate or OnDelete. */
@Doc("How a server's pods are replaced when its definition changes, with Kubernetes' field names")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpdateStrategy(
        @Doc(
                value = "RollingUpdate (a few pods at a time; the default), Recreate (all at once; a Deployment"
                        + " only) or OnDelete (when a pod is deleted; a StatefulSet or a DaemonSet only)",
                example = "RollingUpdate",
                oneOf = Rules.Strategy.class)
        String type,

        @Doc(
                value = "RollingUpdate: how many pods above the replicas may run during a rollout, a count or a"
                        + " percentage of the replicas; not for a StatefulSet. It and maxUnavailable cannot both"
                        + " be 0",
                example = "25%",
                pattern = Rules.PERCENT,
                minimum = 0,
                maximum = Rules.MAX_SURGE)
        IntOrString maxSurge,

        @Doc(
                value = "RollingUpdate: how many pods may be unavailable during a rollout, a count or a percentage"
                        + " of the replicas",
                example = "25%",
                pattern = Rules.PERCENT,
                minimum = 0,
                maximum = Rules.MAX_SURGE)
        IntOrString maxUnavailable,

        @Doc(
                value = "RollingUpdate of a StatefulSet: only the pods with an ordinal at or above it are updated",
                example = "0",
                minimum = 0,
                maximum = Rules.MAX_REPLICAS)
        Integer partition,

        @Doc(
                value = "How long a new pod must be ready before it counts as available, in seconds",
                example = "10",
                minimum = 0,
                maximum = Rules.MAX_MIN_READY_SECONDS)
        Integer minReadySeconds,

        @Doc(
                value = "How long a rollout may make no progress before it fails, in seconds",
                example = "600",
                minimum = 1,
                maximum = Rules.MAX_PROGRESS_DEADLINE_SECONDS)
        Integer progressDeadlineSeconds) {}
