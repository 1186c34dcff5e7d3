/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Horizontal autoscaling bounds and targets (percent of the requested resource).
 *
 * @param behavior how fast the autoscaler scales up and down; null: Kubernetes' defaults
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Autoscaling(
        Integer minReplicas,
        Integer maxReplicas,
        Integer cpuUtilization,
        Integer memoryUtilization,
        AutoscalingBehavior behavior) {

    // JSON is read through the canonical constructor, never the one without behavior.
    @JsonCreator
    public Autoscaling {}

    /** Bounds and targets with Kubernetes' default behavior. */
    public Autoscaling(Integer minReplicas, Integer maxReplicas, Integer cpuUtilization, Integer memoryUtilization) {
        this(minReplicas, maxReplicas, cpuUtilization, memoryUtilization, null);
    }
}
