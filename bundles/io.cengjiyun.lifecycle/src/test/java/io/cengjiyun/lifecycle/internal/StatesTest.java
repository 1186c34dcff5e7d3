/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatesTest {

    private static Deployment deployment(
            int replicas,
            long generation,
            long observed,
            int updated,
            int ready,
            int available,
            int total,
            String progressingReason) {
        DeploymentBuilder b = new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withGeneration(generation)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .endSpec()
                .withNewStatus()
                .withObservedGeneration(observed)
                .withUpdatedReplicas(updated)
                .withReadyReplicas(ready)
                .withAvailableReplicas(available)
                .withReplicas(total)
                .endStatus();
        if (progressingReason != null) {
            b.editStatus()
                    .addNewCondition()
                    .withType("Progressing")
                    .withStatus("False")
                    .withReason(progressingReason)
                    .withMessage("ReplicaSet \"web-1\" has timed out progressing.")
                    .endCondition()
                    .endStatus();
        }
        return b.build();
    }

    private static Pod waiting(String container, String reason) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("web-1")
                .endMetadata()
                .withNewStatus()
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(container)
                        .withReady(false)
                        .withNewState()
                        .withNewWaiting()
                        .withReason(reason)
                        .withMessage("Back-off pulling image")
                        .endWaiting()
                        .endState()
                        .build())
                .endStatus()
                .build();
    }

    @Test
    void aDeploymentWithEveryPodUpdatedAndAvailableRuns() {
        ServerStatus status = States.deployment(deployment(2, 1, 1, 2, 2, 2, 2, null), false, List.of());
        assertEquals(ServerState.RUNNING, status.state());
        assertEquals("2 of 2 pods ready", status.message());
        assertEquals(Integer.valueOf(2), status.available());
    }

    @Test
    void aFirstRolloutDeploysAndALaterOneUpdates() {
        assertEquals(
                ServerState.DEPLOYING,
                States.deployment(deployment(2, 1, 1, 1, 1, 1, 1, null), false, List.of())
                        .state());
        ServerStatus updating = States.deployment(deployment(2, 3, 3, 1, 2, 2, 3, null), false, List.of());
        assertEquals(ServerState.UPDATING, updating.state());
        assertEquals("updated 1, ready 2, available 2 of 2", updating.message());
        assertEquals(
                ServerState.UPDATING,
                States.deployment(deployment(2, 4, 3, 2, 2, 2, 2, null), false, List.of())
                        .state(),
                "a generation not yet observed is not running");
    }

    @Test
    void aStalledRolloutFailsAndNamesTheStuckContainer() {
        ServerStatus failed = States.deployment(
                deployment(1, 2, 2, 0, 0, 0, 1, "ProgressDeadlineExceeded"),
                false,
                List.of(waiting("web", "ImagePullBackOff")));
        assertEquals(ServerState.FAILED, failed.state());
        assertTrue(failed.message().contains("timed out progressing"), failed.message());
        assertTrue(failed.message().contains("container web: ImagePullBackOff"), failed.message());
    }

    @Test
    void aStuckContainerIsNamedWhileTheRolloutStillRuns() {
        ServerStatus status = States.deployment(
                deployment(1, 1, 1, 1, 0, 0, 1, null), false, List.of(waiting("app", "CrashLoopBackOff")));
        assertEquals(ServerState.DEPLOYING, status.state());
        assertTrue(
                status.message().endsWith("container app: CrashLoopBackOff (Back-off pulling image)"),
                status.message());
    }

    @Test
    void aStoppedDeploymentIsStoppingUntilItsPodsAreGone() {
        assertEquals(
                ServerState.STOPPING,
                States.deployment(deployment(0, 2, 2, 0, 0, 0, 2, null), true, List.of())
                        .state());
        assertEquals(
                ServerState.STOPPED,
                States.deployment(deployment(0, 2, 2, 0, 0, 0, 0, null), true, List.of())
                        .state());
    }

    @Test
    void aMissingControllerIsPendingUnlessStopped() {
        ServerStatus missing = States.deployment(null, false, List.of());
        assertEquals(ServerState.PENDING, missing.state());
        assertTrue(missing.message().contains("apply it again"));
        assertEquals(
                ServerState.STOPPED, States.deployment(null, true, List.of()).state());
        assertNull(States.podTrouble(List.of()));
    }

    @Test
    void aJobCompletesOrFailsWithItsReason() {
        var complete = new JobBuilder()
                .withNewMetadata()
                .withName("once")
                .endMetadata()
                .withNewStatus()
                .withSucceeded(1)
                .addNewCondition()
                .withType("Complete")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
        assertEquals(
                ServerState.COMPLETED, States.job(complete, false, List.of()).state());
        var failed = new JobBuilder()
                .withNewMetadata()
                .withName("once")
                .endMetadata()
                .withNewStatus()
                .withFailed(6)
                .addNewCondition()
                .withType("Failed")
                .withStatus("True")
                .withReason("BackoffLimitExceeded")
                .withMessage("Job has reached the specified backoff limit")
                .endCondition()
                .endStatus()
                .build();
        ServerStatus status = States.job(failed, false, List.of());
        assertEquals(ServerState.FAILED, status.state());
        assertTrue(status.message().contains("BackoffLimitExceeded"), status.message());
    }

    @Test
    void aSuspendedCronJobIsStopped() {
        assertEquals(ServerState.STOPPED, States.cronJob(true, null, true, true).state());
        assertEquals(
                ServerState.RUNNING, States.cronJob(false, null, true, false).state());
        assertEquals(
                ServerState.PENDING, States.cronJob(null, null, false, false).state());
    }
}
