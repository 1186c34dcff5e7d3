/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.build.internal;

import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.build.BuildResult;
import io.cengjiyun.build.BuildSpec;
import io.cengjiyun.build.ImageBuilder;
import io.cengjiyun.cluster.ClusterRegistry;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The platform's build engine: a Kubernetes Job in the appmap's namespace on its cluster (counted against its quota)
 * whose one container, from the builder image (Debian's buildah and a shell), unpacks the context, builds the Dockerfile
 * with {@code buildah bud --isolation chroot} on vfs storage in its own emptyDir, and pushes the image with the
 * registry's credentials, writing the digest as its termination message. The container is not privileged (root in
 * it, all capabilities dropped but SETUID, SETGID and SETFCAP, which buildah's own user namespace needs), mounts
 * nothing of the node, has no service account token: a {@code RUN} step runs inside it, not on the node. The context,
 * the registry's credentials and its authority travel in a Secret of the build, deleted with its Job at the end.
 */
@Component(service = ImageBuilder.class, configurationPid = BuildQueue.PID, property = "service.ranking:Integer=0")
public class JobImageBuilder implements ImageBuilder {
    static final String LABEL = "cengjiyun.io/build";
    private static final Pattern STEP = Pattern.compile("^(STEP \\d+(/\\d+)?: .*)$");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    /** How long the appmap's quota may refuse the build's pod before the build fails (it may free up meanwhile). */
    static final Duration QUOTA_GRACE = Duration.ofSeconds(20);

    /**
     * The container's script; $1 the Dockerfile's path in the context, $2 the image, then the --build-arg options.
     * vfs storage and the chroot isolation need no privilege and no mount of the node.
     */
    static final String SCRIPT = String.join(
            "\n",
            "set -eu",
            "df=\"$1\"; image=\"$2\"; shift 2",
            "mkdir -p /workspace/context /workspace/certs /workspace/storage /workspace/run",
            "tar -xzf /build/context.tar.gz -C /workspace/context",
            "if [ -f /build/ca.crt ]; then cp /build/ca.crt /workspace/certs/ca.crt; fi",
            "echo \"Context: $(find /workspace/context -type f | wc -l) files; building $image from $df\"",
            "b() { buildah --root /workspace/storage --runroot /workspace/run --storage-driver vfs \"$@\"; }",
            "b bud --isolation chroot --authfile /build/auth.json --cert-dir /workspace/certs -f \"/workspace/context/$df\""
                    + " \"$@\" -t \"$image\" /workspace/context",
            "echo \"Pushing $image\"",
            "b push --authfile /build/auth.json --cert-dir /workspace/certs --digestfile /dev/termination-log"
                    + " \"$image\"",
            "echo \"Pushed $image@$(cat /dev/termination-log)\"");

    private final ClusterRegistry clusters;
    private final BuildConfig config;

    @Activate
    public JobImageBuilder(@Reference ClusterRegistry clusters, BuildConfig config) {
        this.clusters = clusters;
        this.config = config;
    }

    @Override
    public BuildResult build(BuildSpec spec, Consumer<String> output) throws InterruptedException {
        String ns = spec.appMap().effectiveNamespace();
        String name = "cj-build-" + spec.id();
        KubernetesClient k = clusters.connection(spec.appMap().cluster()).client();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(JobImageBuilder.class.getClassLoader()); // fabric8 finds its models on it
        try {
            output.accept("Starting build " + spec.id() + " as Job " + name + " in namespace " + ns + " of cluster '"
                    + spec.appMap().cluster() + "'");
            k.secrets().inNamespace(ns).resource(secret(spec, ns, name)).create();
            k.batch().v1().jobs().inNamespace(ns).resource(job(spec, ns, name)).create();
            return follow(k, ns, name, output);
        } catch (KubernetesClientException e) {
            throw new UnavailableException(
                    "The build could not run on cluster '" + spec.appMap().cluster() + "' (" + e.getMessage()
                            + "). Try again when it answers.",
                    e);
        } finally {
            boolean interrupted = Thread.interrupted(); // the clean-up must run even when cancelled
            try {
                k.batch()
                        .v1()
                        .jobs()
                        .inNamespace(ns)
                        .withName(name)
                        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                        .delete();
                k.pods()
                        .inNamespace(ns)
                        .withLabel(LABEL, spec.id())
                        .withGracePeriod(0)
                        .delete();
                k.secrets().inNamespace(ns).withName(name).delete();
            } catch (KubernetesClientException e) {
                output.accept("Could not remove the build's Job " + name + " (" + e.getMessage() + ")");
            } finally {
                thread.setContextClassLoader(previous);
                if (interrupted) {
                    thread.interrupt();
                }
            }
        }
    }

    /** Waits for the build's pod, follows its output to the end, and reads how its container ended. */
    private BuildResult follow(KubernetesClient k, String ns, String name, Consumer<String> output)
            throws InterruptedException {
        long deadline = System.nanoTime()
                + Duration.ofMinutes(Math.max(1, config.timeoutMinutes())).toNanos();
        String lastStep = null;
        String lastWaiting = null;
        long quotaSince = 0;
        Pod pod = null;
        while (true) { // until its container runs or has ended
            checkInterrupted();
            List<Pod> pods =
                    k.pods().inNamespace(ns).withLabel("job-name", name).list().getItems();
            pod = pods.isEmpty() ? null : pods.get(0);
            ContainerStatus cs = status(pod);
            if (cs != null
                    && (cs.getState().getRunning() != null || cs.getState().getTerminated() != null)) {
                break;
            }
            String waiting = pod == null
                    ? jobProblem(k, ns, name)
                    : cs != null && cs.getState().getWaiting() != null
                            ? cs.getState().getWaiting().getReason() + ": "
                                    + cs.getState().getWaiting().getMessage()
                            : "pod " + pod.getStatus().getPhase();
            if (waiting != null && !waiting.equals(lastWaiting)) {
                output.accept("Waiting: " + waiting);
                lastWaiting = waiting;
            }
            if (waiting != null && waiting.contains("exceeded quota")) {
                if (quotaSince == 0) {
                    quotaSince = System.nanoTime();
                } else if (System.nanoTime() - quotaSince > QUOTA_GRACE.toNanos()) {
                    return new BuildResult(
                            false,
                            null,
                            null,
                            "The appmap's quota cannot hold the build's pod ("
                                    + waiting.substring(waiting.indexOf("exceeded quota"))
                                    + "): raise the appmap's quota,"
                                    + " wait until its servers use less, or lower the builds' cpuLimit and memoryLimit"
                                    + " (configuration io.cengjiyun.build)");
                }
            } else {
                quotaSince = 0;
            }
            if (System.nanoTime() > deadline) {
                return new BuildResult(
                        false,
                        null,
                        null,
                        "The build did not start within " + config.timeoutMinutes() + " minutes: " + lastWaiting);
            }
            Thread.sleep(500);
        }
        try (LogWatch log = k.pods()
                        .inNamespace(ns)
                        .withName(pod.getMetadata().getName())
                        .inContainer("build")
                        .watchLog();
                BufferedReader lines =
                        new BufferedReader(new InputStreamReader(log.getOutput(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                checkInterrupted();
                output.accept(line);
                Matcher step = STEP.matcher(line);
                if (step.matches()) {
                    lastStep = step.group(1);
                }
            }
        } catch (IOException e) {
            output.accept("The build's output broke off (" + e.getMessage() + ")");
        }
        while (true) { // the output has ended: its container has, or will in a moment
            checkInterrupted();
            Pod now = k.pods()
                    .inNamespace(ns)
                    .withName(pod.getMetadata().getName())
                    .get();
            ContainerStatus cs = status(now);
            ContainerStateTerminated end = cs == null ? null : cs.getState().getTerminated();
            if (end != null) {
                return result(end, lastStep);
            }
            if (now == null || System.nanoTime() > deadline) {
                return new BuildResult(
                        false,
                        null,
                        lastStep,
                        now == null
                                ? "The build's pod went away before it ended"
                                : "The build did not end within " + config.timeoutMinutes() + " minutes");
            }
            Thread.sleep(300);
        }
    }

    static BuildResult result(ContainerStateTerminated end, String lastStep) {
        if (end.getExitCode() != null && end.getExitCode() == 0) {
            Matcher digest = DIGEST.matcher(end.getMessage() == null ? "" : end.getMessage());
            return new BuildResult(true, digest.find() ? digest.group() : null, null, "Built and pushed");
        }
        String reason = end.getReason() == null ? "" : end.getReason();
        if ("OOMKilled".equals(reason)) {
            return new BuildResult(
                    false,
                    null,
                    lastStep,
                    "The build ran out of memory (its limit: " + "the build configuration's memoryLimit) at "
                            + (lastStep == null ? "its start" : lastStep));
        }
        return new BuildResult(
                false,
                null,
                lastStep,
                lastStep == null
                        ? "The build failed before its first step (exit code " + end.getExitCode() + "): see its output"
                        : "The build failed at " + lastStep + " (exit code " + end.getExitCode() + "): see its output");
    }

    private static ContainerStatus status(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> "build".equals(c.getName()))
                .findFirst()
                .filter(c -> c.getState() != null)
                .orElse(null);
    }

    /** Why a Job has no pod yet (a quota refusing it, say), from its events; null when nothing is said. */
    private static String jobProblem(KubernetesClient k, String ns, String name) {
        return k.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> e.getInvolvedObject() != null
                        && name.equals(e.getInvolvedObject().getName()))
                .filter(e -> "Warning".equals(e.getType()))
                .map(e -> e.getReason() + ": " + e.getMessage())
                .reduce((a, b) -> b)
                .orElse(null);
    }

    private static void checkInterrupted() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("cancelled");
        }
    }

    Secret secret(BuildSpec spec, String ns, String name) {
        Map<String, String> data = new java.util.LinkedHashMap<>();
        data.put("context.tar.gz", Base64.getEncoder().encodeToString(spec.context()));
        data.put(
                "auth.json",
                Base64.getEncoder()
                        .encodeToString(spec.registry().dockerConfig().getBytes(StandardCharsets.UTF_8)));
        if (spec.registry().ca() != null) {
            data.put(
                    "ca.crt",
                    Base64.getEncoder().encodeToString(spec.registry().ca().getBytes(StandardCharsets.UTF_8)));
        }
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .addToLabels(LABEL, spec.id())
                .addToLabels("app.kubernetes.io/managed-by", "cengjiyun")
                .endMetadata()
                .withData(data)
                .build();
    }

    Job job(BuildSpec spec, String ns, String name) {
        List<String> command =
                new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "build", spec.dockerfile(), spec.image()));
        spec.args().forEach((key, value) -> {
            command.add("--build-arg");
            command.add(key + "=" + value);
        });
        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .addToLabels(LABEL, spec.id())
                .addToLabels("app.kubernetes.io/managed-by", "cengjiyun")
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds((long) Math.max(1, config.timeoutMinutes()) * 60)
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels(LABEL, spec.id())
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withTerminationGracePeriodSeconds(1L)
                .addNewContainer()
                .withName("build")
                .withImage(config.builderImage())
                .withImagePullPolicy("IfNotPresent")
                .withCommand(command)
                .addNewEnv()
                .withName("HOME")
                .withValue("/workspace")
                .endEnv()
                .addNewEnv()
                .withName("BUILDAH_ISOLATION")
                .withValue("chroot")
                .endEnv()
                .addNewEnv()
                .withName("STORAGE_DRIVER")
                .withValue("vfs")
                .endEnv()
                .withNewResources()
                .addToRequests("cpu", new Quantity(config.cpuRequest()))
                .addToRequests("memory", new Quantity(config.memoryRequest()))
                .addToLimits("cpu", new Quantity(config.cpuLimit()))
                .addToLimits("memory", new Quantity(config.memoryLimit()))
                .endResources()
                // root in the container only: buildah makes its own user namespace, which needs these three
                // capabilities (and a seccomp profile that allows unshare: the cluster's default, not RuntimeDefault)
                .withNewSecurityContext()
                .withPrivileged(false)
                .withRunAsUser(0L)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .withAdd("SETUID", "SETGID", "SETFCAP")
                .endCapabilities()
                .endSecurityContext()
                .addNewVolumeMount()
                .withName("build")
                .withMountPath("/build")
                .withReadOnly(true)
                .endVolumeMount()
                .addNewVolumeMount()
                .withName("workspace")
                .withMountPath("/workspace")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("build")
                .withNewSecret()
                .withSecretName(name)
                .endSecret()
                .endVolume()
                .addNewVolume()
                .withName("workspace")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
