/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.lifecycle.ApiVersions;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The lifecycle of a CronJob (batch/v1, or batch/v1beta1 on Kubernetes 1.20): stop suspends it, start resumes it,
 * restart runs it once now (a Job from its template, owned by it, as {@code kubectl create job --from} makes).
 */
final class CronJobHandler implements KindHandler {
    /** The annotation Kubernetes puts on a Job made by hand from a CronJob. */
    static final String INSTANTIATE = "cronjob.kubernetes.io/instantiate";

    @Override
    public ServerKind kind() {
        return ServerKind.CronJob;
    }

    /** A CronJob suspended in its definition stays suspended; stop suspends any. */
    @Override
    public void shape(HasMetadata controller, Integer replicas, boolean suspend, UnaryOperator<Integer> autoscaled) {
        if (controller instanceof io.fabric8.kubernetes.api.model.batch.v1.CronJob cj) {
            cj.getSpec().setSuspend(suspend || Boolean.TRUE.equals(cj.getSpec().getSuspend()));
        } else if (controller instanceof io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob cj) {
            cj.getSpec().setSuspend(suspend || Boolean.TRUE.equals(cj.getSpec().getSuspend()));
        }
    }

    /** Stopped, it is applied suspended, so that an update does not resume it. */
    @Override
    public void apply(ServerOnCluster server, boolean stopped) {
        server.apply(stopped ? 0 : null, stopped);
    }

    @Override
    public void stop(ServerOnCluster server) {
        server.remember(new StopMemory.Stopped(null, false));
        server.apply(null, true);
    }

    /** One run now: a Job from the CronJob's template, owned by the CronJob as its scheduled runs are. */
    @Override
    public void restart(ServerOnCluster server) {
        HasMetadata cron = server.build(null, false).controller();
        JobSpec spec;
        ObjectMeta template;
        if (cron instanceof io.fabric8.kubernetes.api.model.batch.v1.CronJob v1) {
            spec = v1.getSpec().getJobTemplate().getSpec();
            template = v1.getSpec().getJobTemplate().getMetadata();
        } else {
            var v1beta1 = (io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob) cron;
            spec = v1beta1.getSpec().getJobTemplate().getSpec();
            template = v1beta1.getSpec().getJobTemplate().getMetadata();
        }
        KubernetesClient k = server.client();
        HasMetadata live = cachedController(server.cluster(), server.namespace(), server.name());
        if (live == null) {
            live = k.resource(cron).get();
        }
        if (live == null) {
            throw new ConflictException(
                    "server '" + server.name() + "' has no CronJob on the cluster: reconcile it first");
        }
        Job job = new Job();
        ObjectMeta meta = new ObjectMeta();
        String suffix = "-run-" + Instant.now().getEpochSecond();
        String base = server.name().length() + suffix.length() > 63
                ? server.name().substring(0, 63 - suffix.length())
                : server.name();
        meta.setName(base + suffix);
        meta.setNamespace(server.namespace());
        meta.setLabels(
                template == null || template.getLabels() == null
                        ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(template.getLabels()));
        meta.setAnnotations(Map.of(INSTANTIATE, "manual"));
        meta.setOwnerReferences(List.of(new OwnerReferenceBuilder()
                .withApiVersion(live.getApiVersion())
                .withKind("CronJob")
                .withName(live.getMetadata().getName())
                .withUid(live.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build()));
        job.setMetadata(meta);
        job.setSpec(spec);
        k.resource(job).create();
    }

    @Override
    public HasMetadata cachedController(ClusterConnection c, String ns, String name) {
        return c.serves(ApiVersions.BATCH_V1, "CronJob")
                ? KindHandler.find(c.cached(io.fabric8.kubernetes.api.model.batch.v1.CronJob.class, ns), name)
                : KindHandler.find(c.cached(io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob.class, ns), name);
    }

    @Override
    public void deleteController(ClusterConnection c, String ns, String name) {
        KubernetesClient k = c.client();
        if (c.serves(ApiVersions.BATCH_V1, "CronJob")) {
            k.batch()
                    .v1()
                    .cronjobs()
                    .inNamespace(ns)
                    .withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
        } else {
            k.batch()
                    .v1beta1()
                    .cronjobs()
                    .inNamespace(ns)
                    .withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
        }
    }

    @Override
    public ServerStatus state(HasMetadata controller, boolean stopped, List<Pod> pods) {
        if (controller instanceof io.fabric8.kubernetes.api.model.batch.v1.CronJob job) {
            return States.cronJob(
                    job.getSpec().getSuspend(),
                    job.getStatus() == null ? null : job.getStatus().getLastScheduleTime(),
                    true,
                    stopped);
        }
        if (controller instanceof io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob job) {
            return States.cronJob(
                    job.getSpec().getSuspend(),
                    job.getStatus() == null ? null : job.getStatus().getLastScheduleTime(),
                    true,
                    stopped);
        }
        return States.cronJob(null, null, false, stopped);
    }
}
