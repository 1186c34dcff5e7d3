/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
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
@Doc("A node as its kubelet measured it; a figure it did not report is absent")
public record NodeSample(
        @Doc(value = "The node's name", example = "worker-1")
        String name,

        @Doc("When the kubelet measured the CPU") Instant time,

        @Doc(value = "CPU in use, in cores", example = "1.25")
        Double cpuCores,

        @Doc(value = "The memory working set, in bytes", example = "3221225472")
        Long memoryBytes,

        @Doc(value = "Bytes received per second over the round; absent on the first round", example = "12500.0")
        Double rxBytesPerSecond,

        @Doc(value = "Bytes sent per second over the round; absent on the first round", example = "8000.0")
        Double txBytesPerSecond,

        @Doc(
                value = "The root file system in use, in bytes (where pods' ephemeral storage lives)",
                example = "21474836480")
        Long fsUsedBytes,

        @Doc(value = "Its allocatable CPU, in cores (from the node object)", example = "4.0")
        Double cpuCapacity,

        @Doc(value = "Its allocatable memory, in bytes (from the node object)", example = "16106127360")
        Long memoryCapacity) {}
