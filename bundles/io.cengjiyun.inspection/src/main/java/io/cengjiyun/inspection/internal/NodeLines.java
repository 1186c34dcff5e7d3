/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import io.cengjiyun.inspection.Overviews.NodeLine;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A node's line of the cluster overview: pure. */
final class NodeLines {
    private NodeLines() {}

    static NodeLine of(Node node, List<Pod> pods) {
        Map<String, String> allocatable = new LinkedHashMap<>();
        if (node.getStatus() != null && node.getStatus().getAllocatable() != null) {
            for (String r : List.of("cpu", "memory", "pods")) {
                Quantity q = node.getStatus().getAllocatable().get(r);
                if (q != null) {
                    allocatable.put(r, q.toString());
                }
            }
        }
        BigDecimal cpu = BigDecimal.ZERO;
        BigDecimal memory = BigDecimal.ZERO;
        int platform = 0;
        for (Pod p : pods) {
            if (p.getMetadata().getLabels() != null
                    && "cengjiyun".equals(p.getMetadata().getLabels().get("app.kubernetes.io/managed-by"))) {
                platform++;
            }
            for (Container c : p.getSpec().getContainers()) {
                Map<String, Quantity> req =
                        c.getResources() == null ? null : c.getResources().getRequests();
                if (req != null && req.get("cpu") != null) {
                    cpu = cpu.add(Quantity.getAmountInBytes(req.get("cpu")));
                }
                if (req != null && req.get("memory") != null) {
                    memory = memory.add(Quantity.getAmountInBytes(req.get("memory")));
                }
            }
        }
        Map<String, String> requested = new LinkedHashMap<>();
        requested.put("cpu", cpu.movePointRight(3).setScale(0, java.math.RoundingMode.CEILING) + "m");
        requested.put(
                "memory", memory.divide(BigDecimal.valueOf(1024 * 1024), 0, java.math.RoundingMode.CEILING) + "Mi");
        requested.put("pods", Integer.toString(pods.size()));
        boolean ready = false;
        List<String> problems = new ArrayList<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (var c : node.getStatus().getConditions()) {
                if ("Ready".equals(c.getType())) {
                    ready = "True".equals(c.getStatus());
                    if (!ready) {
                        problems.add(
                                "not Ready: " + c.getReason() + " " + (c.getMessage() == null ? "" : c.getMessage()));
                    }
                } else if ("True".equals(c.getStatus())) {
                    problems.add(c.getType() + ": " + (c.getMessage() == null ? c.getReason() : c.getMessage()));
                }
            }
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            problems.add("cordoned: no new pods are placed on it");
        }
        return new NodeLine(
                node.getMetadata().getName(),
                ready,
                node.getStatus() == null || node.getStatus().getNodeInfo() == null
                        ? null
                        : node.getStatus().getNodeInfo().getKubeletVersion(),
                allocatable,
                requested,
                pods.size(),
                platform,
                problems);
    }
}
