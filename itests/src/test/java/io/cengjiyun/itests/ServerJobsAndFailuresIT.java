/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Jobs and CronJobs through the REST API on the real Kubernetes 1.20 of tools/kube-local; a broken image and a failing
 * probe end FAILED naming the cause; drift (a controller deleted behind the platform's back) is seen and repaired.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerJobsAndFailuresIT extends ServerTestSupport {

    @Override
    protected String servicePrefix() {
        return "jobs";
    }

    @Test
    public void aJobCompletesRunsAgainAndIsReplacedByAnUpdate() throws Exception {
        create(server("once", "Job", null, "v1", ""));
        waitForState("once", "COMPLETED");
        String firstRun =
                labelled("batch/v1", "Job", "once").get(0).getMetadata().getUid();

        action("once", "restart");
        waitForState("once", "COMPLETED");
        String secondRun = live("batch/v1", "Job", "once").getMetadata().getUid();
        assertNotEquals("restart runs the job again", firstRun, secondRun);

        update("once", server("once", "Job", null, "v2", ""));
        waitForAssert(
                () -> {
                    GenericKubernetesResource job = live("batch/v1", "Job", "once");
                    assertTrue(job != null && !job.getMetadata().getUid().equals(secondRun));
                    assertEquals("2", job.getMetadata().getAnnotations().get("cengjiyun.io/revision"));
                    assertEquals("COMPLETED", status("once").path("state").asText());
                },
                ROLLOUT);
        assertTrue(pods("once").stream().allMatch(p -> commandVersion(p).equals("v2")));

        action("once", "stop");
        waitForAssert(() -> assertNull(live("batch/v1", "Job", "once")), ROLLOUT);
        waitForState("once", "STOPPED");
        action("once", "start");
        waitForState("once", "COMPLETED");

        assertEquals(200, post(servers + "/once/rollback", "{\"revision\": 1}").statusCode());
        waitForAssert(
                () -> {
                    GenericKubernetesResource job = live("batch/v1", "Job", "once");
                    assertTrue(job != null
                            && "3".equals(job.getMetadata().getAnnotations().get("cengjiyun.io/revision")));
                    assertEquals("COMPLETED", status("once").path("state").asText());
                    List<Pod> now = pods("once");
                    assertFalse(now.isEmpty());
                    assertTrue(now.stream().allMatch(p -> commandVersion(p).equals("v1")));
                },
                ROLLOUT);

        assertEquals(
                "a completed job is deleted without stop",
                204,
                delete(servers + "/once").statusCode());
        waitForAssert(() -> assertEquals(List.of(), everythingOf("once")), ROLLOUT);
    }

    @Test
    public void aCronJobOnKubernetes120IsSuspendedByStopAndRunsOnceOnRestart() throws Exception {
        create(server("nightly", "CronJob", null, "v1", ", \"schedule\": \"0 3 * * *\""));
        GenericKubernetesResource applied = live("batch/v1beta1", "CronJob", "nightly");
        assertEquals("batch/v1beta1", applied.getApiVersion());
        assertNotEquals(Boolean.TRUE, field(applied, "spec", "suspend"));
        waitForState("nightly", "RUNNING");

        action("nightly", "stop");
        assertEquals(Boolean.TRUE, field(live("batch/v1beta1", "CronJob", "nightly"), "spec", "suspend"));
        waitForState("nightly", "STOPPED");
        action("nightly", "start");
        assertNotEquals(Boolean.TRUE, field(live("batch/v1beta1", "CronJob", "nightly"), "spec", "suspend"));
        waitForState("nightly", "RUNNING");

        action("nightly", "restart"); // a run now
        waitForAssert(
                () -> {
                    List<GenericKubernetesResource> runs = labelled("batch/v1", "Job", "nightly");
                    assertEquals(1, runs.size());
                    assertEquals(1, field(runs.get(0), "status", "succeeded"));
                },
                ROLLOUT);

        update("nightly", server("nightly", "CronJob", null, "v2", ", \"schedule\": \"30 4 * * *\""));
        waitForAssert(
                () -> assertEquals(
                        "30 4 * * *", field(live("batch/v1beta1", "CronJob", "nightly"), "spec", "schedule")),
                ROLLOUT);

        assertEquals(204, delete(servers + "/nightly?stop=true").statusCode());
        waitForAssert(() -> assertEquals(List.of(), everythingOf("nightly")), ROLLOUT);
    }

    // --- failures and drift

    @Test
    public void aBrokenImageAndAFailingProbeEndFailedNamingTheCause() throws Exception {
        String deadline = ", \"updateStrategy\": {\"progressDeadlineSeconds\": 15}";
        create(server("broken", "Deployment", 1, "v1", deadline)
                .replace("cengjiyun.test/busybox:1", "cengjiyun.test/no-such-image:1"));
        List<String> events = followRollout("broken");
        String last = events.get(events.size() - 1);
        assertTrue(events.toString(), last.startsWith("failed "));
        assertTrue(last, last.contains("ErrImageNeverPull"));

        create(server("unready", "StatefulSet", 1, "v1", deadline).replace("\"cat\", \"/tmp/version\"", "\"false\""));
        JsonNode failed = waitForState("unready", "FAILED");
        assertTrue(failed.toString(), failed.path("message").asText().contains("readiness probe"));
        assertTrue(failed.toString(), failed.path("message").asText().contains("15 seconds"));
    }

    @Test
    public void aControllerDeletedBehindThePlatformsBackIsDriftAndReconcileRestoresIt() throws Exception {
        create(server("web", "Deployment", 1, "v1", ""));
        waitForState("web", "RUNNING");
        assertTrue(status("web").path("drift").isMissingNode());

        kube.genericKubernetesResources("apps/v1", "Deployment")
                .inNamespace(namespace)
                .withName("web")
                .delete();
        JsonNode drifted = waitForStatus("web", s -> s.hasNonNull("drift"));
        assertTrue(drifted.toString(), drifted.path("drift").asText().contains("Deployment is not on the cluster"));

        JsonNode reconciled = action("web", "reconcile");
        assertTrue(reconciled.toString(), reconciled.path("drift").isMissingNode());
        assertTrue(live("apps/v1", "Deployment", "web") != null);
        waitForState("web", "RUNNING");

        // the whole appmap at once, as the console's "reconcile" does
        kube.genericKubernetesResources("apps/v1", "Deployment")
                .inNamespace(namespace)
                .withName("web")
                .delete();
        waitForStatus("web", s -> s.hasNonNull("drift"));
        HttpResponse<String> all = post("/services/" + service + "/appmaps/dev/reconcile", "");
        assertEquals(all.body(), 200, all.statusCode());
        assertEquals("web", body(all).get(0).path("server").asText());
        assertTrue(live("apps/v1", "Deployment", "web") != null);
        JsonNode appMapStatus = body(get("/services/" + service + "/appmaps/dev/status"));
        assertEquals(1, appMapStatus.size());
        assertEquals("Deployment", appMapStatus.get(0).path("kind").asText());
    }
}
