/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;

/**
 * A limit on how much an autoscaler changes the replicas in a period, in Kubernetes' form ({@code HPAScalingPolicy});
 * every field is required, as in Kubernetes.
 *
 * @param type Pods (value is a number of pods) or Percent (value is a percent of the current replicas)
 * @param value more than 0
 * @param periodSeconds 1 to 1800: how long the limit holds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Doc("A limit on how much an autoscaler changes the replicas in a period, as Kubernetes' HPAScalingPolicy")
public record ScalingPolicy(
        @Doc(
                value = "Pods (value is a number of pods) or Percent (value is a percent of the current replicas)",
                example = "Pods",
                required = true,
                oneOf = Rules.ScalingPolicyType.class)
        String type,

        @Doc(
                value = "How many pods, or what percent, may be added or removed in a period",
                example = "4",
                required = true,
                minimum = 1)
        Integer value,

        @Doc(
                value = "How long the limit holds, in seconds",
                example = "15",
                required = true,
                minimum = 1,
                maximum = Rules.MAX_PERIOD_SECONDS)
        Integer periodSeconds) {}
