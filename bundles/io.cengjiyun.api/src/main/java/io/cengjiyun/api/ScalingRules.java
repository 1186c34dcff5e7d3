/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;
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
@Doc("How an autoscaler scales in one direction, as Kubernetes' HPAScalingRules; a field left out keeps Kubernetes'"
        + " default")
public record ScalingRules(
        @Doc(
                value = "How far back, in seconds, the autoscaler's past recommendations count before it scales,"
                        + " so that a flapping metric does not make the replicas flap",
                example = "300",
                minimum = 0,
                maximum = Rules.MAX_STABILIZATION_WINDOW_SECONDS)
        Integer stabilizationWindowSeconds,

        @Doc(
                value = "Which policy wins when several apply: Max (the largest change), Min (the smallest), or"
                        + " Disabled (never scale in this direction)",
                example = "Max",
                oneOf = Rules.SelectPolicy.class)
        String selectPolicy,

        @Doc("The limits on the change in a period: at least one when given")
        List<ScalingPolicy> policies) {}
