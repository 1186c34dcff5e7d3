/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A container as the kubelet measured it.
 *
 * @param time when its CPU was measured
 * @param cpuCores CPU in use, in cores (null: not reported)
 * @param memoryBytes the memory working set (null: not reported)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerSample(String name, Instant time, Double cpuCores, Long memoryBytes) {}
