/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.JobSettings;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.lifecycle.ApiVersions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import java.util.LinkedHashMap;

/**
 * The controllers of servers that run to completion: Job (batch/v1 everywhere) and CronJob (batch/v1, or
 * batch/v1beta1 on Kubernetes 1.20). No selector is set: Kubernetes gives each job its own, and refuses one
 * given by hand unless told it is on purpose.
 */
final class Jobs {
    /** A job's pods must end; Never keeps each failed pod to read its logs, and backoffLimit bounds the retries. */
    static final String JOB_RESTART_POLICY = "Never";
    /** A scheduled run retries in place, so that failed pods do not pile up between runs. */
    static final String CRON_JOB_RESTART_POLICY = "OnFailure";

    private static final JobSettings NO_SETTINGS =
            new JobSettings(null, null, null, null, null, null, null, null, null, null, null);

    private Jobs() {}

    static String restartPolicy(ServerDefinition def, String kindDefault) {
        JobSettings j = def.job();
        return j != null && j.restartPolicy() != null ? j.restartPolicy() : kindDefault;
    }

    static Job job(ServerDefinition def, ObjectMeta meta, PodTemplateSpec template) {
        Job job = new Job();
        job.setMetadata(meta);
        job.setSpec(jobSpec(def.job(), template));
        return job;
    }

    /** A CronJob in {@code apiVersion}, whose jobs carry {@code jobMeta} and run pods of {@code template}. */
    static HasMetadata cronJob(
            String apiVersion, ServerDefinition def, ObjectMeta meta, ObjectMeta jobMeta, PodTemplateSpec template) {
        JobSettings j = def.job() == null ? NO_SETTINGS : def.job();
        Long startingDeadline = j.startingDeadlineSeconds() == null
                ? null
                : j.startingDeadlineSeconds().longValue();
        if (ApiVersions.BATCH_V1BETA1.equals(apiVersion)) {
            var spec = new io.fabric8.kubernetes.api.model.batch.v1beta1.CronJobSpec();
            spec.setSchedule(def.schedule());
            spec.setConcurrencyPolicy(j.concurrencyPolicy());
            spec.setSuspend(j.suspend());
            spec.setSuccessfulJobsHistoryLimit(j.successfulJobsHistoryLimit());
            spec.setFailedJobsHistoryLimit(j.failedJobsHistoryLimit());
            spec.setStartingDeadlineSeconds(startingDeadline);
            spec.setJobTemplate(
                    new io.fabric8.kubernetes.api.model.batch.v1beta1.JobTemplateSpec(jobMeta, jobSpec(j, template)));
            var cronJob = new io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob();
            cronJob.setMetadata(meta);
            cronJob.setSpec(spec);
            return cronJob;
        }
        CronJobSpec spec = new CronJobSpec();
        spec.setSchedule(def.schedule());
        spec.setConcurrencyPolicy(j.concurrencyPolicy());
        spec.setSuspend(j.suspend());
        spec.setSuccessfulJobsHistoryLimit(j.successfulJobsHistoryLimit());
        spec.setFailedJobsHistoryLimit(j.failedJobsHistoryLimit());
        spec.setStartingDeadlineSeconds(startingDeadline);
        spec.setJobTemplate(new JobTemplateSpec(jobMeta, jobSpec(j, template)));
        CronJob cronJob = new CronJob();
        cronJob.setMetadata(meta);
        cronJob.setSpec(spec);
        return cronJob;
    }

    private static JobSpec jobSpec(JobSettings j, PodTemplateSpec template) {
        JobSpec spec = new JobSpec();
        spec.setTemplate(template);
        if (j != null) {
            spec.setCompletions(j.completions());
            spec.setParallelism(j.parallelism());
            spec.setBackoffLimit(j.backoffLimit());
            spec.setActiveDeadlineSeconds(
                    j.activeDeadlineSeconds() == null
                            ? null
                            : j.activeDeadlineSeconds().longValue());
            spec.setTtlSecondsAfterFinished(j.ttlSecondsAfterFinished());
        }
        return spec;
    }

    /** Labels and annotations of the jobs a CronJob creates, so that the platform finds them too. */
    static ObjectMeta jobTemplateMeta(ObjectMeta controllerMeta) {
        ObjectMeta meta = new ObjectMeta();
        meta.setLabels(new LinkedHashMap<>(controllerMeta.getLabels()));
        meta.setAnnotations(new LinkedHashMap<>(controllerMeta.getAnnotations()));
        return meta;
    }
}
