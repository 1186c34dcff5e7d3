/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The platform's own progress deadline for the kinds Kubernetes does not time: a rollout with stuck pods past the
 * deadline, counted from the last apply, is FAILED with the pods' trouble; before it, or without trouble, it goes on.
 */
class StalledRolloutTest {
    private static final ServerDefinition DAEMON = Definitions.definition("""
            {"name": "agent", "kind": "DaemonSet", "updateStrategy": {"progressDeadlineSeconds": 30},
             "containers": [{"name": "agent", "image": "busybox:1"}]}""");
    private static final ServerStatus DEPLOYING =
            new ServerStatus(ServerState.DEPLOYING, "updated 0, ready 0 of 1", 1, 0, 0, 0);

    private static DaemonSet appliedAgo(long seconds) {
        return new DaemonSetBuilder()
                .withNewMetadata()
                .withName("agent")
                .addToAnnotations(
                        ServerRuntime.APPLIED_AT_ANNOTATION,
                        Instant.now().minusSeconds(seconds).toString())
                .endMetadata()
                .build();
    }

    private static Pod stuck() {
        return new PodBuilder()
                .withNewMetadata()
                .withName("agent-x")
                .endMetadata()
                .withNewStatus()
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("agent")
                        .withReady(false)
                        .withNewState()
                        .withNewWaiting()
                        .withReason("ErrImageNeverPull")
                        .withMessage("image not present")
                        .endWaiting()
                        .endState()
                        .build())
                .endStatus()
                .build();
    }

    @Test
    void stuckPodsPastTheDeadlineAreFailedNamingTheCause() {
        ServerStatus status = ServerRuntimes.stalled(DEPLOYING, appliedAgo(31), DAEMON, List.of(stuck()));

        assertEquals(ServerState.FAILED, status.state());
        assertTrue(status.message().contains("no progress for more than 30 seconds"), status.message());
        assertTrue(status.message().contains("container agent: ErrImageNeverPull"), status.message());
        assertEquals(Integer.valueOf(1), status.desired());
    }

    @Test
    void beforeTheDeadlineTheRolloutGoesOn() {
        assertSame(DEPLOYING, ServerRuntimes.stalled(DEPLOYING, appliedAgo(5), DAEMON, List.of(stuck())));
    }

    @Test
    void aSlowRolloutWithoutStuckPodsIsNotFailed() {
        assertSame(DEPLOYING, ServerRuntimes.stalled(DEPLOYING, appliedAgo(300), DAEMON, List.of()));
    }

    @Test
    void aDeploymentIsLeftToKubernetesOwnDeadline() {
        Deployment d = new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .addToAnnotations(
                        ServerRuntime.APPLIED_AT_ANNOTATION,
                        Instant.now().minusSeconds(3600).toString())
                .endMetadata()
                .build();

        assertSame(DEPLOYING, ServerRuntimes.stalled(DEPLOYING, d, DAEMON, List.of(stuck())));
    }

    @Test
    void withoutADeadlineInTheDefinitionTenMinutesApply() {
        ServerDefinition plain = Definitions.definition("""
                {"name": "agent", "kind": "DaemonSet", "containers": [{"name": "agent", "image": "busybox:1"}]}""");

        assertSame(DEPLOYING, ServerRuntimes.stalled(DEPLOYING, appliedAgo(599), plain, List.of(stuck())));
        assertEquals(
                ServerState.FAILED,
                ServerRuntimes.stalled(DEPLOYING, appliedAgo(601), plain, List.of(stuck()))
                        .state());
    }
}
