/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A node as its kubelet measured it. Every figure may be null: the kubelet did not report it.
 *
 * @param time when the kubelet measured the CPU (the sample's timestamp)
 * @param cpuCores CPU in use, in cores
 * @param memoryBytes the memory working set
 * @param rxBytesPerSecond received over the round (null on the first round)
 * @param txBytesPerSecond sent over the round (null on the first round)
 * @param fsUsedBytes the node's root file system in use (what pods' ephemeral storage lives on)
 * @param cpuCapacity the node's allocatable CPU, in cores (from the node object)
 * @param memoryCapacity the node's allocatable memory, in bytes (from the node object)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeSample(
        String name,
        Instant time,
        Double cpuCores,
        Long memoryBytes,
        Double rxBytesPerSecond,
        Double txBytesPerSecond,
        Long fsUsedBytes,
        Double cpuCapacity,
        Long memoryCapacity) {}
