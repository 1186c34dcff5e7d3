/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;

/**
 * How fast an autoscaler scales, in Kubernetes' form ({@code HorizontalPodAutoscaler spec.behavior}, autoscaling/v2
 * and v2beta2). A direction left out keeps Kubernetes' defaults for it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Doc("How fast an autoscaler scales, as a HorizontalPodAutoscaler's spec.behavior; a direction left out keeps"
        + " Kubernetes' defaults")
public record AutoscalingBehavior(
        @Doc("How it scales up") ScalingRules scaleUp,
        @Doc("How it scales down") ScalingRules scaleDown) {}
