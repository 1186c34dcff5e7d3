/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How an autoscaler scales in one direction, in Kubernetes' form ({@code HPAScalingRules}); a field left out keeps
 * Kubernetes' default.
 *
 * @param stabilizationWindowSeconds 0 to 3600: the past recommendations considered before scaling, so that a metric
 *     that flaps does not make the replicas flap
 * @param selectPolicy Max, Min or Disabled: which policy wins when several apply; Disabled: never in this direction
 * @param policies at least one when given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScalingRules(Integer stabilizationWindowSeconds, String selectPolicy, List<ScalingPolicy> policies) {}
