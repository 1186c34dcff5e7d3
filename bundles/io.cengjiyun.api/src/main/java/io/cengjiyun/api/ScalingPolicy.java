/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A limit on how much an autoscaler changes the replicas in a period, in Kubernetes' form ({@code HPAScalingPolicy});
 * every field is required, as in Kubernetes.
 *
 * @param type Pods (value is a number of pods) or Percent (value is a percent of the current replicas)
 * @param value more than 0
 * @param periodSeconds 1 to 1800: how long the limit holds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScalingPolicy(String type, Integer value, Integer periodSeconds) {}
