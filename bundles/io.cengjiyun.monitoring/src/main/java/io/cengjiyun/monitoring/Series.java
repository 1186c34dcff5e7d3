/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The series the platform keeps for every server, appmap, service and node, each with its unit. */
public enum Series {
    /** CPU in use, in cores. */
    CPU("cpu", "cores"),
    /** The memory working set, in bytes (what the kubelet evicts on and the OOM killer counts). */
    MEMORY("memory", "bytes"),
    /** Restarts of the containers of the pods sampled, in all (their restart counts summed). */
    RESTARTS("restarts", "count"),
    /** Network received, in bytes per second. */
    RX("rx", "bytes/s"),
    /** Network sent, in bytes per second. */
    TX("tx", "bytes/s"),
    /** Ephemeral storage in use (pods), the root file system in use (nodes), in bytes. */
    EPHEMERAL("ephemeral", "bytes"),
    /** Pods sampled. */
    PODS("pods", "count"),
    /** A node's allocatable CPU, in cores (nodes only). */
    CPU_CAPACITY("cpuCapacity", "cores"),
    /** A node's allocatable memory, in bytes (nodes only). */
    MEMORY_CAPACITY("memoryCapacity", "bytes");

    private final String id;
    private final String unit;

    Series(String id, String unit) {
        this.id = id;
        this.unit = unit;
    }

    /** The name in queries and answers, e.g. {@code cpu}. */
    public String id() {
        return id;
    }

    public String unit() {
        return unit;
    }

    /** The database column of the average (the maximum's is this plus {@code _max}). */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The series of a name as queries give it ({@code cpu}, {@code memory}...), case as given.
     *
     * @throws IllegalArgumentException naming the series there are
     */
    public static Series of(String id) {
        for (Series s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("there is no series '" + id + "': use one of " + names());
    }

    /** The names, comma separated. */
    public static String names() {
        return Arrays.stream(values()).map(Series::id).collect(Collectors.joining(", "));
    }
}
