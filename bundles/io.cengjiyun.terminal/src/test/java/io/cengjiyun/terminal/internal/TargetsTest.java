/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ValidationException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which pod and container a terminal or a log call means when it names none, and the errors when it names a wrong one. */
class TargetsTest {
    private static Pod pod(String name, String created, boolean running, boolean ready) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withCreationTimestamp(created)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("sidecar")
                .endContainer()
                .addNewContainer()
                .withName("app")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase(running ? "Running" : "Pending")
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus()
                .build();
    }

    private static Target target(List<Pod> pods) throws Exception {
        ServerDefinition d = new ObjectMapper()
                .readValue(
                        "{\"name\": \"web\", \"containers\": [{\"name\": \"app\", \"image\": \"x\"},"
                                + " {\"name\": \"sidecar\", \"image\": \"y\"}]}",
                        ServerDefinition.class);
        return new Target(
                AppMap.of("shop", "dev", "local", null, "dev", null),
                new Server("shop", "dev", "web", 1, d, null, null, null),
                null,
                pods);
    }

    @Test
    void theNewestReadyPodAndTheServersFirstContainerByDefault() throws Exception {
        Target t = target(List.of(
                pod("web-a", "2026-12-05T10:00:00Z", true, true),
                pod("web-b", "2026-12-05T10:05:00Z", true, true),
                pod("web-c", "2026-12-05T10:09:00Z", true, false)));
        Pod chosen = Targets.pod(t, null);
        assertEquals("web-b", chosen.getMetadata().getName(), "the newest ready one, not the newest");
        assertEquals("app", Targets.container(t, chosen, null), "the server's first container, not the pod's");
        assertEquals("sidecar", Targets.container(t, chosen, "sidecar"));
        assertEquals("web-c", Targets.pod(t, "web-c").getMetadata().getName());
        Target noneReady = target(List.of(pod("web-c", "2026-12-05T10:09:00Z", true, false)));
        assertEquals("web-c", Targets.pod(noneReady, "").getMetadata().getName(), "else the newest running");
    }

    @Test
    void aWrongPodOrContainerIsNamedWithTheRightOnes() throws Exception {
        Target t = target(List.of(pod("web-a", "2026-12-05T10:00:00Z", true, true)));
        var pod = assertThrows(ValidationException.class, () -> Targets.pod(t, "web-z"));
        assertEquals("pod", pod.errors().get(0).field());
        assertTrue(pod.errors().get(0).message().contains("its pods are web-a"));
        var container = assertThrows(ValidationException.class, () -> Targets.container(t, Targets.pod(t, null), "db"));
        assertEquals("container", container.errors().get(0).field());
        assertTrue(container.errors().get(0).message().contains("its containers are sidecar, app"));
        var none = assertThrows(
                ValidationException.class,
                () -> Targets.pod(target(List.of(pod("web-p", "2026-12-05T10:00:00Z", false, false))), null));
        assertTrue(none.errors().get(0).message().contains("has no running pod (its pods: web-p)"));
    }
}
