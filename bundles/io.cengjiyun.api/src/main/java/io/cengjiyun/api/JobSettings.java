/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;

/**
 * How a Job or CronJob server runs to completion, with Kubernetes' field names. The first fields are
 * the Job's (a CronJob's jobs get them too); {@code concurrencyPolicy} to {@code suspend} are the
 * CronJob's own. {@code restartPolicy} is the pods' (Never or OnFailure): a job's pods must not
 * restart forever, so the platform defaults it to Never for a Job and OnFailure for a CronJob.
 *
 * @param concurrencyPolicy Allow, Forbid or Replace: what happens when a run is due while the last still runs
 */
@Doc("How a Job or a CronJob runs to completion, with Kubernetes' field names; concurrencyPolicy to suspend are a"
        + " CronJob's only. A field left out keeps Kubernetes' default")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSettings(
        @Doc(value = "How many pods must succeed", example = "1", minimum = 0)
        Integer completions,

        @Doc(value = "How many pods run at a time", example = "1", minimum = 0)
        Integer parallelism,

        @Doc(value = "How many times a failed pod is retried before the job fails", example = "6", minimum = 0)
        Integer backoffLimit,

        @Doc(value = "How long a job may run before it is stopped and fails, in seconds", example = "3600", minimum = 1)
        Integer activeDeadlineSeconds,

        @Doc(
                value = "How long a finished job is kept before Kubernetes deletes it, in seconds",
                example = "86400",
                minimum = 0)
        Integer ttlSecondsAfterFinished,

        @Doc(
                value = "CronJob: what happens when a run is due while the last one still runs: Allow (both run),"
                        + " Forbid (the new one is skipped) or Replace (the last one is stopped)",
                example = "Forbid",
                oneOf = Rules.ConcurrencyPolicy.class)
        String concurrencyPolicy,

        @Doc(value = "CronJob: how late a missed run may still start, in seconds", example = "60", minimum = 0)
        Integer startingDeadlineSeconds,

        @Doc(value = "CronJob: how many succeeded jobs are kept", example = "3", minimum = 0)
        Integer successfulJobsHistoryLimit,

        @Doc(value = "CronJob: how many failed jobs are kept", example = "1", minimum = 0)
        Integer failedJobsHistoryLimit,

        @Doc(value = "CronJob: true stops scheduling runs (the running one goes on)", example = "false")
        Boolean suspend,

        @Doc(
                value = "When a job's failed container is restarted in its pod: Never (a new pod is made) or"
                        + " OnFailure; left out: Never for a Job, OnFailure for a CronJob",
                example = "Never",
                oneOf = Rules.JobRestartPolicy.class)
        String restartPolicy) {}
