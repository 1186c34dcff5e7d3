/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The observed state of a server from its live objects: pure functions of what the informers hold, so every
 * rule is unit-tested. The message names the cause a person can act on (an image that cannot be pulled, a
 * container that keeps crashing, a probe that fails).
 */
final class States {
    /** Container waiting reasons that will not go away by themselves. */
    private static final Set<String> STUCK = Set.of(
            "ImagePullBackOff",
            "ErrImagePull",
            "ErrImageNeverPull",
            "InvalidImageName",
            "CrashLoopBackOff",
            "CreateContainerConfigError",
            "CreateContainerError",
            "RunContainerError");

    private States() {}

    static ServerStatus deployment(Deployment d, boolean stopped, List<Pod> pods) {
        if (d == null) {
            return missing(stopped);
        }
        int desired = n(d.getSpec().getReplicas());
        var s = d.getStatus();
        int updated = s == null ? 0 : n(s.getUpdatedReplicas());
        int ready = s == null ? 0 : n(s.getReadyReplicas());
        int available = s == null ? 0 : n(s.getAvailableReplicas());
        int total = s == null ? 0 : n(s.getReplicas());
        if (stopped || desired == 0) {
            return counted(
                    total == 0 ? ServerState.STOPPED : ServerState.STOPPING,
                    total == 0 ? "stopped" : total + " pods still terminating",
                    desired,
                    updated,
                    ready,
                    available);
        }
        DeploymentCondition progressing = s == null || s.getConditions() == null
                ? null
                : s.getConditions().stream()
                        .filter(c -> "Progressing".equals(c.getType()))
                        .findFirst()
                        .orElse(null);
        String trouble = podTrouble(pods);
        if (progressing != null
                && "False".equals(progressing.getStatus())
                && "ProgressDeadlineExceeded".equals(progressing.getReason())) {
            return counted(
                    ServerState.FAILED,
                    "the rollout stalled: " + progressing.getMessage() + (trouble == null ? "" : "; " + trouble),
                    desired,
                    updated,
                    ready,
                    available);
        }
        boolean observed = s != null
                && s.getObservedGeneration() != null
                && s.getObservedGeneration() >= d.getMetadata().getGeneration();
        if (observed && updated == desired && available == desired && total == desired) {
            return counted(
                    ServerState.RUNNING,
                    desired + " of " + desired + " pods ready",
                    desired,
                    updated,
                    ready,
                    available);
        }
        ServerState state =
                d.getMetadata().getGeneration() != null && d.getMetadata().getGeneration() > 1
                        ? ServerState.UPDATING
                        : ServerState.DEPLOYING;
        return counted(
                state,
                "updated " + updated + ", ready " + ready + ", available " + available + " of " + desired
                        + (trouble == null ? "" : "; " + trouble),
                desired,
                updated,
                ready,
                available);
    }

    static ServerStatus statefulSet(StatefulSet set, boolean stopped, List<Pod> pods) {
        if (set == null) {
            return missing(stopped);
        }
        int desired = n(set.getSpec().getReplicas());
        var s = set.getStatus();
        int updated = s == null ? 0 : n(s.getUpdatedReplicas());
        int ready = s == null ? 0 : n(s.getReadyReplicas());
        int total = s == null ? 0 : n(s.getReplicas());
        if (stopped || desired == 0) {
            return counted(
                    total == 0 ? ServerState.STOPPED : ServerState.STOPPING,
                    total == 0 ? "stopped" : total + " pods still terminating",
                    desired,
                    updated,
                    ready,
                    null);
        }
        String trouble = podTrouble(pods);
        if (ready == desired
                && total == desired
                && (s.getUpdateRevision() == null || s.getUpdateRevision().equals(s.getCurrentRevision()))) {
            return counted(
                    ServerState.RUNNING, desired + " of " + desired + " pods ready", desired, updated, ready, null);
        }
        return counted(
                set.getMetadata().getGeneration() != null && set.getMetadata().getGeneration() > 1
                        ? ServerState.UPDATING
                        : ServerState.DEPLOYING,
                "updated " + updated + ", ready " + ready + " of " + desired + (trouble == null ? "" : "; " + trouble),
                desired,
                updated,
                ready,
                null);
    }

    static ServerStatus daemonSet(DaemonSet set, boolean stopped, List<Pod> pods) {
        if (set == null) {
            return missing(stopped);
        }
        var s = set.getStatus();
        int desired = s == null ? 0 : n(s.getDesiredNumberScheduled());
        int updated = s == null ? 0 : n(s.getUpdatedNumberScheduled());
        int ready = s == null ? 0 : n(s.getNumberReady());
        int available = s == null ? 0 : n(s.getNumberAvailable());
        String trouble = podTrouble(pods);
        if (desired > 0 && updated == desired && available == desired) {
            return counted(
                    ServerState.RUNNING,
                    desired + " of " + desired + " pods ready",
                    desired,
                    updated,
                    ready,
                    available);
        }
        return counted(
                ServerState.DEPLOYING,
                "updated " + updated + ", ready " + ready + " of " + desired + (trouble == null ? "" : "; " + trouble),
                desired,
                updated,
                ready,
                available);
    }

    static ServerStatus job(Job job, boolean stopped, List<Pod> pods) {
        if (job == null) {
            return missing(stopped);
        }
        var s = job.getStatus();
        List<JobCondition> conditions = s == null || s.getConditions() == null ? List.of() : s.getConditions();
        for (JobCondition c : conditions) {
            if ("Complete".equals(c.getType()) && "True".equals(c.getStatus())) {
                return ServerStatus.of(ServerState.COMPLETED, "completed: " + n(s.getSucceeded()) + " succeeded");
            }
            if ("Failed".equals(c.getType()) && "True".equals(c.getStatus())) {
                String trouble = podTrouble(pods);
                return ServerStatus.of(
                        ServerState.FAILED,
                        "the job failed: " + c.getReason() + " (" + c.getMessage() + ")"
                                + (trouble == null ? "" : "; " + trouble));
            }
        }
        String trouble = podTrouble(pods);
        return ServerStatus.of(
                s != null && n(s.getActive()) > 0 ? ServerState.RUNNING : ServerState.DEPLOYING,
                (s == null ? 0 : n(s.getActive())) + " running, " + (s == null ? 0 : n(s.getSucceeded()))
                        + " succeeded, " + (s == null ? 0 : n(s.getFailed())) + " failed"
                        + (trouble == null ? "" : "; " + trouble));
    }

    static ServerStatus cronJob(Boolean suspended, String lastSchedule, boolean present, boolean stopped) {
        if (!present) {
            return missing(stopped);
        }
        if (Boolean.TRUE.equals(suspended)) {
            return ServerStatus.of(ServerState.STOPPED, "suspended: no run is scheduled");
        }
        return ServerStatus.of(
                ServerState.RUNNING,
                lastSchedule == null ? "scheduled, not run yet" : "last run scheduled at " + lastSchedule);
    }

    /** What keeps pods from running, by container: null when nothing is stuck. */
    static String podTrouble(List<Pod> pods) {
        Set<String> causes = new LinkedHashSet<>();
        for (Pod pod : pods) {
            if (pod.getStatus() == null) {
                continue;
            }
            List<ContainerStatus> statuses = new java.util.ArrayList<>();
            if (pod.getStatus().getInitContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getInitContainerStatuses());
            }
            if (pod.getStatus().getContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getContainerStatuses());
            }
            for (ContainerStatus cs : statuses) {
                var waiting = cs.getState() == null ? null : cs.getState().getWaiting();
                if (waiting != null && STUCK.contains(waiting.getReason())) {
                    causes.add("container " + cs.getName() + ": " + waiting.getReason()
                            + (waiting.getMessage() == null ? "" : " (" + waiting.getMessage() + ")"));
                } else if (Boolean.FALSE.equals(cs.getReady())
                        && cs.getState() != null
                        && cs.getState().getRunning() != null
                        && cs.getRestartCount() != null) {
                    causes.add("container " + cs.getName()
                            + " runs but is not ready (its readiness probe has not passed)");
                }
            }
            if (pod.getStatus().getConditions() != null) {
                pod.getStatus().getConditions().stream()
                        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                        .forEach(c -> causes.add(
                                "pod " + pod.getMetadata().getName() + " cannot be scheduled: " + c.getMessage()));
            }
        }
        return causes.isEmpty() ? null : String.join("; ", causes);
    }

    private static ServerStatus missing(boolean stopped) {
        return stopped
                ? ServerStatus.of(ServerState.STOPPED, "stopped")
                : ServerStatus.of(
                        ServerState.PENDING,
                        "its controller is not on the cluster (not applied yet, or deleted"
                                + " outside the platform: apply it again)");
    }

    private static ServerStatus counted(
            ServerState state, String message, Integer desired, Integer updated, Integer ready, Integer available) {
        return new ServerStatus(state, message, desired, updated, ready, available);
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }

    private static int n(Long value) {
        return value == null ? 0 : value.intValue();
    }
}
