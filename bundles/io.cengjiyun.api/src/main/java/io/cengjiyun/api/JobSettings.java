/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a Job or CronJob server runs to completion, with Kubernetes' field names. The first fields are
 * the Job's (a CronJob's jobs get them too); {@code concurrencyPolicy} to {@code suspend} are the
 * CronJob's own. {@code restartPolicy} is the pods' (Never or OnFailure): a job's pods must not
 * restart forever, so the platform defaults it to Never for a Job and OnFailure for a CronJob.
 *
 * @param concurrencyPolicy Allow, Forbid or Replace: what happens when a run is due while the last still runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSettings(
        Integer completions,
        Integer parallelism,
        Integer backoffLimit,
        Integer activeDeadlineSeconds,
        Integer ttlSecondsAfterFinished,
        String concurrencyPolicy,
        Integer startingDeadlineSeconds,
        Integer successfulJobsHistoryLimit,
        Integer failedJobsHistoryLimit,
        Boolean suspend,
        String restartPolicy) {}
