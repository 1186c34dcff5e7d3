/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How fast an autoscaler scales, in Kubernetes' form ({@code HorizontalPodAutoscaler spec.behavior}, autoscaling/v2
 * and v2beta2). A direction left out keeps Kubernetes' defaults for it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutoscalingBehavior(ScalingRules scaleUp, ScalingRules scaleDown) {}
