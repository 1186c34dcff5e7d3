/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.time.Instant;

/**
 * A container as the kubelet measured it.
 *
 * @param time when its CPU was measured
 * @param cpuCores CPU in use, in cores (null: not reported)
 * @param memoryBytes the memory working set (null: not reported)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Doc("A container as the kubelet measured it")
public record ContainerSample(
        @Doc(value = "The container's name", example = "web")
        String name,

        @Doc("When its CPU was measured") Instant time,

        @Doc(value = "CPU in use, in cores; absent when not reported", example = "0.05")
        Double cpuCores,

        @Doc(value = "The memory working set, in bytes; absent when not reported", example = "52428800")
        Long memoryBytes) {}
