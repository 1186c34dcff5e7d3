/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static io.cengjiyun.lifecycle.internal.Definitions.CURRENT;
import static io.cengjiyun.lifecycle.internal.Definitions.KUBERNETES_1_20;
import static io.cengjiyun.lifecycle.internal.Definitions.build;
import static io.cengjiyun.lifecycle.internal.Definitions.json;
import static io.cengjiyun.lifecycle.internal.Definitions.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.lifecycle.ApiVersions;
import org.junit.jupiter.api.Test;

/** The controllers of servers that run to completion, on current clusters and on Kubernetes 1.20. */
class JobsTest {
    private static final JsonNode PLATFORM_LABELS = json("""
            {'app.kubernetes.io/managed-by': 'cengjiyun', 'app.kubernetes.io/name': 'tick', 'cengjiyun.io/service': 'shop',
             'cengjiyun.io/appmap': 'dev', 'cengjiyun.io/server': 'tick'}""");
    private static final String CRON_JOB = """
            {'name': 'tick', 'kind': 'CronJob', 'schedule': '*/5 * * * *',
             'containers': [{'name': 'tick', 'image': 'busybox:1.36', 'command': ['date']}],
             'job': {'backoffLimit': 2, 'activeDeadlineSeconds': 120, 'ttlSecondsAfterFinished': 600,
                     'concurrencyPolicy': 'Forbid', 'suspend': true, 'successfulJobsHistoryLimit': 5,
                     'failedJobsHistoryLimit': 2, 'startingDeadlineSeconds': 30}}""";

    @Test
    void aJobRunsItsCompletionsWithPodsThatDoNotRestart() {
        JsonNode j = sent(build("""
                {'name': 'tick', 'kind': 'Job', 'containers': [{'name': 'tick', 'image': 'busybox:1.36'}],
                 'job': {'completions': 6, 'parallelism': 2, 'backoffLimit': 3, 'activeDeadlineSeconds': 600,
                         'ttlSecondsAfterFinished': 3600}}""", CURRENT).controller());

        assertEquals("batch/v1", j.path("apiVersion").asText());
        assertEquals("Job", j.path("kind").asText());
        assertEquals(PLATFORM_LABELS, j.at("/metadata/labels"));
        assertEquals(json("""
                {'completions': 6, 'parallelism': 2, 'backoffLimit': 3, 'activeDeadlineSeconds': 600,
                 'ttlSecondsAfterFinished': 3600}"""), without(j.path("spec"), "template"));
        assertEquals("Never", j.at("/spec/template/spec/restartPolicy").asText());
        assertEquals(PLATFORM_LABELS, j.at("/spec/template/metadata/labels"));
        assertTrue(j.at("/spec/selector").isMissingNode(), "Kubernetes gives each job its own selector");
    }

    @Test
    void aJobKeepsTheRestartPolicyItWasGiven() {
        JsonNode j = sent(build("""
                {'name': 'tick', 'kind': 'Job', 'containers': [{'name': 'tick', 'image': 'busybox:1.36'}],
                 'job': {'restartPolicy': 'OnFailure'}}""", CURRENT).controller());

        assertEquals("OnFailure", j.at("/spec/template/spec/restartPolicy").asText());
    }

    @Test
    void aCronJobOnACurrentClusterIsBatchV1() {
        assertCronJob(sent(build(CRON_JOB, CURRENT).controller()), "batch/v1");
    }

    @Test
    void aCronJobOnKubernetes120IsBatchV1beta1() {
        assertCronJob(sent(build(CRON_JOB, KUBERNETES_1_20).controller()), "batch/v1beta1");
    }

    @Test
    void theCronJobClassMatchesItsVersion() {
        assertEquals(
                io.fabric8.kubernetes.api.model.batch.v1.CronJob.class,
                build(CRON_JOB, CURRENT).controller().getClass());
        assertEquals(
                io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob.class,
                build(CRON_JOB, new ApiVersions("batch/v1beta1", "autoscaling/v2"))
                        .controller()
                        .getClass());
    }

    @Test
    void aCronJobWithoutSettingsLeavesThemToKubernetes() {
        JsonNode c = sent(build("""
                {'name': 'tick', 'kind': 'CronJob', 'schedule': '@hourly',
                 'containers': [{'name': 'tick', 'image': 'busybox:1.36'}]}""", CURRENT).controller());

        assertEquals(json("{'schedule': '@hourly'}"), without(c.path("spec"), "jobTemplate"));
        assertEquals(
                "OnFailure",
                c.at("/spec/jobTemplate/spec/template/spec/restartPolicy").asText());
    }

    private static void assertCronJob(JsonNode c, String apiVersion) {
        assertEquals(apiVersion, c.path("apiVersion").asText());
        assertEquals("CronJob", c.path("kind").asText());
        assertEquals(PLATFORM_LABELS, c.at("/metadata/labels"));
        assertEquals(json("""
                {'schedule': '*/5 * * * *', 'concurrencyPolicy': 'Forbid', 'suspend': true, 'successfulJobsHistoryLimit': 5,
                 'failedJobsHistoryLimit': 2, 'startingDeadlineSeconds': 30}"""), without(c.path("spec"), "jobTemplate"));
        assertEquals(PLATFORM_LABELS, c.at("/spec/jobTemplate/metadata/labels"), "the platform finds the jobs too");
        assertEquals(
                json("{'backoffLimit': 2, 'activeDeadlineSeconds': 120, 'ttlSecondsAfterFinished': 600}"),
                without(c.at("/spec/jobTemplate/spec"), "template"));
        assertEquals(PLATFORM_LABELS, c.at("/spec/jobTemplate/spec/template/metadata/labels"));
        assertEquals(
                "OnFailure",
                c.at("/spec/jobTemplate/spec/template/spec/restartPolicy").asText());
        assertEquals(json("['date']"), c.at("/spec/jobTemplate/spec/template/spec/containers/0/command"));
    }

    private static JsonNode without(JsonNode node, String field) {
        JsonNode copy = node.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(field);
        return copy;
    }
}
