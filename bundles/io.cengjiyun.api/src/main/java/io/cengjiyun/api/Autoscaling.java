/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Horizontal autoscaling bounds and targets (percent of the requested resource). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Autoscaling(
        Integer minReplicas, Integer maxReplicas, Integer cpuUtilization, Integer memoryUtilization) {}
