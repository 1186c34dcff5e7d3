/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;

/**
 * Horizontal autoscaling bounds and targets (percent of the requested resource).
 *
 * @param behavior how fast the autoscaler scales up and down; null: Kubernetes' defaults
 */
@Doc(
        "A HorizontalPodAutoscaler of a Deployment or a StatefulSet: the bounds of the replicas and the targets (percent of"
                + " the containers' requests); at least one target")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Autoscaling(
        @Doc(
                value = "The fewest replicas; at most maxReplicas",
                example = "1",
                minimum = 1,
                maximum = Rules.MAX_REPLICAS,
                defaultValue = "1")
        Integer minReplicas,

        @Doc(value = "The most replicas", example = "4", required = true, minimum = 1, maximum = Rules.MAX_REPLICAS)
        Integer maxReplicas,

        @Doc(
                value = "The target CPU use, in percent of the containers' CPU requests",
                example = "70",
                minimum = 1,
                maximum = Rules.MAX_UTILIZATION)
        Integer cpuUtilization,

        @Doc(
                value = "The target memory use, in percent of the containers' memory requests",
                example = "80",
                minimum = 1,
                maximum = Rules.MAX_UTILIZATION)
        Integer memoryUtilization,

        @Doc("How fast it scales up and down; left out: Kubernetes' defaults")
        AutoscalingBehavior behavior) {

    // JSON is read through the canonical constructor, never the one without behavior.
    @JsonCreator
    public Autoscaling {}

    /** Bounds and targets with Kubernetes' default behavior. */
    public Autoscaling(Integer minReplicas, Integer maxReplicas, Integer cpuUtilization, Integer memoryUtilization) {
        this(minReplicas, maxReplicas, cpuUtilization, memoryUtilization, null);
    }
}
