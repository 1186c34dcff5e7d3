/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.monitoring.ContainerSample;
import io.cengjiyun.monitoring.NodeSample;
import io.cengjiyun.monitoring.PodSample;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a kubelet's Summary API answer ({@code /stats/summary}, stats/v1alpha1) into samples. Every number of the
 * summary may be absent: an absent figure stays null, never zero. Network rates come from the counters of the round
 * before (the summary's counters are cumulative); a counter that went down (a restarted pod sandbox) gives no rate.
 */
final class SummaryReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A node's counters of the round before, by pod uid (and "" for the node itself). */
    record Counters(Instant time, long rx, long tx) {}

    /** What one summary gave: the node, its pods, and the counters for the next round. */
    record Read(NodeSample node, List<PodSample> pods, Map<String, Counters> counters) {}

    private SummaryReader() {}

    /**
     * @param capacity the node's allocatable CPU (cores) and memory (bytes) from the node object, either may be null
     * @param before the counters of the node's previous round (empty on the first)
     * @throws IOException when the answer is not a summary (names what is wrong)
     */
    static Read read(
            String nodeName, byte[] body, Double cpuCapacity, Long memoryCapacity, Map<String, Counters> before)
            throws IOException {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.isObject() || !root.path("node").isObject()) {
            throw new IOException("the answer of node " + nodeName + " is not a kubelet summary (no 'node' object)");
        }
        Map<String, Counters> counters = new HashMap<>();
        JsonNode n = root.path("node");
        Instant nodeTime = time(n.path("cpu").path("time"));
        Instant netTime = time(n.path("network").path("time"));
        double[] nodeRates = rates("", n.path("network"), netTime, before, counters);
        NodeSample node = new NodeSample(
                nodeName,
                nodeTime,
                cores(n.path("cpu")),
                bytes(n.path("memory").path("workingSetBytes")),
                nodeRates == null ? null : nodeRates[0],
                nodeRates == null ? null : nodeRates[1],
                bytes(n.path("fs").path("usedBytes")),
                cpuCapacity,
                memoryCapacity);
        List<PodSample> pods = new ArrayList<>();
        for (JsonNode p : root.path("pods")) {
            JsonNode ref = p.path("podRef");
            String name = ref.path("name").asText(null);
            String namespace = ref.path("namespace").asText(null);
            if (name == null || namespace == null) {
                continue; // not a pod we could name: nothing to attribute it to
            }
            String uid = ref.path("uid").asText("");
            List<ContainerSample> containers = new ArrayList<>();
            Instant podTime = null;
            for (JsonNode c : p.path("containers")) {
                Instant t = time(c.path("cpu").path("time"));
                if (t != null && (podTime == null || t.isAfter(podTime))) {
                    podTime = t;
                }
                containers.add(new ContainerSample(
                        c.path("name").asText(""),
                        t,
                        cores(c.path("cpu")),
                        bytes(c.path("memory").path("workingSetBytes"))));
            }
            if (podTime == null) {
                podTime = time(p.path("cpu").path("time"));
            }
            double[] r = rates(
                    "pod:" + uid + "/" + namespace + "/" + name,
                    p.path("network"),
                    time(p.path("network").path("time")),
                    before,
                    counters);
            pods.add(new PodSample(
                    namespace,
                    name,
                    uid,
                    nodeName,
                    podTime,
                    containers,
                    r == null ? null : r[0],
                    r == null ? null : r[1],
                    bytes(p.path("ephemeral-storage").path("usedBytes"))));
        }
        return new Read(node, pods, counters);
    }

    private static double[] rates(
            String key, JsonNode network, Instant time, Map<String, Counters> before, Map<String, Counters> now) {
        Long rx = bytes(network.path("rxBytes"));
        Long tx = bytes(network.path("txBytes"));
        if (rx == null || tx == null || time == null) {
            return null;
        }
        now.put(key, new Counters(time, rx, tx));
        Counters b = before.get(key);
        if (b == null || !time.isAfter(b.time()) || rx < b.rx() || tx < b.tx()) {
            return null;
        }
        double seconds = (time.toEpochMilli() - b.time().toEpochMilli()) / 1000.0;
        return new double[] {(rx - b.rx()) / seconds, (tx - b.tx()) / seconds};
    }

    private static Double cores(JsonNode cpu) {
        JsonNode nano = cpu.path("usageNanoCores");
        return nano.isNumber() ? nano.asDouble() / 1e9 : null;
    }

    private static Long bytes(JsonNode value) {
        return value.isNumber() ? value.asLong() : null;
    }

    private static Instant time(JsonNode value) {
        if (!value.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
