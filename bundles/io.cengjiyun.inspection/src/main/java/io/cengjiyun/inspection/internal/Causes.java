/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import io.cengjiyun.inspection.Cause;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a server is not running, from its {@link Snapshot}: pure functions, each rule unit-tested. The causes come in the
 * order that blocks first: a pod that cannot be created (quota), placed (scheduler) or given its volume comes before an
 * image that cannot be pulled, which comes before a container that dies, which comes before a failing probe.
 */
final class Causes {
    /** The last line a crashing container wrote, fetched once per crash; null when unknown. */
    @FunctionalInterface
    interface LastLogLine {
        String of(Pod pod, String container);
    }

    static final Pattern QUOTA =
            Pattern.compile("exceeded quota: ([^,]+), requested: (.*?), used: (.*?), limited: ([^\\s]*)");
    private static final Set<String> IMAGE =
            Set.of("ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName");
    /** A FailedCreate or probe event older than this no longer says what holds now. */
    static final Duration RECENT = Duration.ofMinutes(10);

    private Causes() {}

    static List<Cause> of(Snapshot s, Instant now, LastLogLine logs) {
        List<Cause> causes = new ArrayList<>();
        causes.addAll(cannotCreate(s, now));
        causes.addAll(unschedulable(s));
        causes.addAll(claimsNotBound(s));
        for (Pod pod : live(s.pods())) {
            for (ContainerStatus cs : statuses(pod)) {
                Cause c = container(pod, cs, logs);
                if (c != null) {
                    causes.add(c);
                }
            }
        }
        causes.addAll(probes(s, now));
        Cause stalled = stalled(s.controller());
        if (stalled != null) {
            causes.add(stalled);
        }
        return causes;
    }

    /** FailedCreate events of a controller (or its current ReplicaSet) that still has fewer pods than it wants. */
    static List<Cause> cannotCreate(Snapshot s, Instant now) {
        List<Cause> causes = new ArrayList<>();
        List<HasMetadata> short_ = new ArrayList<>();
        for (ReplicaSet rs : s.replicaSets()) {
            int want = rs.getSpec() == null ? 0 : Views.n(rs.getSpec().getReplicas());
            int have = rs.getStatus() == null ? 0 : Views.n(rs.getStatus().getReplicas());
            if (have < want) {
                short_.add(rs);
            }
        }
        HasMetadata c = s.controller();
        if (c instanceof StatefulSet set
                && Views.n(set.getSpec().getReplicas())
                        > (set.getStatus() == null ? 0 : Views.n(set.getStatus().getReplicas()))) {
            short_.add(c);
        } else if (c instanceof DaemonSet || c instanceof Job) {
            short_.add(c); // no count that says a pod is missing for a reason the events give: recent events decide
        }
        for (HasMetadata o : short_) {
            Event latest = null;
            for (Event e : s.events()) {
                if ("FailedCreate".equals(e.getReason())
                        && o.getMetadata().getUid() != null
                        && e.getInvolvedObject() != null
                        && o.getMetadata().getUid().equals(e.getInvolvedObject().getUid())
                        && recent(e, now)
                        && (latest == null || compare(Events.lastSeen(e), Events.lastSeen(latest)) > 0)) {
                    latest = e;
                }
            }
            if (latest != null) {
                causes.add(new Cause(
                        quota(latest.getMessage()) != null ? "QuotaExceeded" : "CannotCreatePod",
                        Events.object(latest),
                        quota(latest.getMessage()) != null
                                ? quota(latest.getMessage())
                                : "a pod cannot be created: " + latest.getMessage(),
                        Events.firstSeen(latest)));
            }
        }
        return causes;
    }

    /** The quota words of a FailedCreate message, or null when it is not about a quota. */
    static String quota(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = QUOTA.matcher(message);
        if (!m.find()) {
            return null;
        }
        return "quota exceeded: a new pod requests " + m.group(2).replace(",", ", ") + "; the appmap uses "
                + m.group(3).replace(",", ", ") + " of " + m.group(4).replace(",", ", ") + " (quota " + m.group(1)
                + "). Raise the appmap's quota, or lower the server's replicas or resources (a rolling update needs room"
                + " for its extra pods: maxSurge 0 avoids that)";
    }

    static List<Cause> unschedulable(Snapshot s) {
        List<Cause> causes = new ArrayList<>();
        for (Pod pod : live(s.pods())) {
            if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
                continue;
            }
            pod.getStatus().getConditions().stream()
                    .filter(c -> "PodScheduled".equals(c.getType())
                            && "False".equals(c.getStatus())
                            && "Unschedulable".equals(c.getReason()))
                    .findFirst()
                    .ifPresent(c -> causes.add(new Cause(
                            "Unschedulable",
                            "Pod/" + pod.getMetadata().getName(),
                            "pod " + pod.getMetadata().getName() + " cannot be placed on a node: " + c.getMessage()
                                    + " (the scheduler's words). Check the server's nodeSelector, affinity,"
                                    + " tolerations and resource requests against the cluster's nodes",
                            c.getLastTransitionTime())));
        }
        return causes;
    }

    static List<Cause> claimsNotBound(Snapshot s) {
        List<Cause> causes = new ArrayList<>();
        for (PersistentVolumeClaim claim : s.claims()) {
            if (claim.getStatus() == null || !"Pending".equals(claim.getStatus().getPhase())) {
                continue;
            }
            String why = null;
            for (Event e : s.events()) {
                if (e.getInvolvedObject() != null
                        && claim.getMetadata()
                                .getUid()
                                .equals(e.getInvolvedObject().getUid())
                        && !"Normal".equals(e.getType())) {
                    why = e.getReason() + ": " + e.getMessage();
                }
            }
            causes.add(new Cause(
                    "ClaimNotBound",
                    "PersistentVolumeClaim/" + claim.getMetadata().getName(),
                    "volume claim " + claim.getMetadata().getName() + " is not bound to a volume"
                            + (why == null ? " yet (no provisioner has answered)" : ": " + why)
                            + ". Check its storage class and size",
                    claim.getMetadata().getCreationTimestamp()));
        }
        return causes;
    }

    /** The registry host of an image reference ({@code host[:port]/...}); Docker Hub for a short name. */
    static String registryOf(String image) {
        int slash = image == null ? -1 : image.indexOf('/');
        if (slash > 0) {
            String first = image.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return first;
            }
        }
        return "docker.io";
    }

    /** A container that cannot start or keeps dying: image, OOM, crash loop; null when it is fine. */
    static Cause container(Pod pod, ContainerStatus cs, LastLogLine logs) {
        String object = "Pod/" + pod.getMetadata().getName();
        var waiting = cs.getState() == null ? null : cs.getState().getWaiting();
        var last = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
        var terminated = cs.getState() == null ? null : cs.getState().getTerminated();
        if (waiting != null
                && IMAGE.contains(waiting.getReason())
                && waiting.getMessage() != null
                && waiting.getMessage().contains("401 Unauthorized")) {
            return new Cause(
                    "ImagePull",
                    object,
                    "container " + cs.getName() + ": cannot pull " + cs.getImage() + ": 401 Unauthorized from "
                            + registryOf(cs.getImage()) + " (" + waiting.getReason() + "): the registry refused the"
                            + " credentials. If it is a registry of the service, set its user and password again (PUT"
                            + " /services/{service}/registries/{name}): the pods pull again on their next retry,"
                            + " with no change to the server",
                    null);
        }
        if (waiting != null
                && IMAGE.contains(waiting.getReason())
                && waiting.getMessage() != null
                && waiting.getMessage().contains("x509:")) {
            return new Cause(
                    "ImagePull",
                    object,
                    "container " + cs.getName() + ": cannot pull " + cs.getImage() + ": the node does not trust the"
                            + " TLS certificate of " + registryOf(cs.getImage()) + " (" + waiting.getReason() + ": "
                            + waiting.getMessage()
                                    .substring(waiting.getMessage().indexOf("x509:"))
                            + "). Its container runtime must trust the authority that signed it (containerd:"
                            + " /etc/containerd/certs.d/" + registryOf(cs.getImage()) + "/hosts.toml)",
                    null);
        }
        if (waiting != null && IMAGE.contains(waiting.getReason())) {
            return new Cause(
                    "ImagePull",
                    object,
                    "container " + cs.getName() + ": image " + cs.getImage() + " cannot be pulled ("
                            + waiting.getReason()
                            + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage())
                            + "). Check the image name and tag, the registry's credentials, and that the cluster can"
                            + " reach the registry",
                    null);
        }
        var oom = terminated != null && "OOMKilled".equals(terminated.getReason())
                ? terminated
                : last != null && "OOMKilled".equals(last.getReason()) ? last : null;
        if (oom != null) {
            String limit = limit(pod, cs.getName());
            return new Cause(
                    "OOMKilled",
                    object,
                    "container " + cs.getName()
                            + " was killed for using more memory than its limit (OOMKilled, exit code "
                            + oom.getExitCode() + (limit == null ? "" : ", limit " + limit) + ", restarted "
                            + Views.n(cs.getRestartCount()) + " times). Raise resources.limits.memory, or make the"
                            + " process use less",
                    oom.getFinishedAt());
        }
        if (waiting != null && "CrashLoopBackOff".equals(waiting.getReason())) {
            String line = logs.of(pod, cs.getName());
            return new Cause(
                    "CrashLoop",
                    object,
                    "container " + cs.getName() + " keeps crashing"
                            + (last == null
                                    ? ""
                                    : ": exit code " + last.getExitCode()
                                            + (last.getReason() == null ? "" : " (" + last.getReason() + ")"))
                            + ", restarted " + Views.n(cs.getRestartCount()) + " times"
                            + (line == null ? "" : "; its last log line: " + line)
                            + ". Read its logs (previous container) for why it exits",
                    last == null ? null : last.getFinishedAt());
        }
        if (waiting != null
                && ("CreateContainerConfigError".equals(waiting.getReason())
                        || "CreateContainerError".equals(waiting.getReason())
                        || "RunContainerError".equals(waiting.getReason()))) {
            return new Cause(
                    "ContainerConfig",
                    object,
                    "container " + cs.getName() + " cannot be started (" + waiting.getReason()
                            + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage()) + ")",
                    null);
        }
        return null;
    }

    /** Recent probe failures of pods whose container is not ready (readiness) or restarts (liveness). */
    static List<Cause> probes(Snapshot s, Instant now) {
        List<Cause> causes = new ArrayList<>();
        for (Pod pod : live(s.pods())) {
            boolean allReady = statuses(pod).stream().allMatch(cs -> Boolean.TRUE.equals(cs.getReady()));
            Event latest = null;
            for (Event e : s.events()) {
                if ("Unhealthy".equals(e.getReason())
                        && e.getInvolvedObject() != null
                        && pod.getMetadata()
                                .getUid()
                                .equals(e.getInvolvedObject().getUid())
                        && recent(e, now)
                        && (latest == null || compare(Events.lastSeen(e), Events.lastSeen(latest)) > 0)) {
                    latest = e;
                }
            }
            if (latest == null) {
                continue;
            }
            boolean liveness =
                    latest.getMessage() != null && latest.getMessage().startsWith("Liveness");
            if (allReady && !liveness) {
                continue;
            }
            String container = latest.getInvolvedObject().getFieldPath() == null
                    ? ""
                    : latest.getInvolvedObject().getFieldPath().replaceAll(".*\\{(.*)\\}.*", "$1") + " ";
            causes.add(new Cause(
                    "ProbeFailing",
                    "Pod/" + pod.getMetadata().getName(),
                    "container " + container + "fails its " + (liveness ? "liveness" : "readiness") + " probe: "
                            + latest.getMessage().strip()
                            + (liveness ? " (the kubelet restarts it)" : " (it gets no traffic)")
                            + ". Check the probe's path, port and timing against what the container serves",
                    Events.firstSeen(latest)));
        }
        return causes;
    }

    static Cause stalled(HasMetadata controller) {
        if (controller instanceof Deployment d
                && d.getStatus() != null
                && d.getStatus().getConditions() != null) {
            for (var c : d.getStatus().getConditions()) {
                if ("Progressing".equals(c.getType())
                        && "False".equals(c.getStatus())
                        && "ProgressDeadlineExceeded".equals(c.getReason())) {
                    return new Cause(
                            "RolloutStalled",
                            "Deployment/" + d.getMetadata().getName(),
                            "the rollout stalled: " + c.getMessage(),
                            c.getLastTransitionTime());
                }
            }
        }
        return null;
    }

    private static String limit(Pod pod, String container) {
        if (pod.getSpec() == null) {
            return null;
        }
        return pod.getSpec().getContainers().stream()
                .filter(c -> container.equals(c.getName()))
                .findFirst()
                .map(c -> c.getResources() == null || c.getResources().getLimits() == null
                        ? null
                        : c.getResources().getLimits().get("memory"))
                .map(Object::toString)
                .orElse(null);
    }

    private static List<Pod> live(List<Pod> pods) {
        return pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    private static List<ContainerStatus> statuses(Pod pod) {
        List<ContainerStatus> all = new ArrayList<>();
        if (pod.getStatus() != null && pod.getStatus().getInitContainerStatuses() != null) {
            all.addAll(pod.getStatus().getInitContainerStatuses());
        }
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            all.addAll(pod.getStatus().getContainerStatuses());
        }
        return all;
    }

    private static boolean recent(Event e, Instant now) {
        String last = Events.lastSeen(e);
        if (last == null) {
            return true;
        }
        try {
            return Instant.parse(last).isAfter(now.minus(RECENT));
        } catch (DateTimeParseException ex) {
            return true;
        }
    }

    private static int compare(String a, String b) {
        return a == null ? -1 : b == null ? 1 : a.compareTo(b);
    }
}
