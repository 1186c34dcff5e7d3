/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.monitoring.PodSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kubelet summary (stats/v1alpha1) as Kubernetes 1.20 writes it, including the figures it leaves out. */
class SummaryReaderTest {
    private static String summary(long rx, String time) {
        return """
                {"node": {"nodeName": "n1", "cpu": {"time": "%2$s", "usageNanoCores": 301234567},
                  "memory": {"time": "%2$s", "workingSetBytes": 1073741824},
                  "network": {"time": "%2$s", "rxBytes": %1$d, "txBytes": 500},
                  "fs": {"usedBytes": 2000}},
                 "pods": [
                  {"podRef": {"name": "web-1", "namespace": "shop-dev", "uid": "u1"},
                   "containers": [
                    {"name": "app", "cpu": {"time": "%2$s", "usageNanoCores": 200000000},
                     "memory": {"workingSetBytes": 104857600}},
                    {"name": "side", "cpu": {"time": "%2$s"}, "memory": {}}],
                   "network": {"time": "%2$s", "rxBytes": %1$d, "txBytes": 100},
                   "ephemeral-storage": {"usedBytes": 4096}},
                  {"podRef": {"namespace": "x"}, "containers": []}]}
                """.formatted(rx, time);
    }

    @Test
    void readsNodePodsAndContainersAndLeavesAbsentFiguresNull() throws IOException {
        SummaryReader.Read r = SummaryReader.read(
                "n1", summary(1000, "2026-12-05T10:00:00Z").getBytes(StandardCharsets.UTF_8), 2.0, 8L << 30, Map.of());
        assertEquals(0.301234567, r.node().cpuCores(), 1e-12);
        assertEquals(1073741824L, r.node().memoryBytes());
        assertEquals(2000L, r.node().fsUsedBytes());
        assertEquals(2.0, r.node().cpuCapacity());
        assertNull(r.node().rxBytesPerSecond(), "no rate on the first round");
        assertEquals(1, r.pods().size(), "a pod without a name is skipped");
        PodSample p = r.pods().get(0);
        assertEquals("shop-dev", p.namespace());
        assertEquals("n1", p.node());
        assertEquals(0.2, p.cpuCores(), 1e-12, "the container without CPU adds nothing, not zero");
        assertEquals(104857600L, p.memoryBytes());
        assertNull(p.containers().get(1).cpuCores());
        assertNull(p.containers().get(1).memoryBytes());
        assertEquals(4096L, p.ephemeralBytes());
    }

    @Test
    void ratesComeFromTheCountersOfTheRoundBefore() throws IOException {
        SummaryReader.Read first = SummaryReader.read(
                "n1", summary(1000, "2026-12-05T10:00:00Z").getBytes(StandardCharsets.UTF_8), null, null, Map.of());
        SummaryReader.Read second = SummaryReader.read(
                "n1",
                summary(16000, "2026-12-05T10:00:15Z").getBytes(StandardCharsets.UTF_8),
                null,
                null,
                first.counters());
        assertEquals(1000.0, second.node().rxBytesPerSecond(), 1e-9);
        assertEquals(0.0, second.node().txBytesPerSecond(), 1e-9);
        assertEquals(1000.0, second.pods().get(0).rxBytesPerSecond(), 1e-9);
        SummaryReader.Read reset = SummaryReader.read(
                "n1",
                summary(10, "2026-12-05T10:00:30Z").getBytes(StandardCharsets.UTF_8),
                null,
                null,
                second.counters());
        assertNull(reset.pods().get(0).rxBytesPerSecond(), "a counter that went down (a new sandbox) gives no rate");
    }

    @Test
    void anAnswerThatIsNoSummaryIsRefusedNamingTheNode() {
        IOException e = assertThrows(
                IOException.class,
                () -> SummaryReader.read(
                        "n1", "{\"kind\":\"Status\"}".getBytes(StandardCharsets.UTF_8), null, null, Map.of()));
        assertTrue(e.getMessage().contains("n1"), e.getMessage());
    }
}
