/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The long-running kinds of server through the REST API, on the real Kubernetes 1.20 of tools/kube-local, checked with
 * the fabric8 client: create, rolling update (readiness sampled throughout), stop, start, restart, scale, rollback,
 * delete; bad actions refused. StatefulSets: ServerStatefulSetIT; Jobs, CronJobs, failures and drift:
 * ServerJobsAndFailuresIT (classes of their own, so that they run at once: this class alone took up to 300 s, and
 * the suite's wall time with it).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerKindsIT extends ServerTestSupport {

    @Override
    protected String servicePrefix() {
        return "kinds";
    }

    @Test
    public void aDeploymentLivesItsWholeLifeThroughTheApi() throws Exception {
        String autoscaled = ", \"updateStrategy\": {\"maxSurge\": 1, \"maxUnavailable\": 0},"
                + " \"autoscaling\": {\"minReplicas\": 2, \"maxReplicas\": 3, \"cpuUtilization\": 80}";
        create(server("web", "Deployment", 2, "v1", autoscaled));
        List<String> events = followRollout("web");
        assertTrue(events.toString(), events.get(events.size() - 1).startsWith("done "));
        assertTrue(events.toString(), events.get(events.size() - 1).contains("\"state\":\"RUNNING\""));
        assertTrue(
                "the events arrived " + lastRolloutSpread + " apart: streamed as they happen, not held back to the end",
                lastRolloutSpread.toMillis() >= 500);
        waitForAssert(
                () -> assertEquals(
                        2, pods("web").stream().filter(ServerKindsIT::ready).count()),
                ROLLOUT);
        GenericKubernetesResource deployment = live("apps/v1", "Deployment", "web");
        assertEquals("cengjiyun", deployment.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals(service, deployment.getMetadata().getLabels().get("cengjiyun.io/service"));
        assertTrue(
                "applied by the platform's field manager",
                deployment.getMetadata().getManagedFields().stream()
                        .anyMatch(f -> "cengjiyun".equals(f.getManager()) && "Apply".equals(f.getOperation())));
        assertTrue(live("autoscaling/v2beta2", "HorizontalPodAutoscaler", "web") != null);

        // a rolling update of the command: with maxUnavailable 0, never fewer than 2 ready pods
        int fewest = fewestReadyDuring("web", () -> {
            update("web", server("web", "Deployment", 2, "v2", autoscaled));
            waitForPods("web", 2, "v2", true);
        });
        assertTrue("ready pods fell to " + fewest + " during the rolling update (maxUnavailable 0)", fewest >= 2);
        assertEquals(2, status("web").path("revision").asInt());

        // stop: no pods, no autoscaler; start: the same replicas and the autoscaler back
        assertEquals(409, delete(servers + "/web").statusCode()); // it runs: stop first
        action("web", "stop");
        waitForState("web", "STOPPED");
        waitForAssert(() -> assertEquals(0, pods("web").size()), ROLLOUT);
        assertNull("stop removes the autoscaler", live("autoscaling/v2beta2", "HorizontalPodAutoscaler", "web"));
        action("web", "start");
        waitForState("web", "RUNNING");
        assertEquals(2, ((Number) field(live("apps/v1", "Deployment", "web"), "spec", "replicas")).intValue());
        assertTrue(
                "start brings the autoscaler back",
                live("autoscaling/v2beta2", "HorizontalPodAutoscaler", "web") != null);

        // restart: every pod replaced
        restartReplacesEveryPod("web", 2);

        // scale: refused while autoscaled, then a new revision with the replicas
        assertProblem(post(servers + "/web/scale", "{\"replicas\": 3}"), 409);
        HttpResponse<String> off = send(request(servers + "/web/autoscaling").DELETE());
        assertEquals(off.body(), 200, off.statusCode());
        waitForAssert(() -> assertNull(live("autoscaling/v2beta2", "HorizontalPodAutoscaler", "web")), ROLLOUT);
        HttpResponse<String> scaled = post(servers + "/web/scale", "{\"replicas\": 3}");
        assertEquals(scaled.body(), 200, scaled.statusCode());
        assertEquals("\"4\"", scaled.headers().firstValue("ETag").orElse(""));
        waitForAssert(() -> assertEquals(3, status("web").path("ready").asInt()), ROLLOUT);
        assertProblem(post(servers + "/web/scale", "{\"replicas\": -1}"), 422);

        // rollback to revision 1: a new revision, and the pods run revision 1's command
        HttpResponse<String> rolledBack = post(servers + "/web/rollback", "{\"revision\": 1}");
        assertEquals(rolledBack.body(), 200, rolledBack.statusCode());
        assertEquals("\"5\"", rolledBack.headers().firstValue("ETag").orElse(""));
        assertEquals(
                "rollback to revision 1",
                body(get(servers + "/web/revisions")).get(0).get("message").asText());
        waitForPods("web", 2, "v1", false);
        assertProblem(post(servers + "/web/rollback", "{\"revision\": 9}"), 422);

        // delete with stop: nothing of the server remains
        HttpResponse<String> deleted = delete(servers + "/web?stop=true");
        assertEquals(deleted.body(), 204, deleted.statusCode());
        waitForAssert(() -> assertEquals(List.of(), everythingOf("web")), ROLLOUT);
    }

    @Test
    public void aDaemonSetIsDeletedByStopAndMadeAgainByStart() throws Exception {
        create(server("agent", "DaemonSet", null, "v1", ""));
        waitForState("agent", "RUNNING");
        assertEquals(1, pods("agent").size()); // one node

        update("agent", server("agent", "DaemonSet", null, "v2", ""));
        waitForAssert(
                () -> {
                    List<Pod> now = pods("agent");
                    assertEquals(1, now.size());
                    assertEquals("v2", commandVersion(now.get(0)));
                    assertEquals("RUNNING", status("agent").path("state").asText());
                },
                ROLLOUT);

        action("agent", "stop");
        waitForAssert(() -> assertNull(live("apps/v1", "DaemonSet", "agent")), ROLLOUT);
        waitForState("agent", "STOPPED");
        assertTrue("the definition stays", get(servers + "/agent").statusCode() == 200);
        action("agent", "start");
        waitForState("agent", "RUNNING");

        Set<String> before = podUids("agent");
        action("agent", "restart");
        waitForAssert(
                () -> {
                    Set<String> now = podUids("agent");
                    assertEquals(1, now.size());
                    assertFalse(before.containsAll(now));
                },
                ROLLOUT);
        assertProblem(post(servers + "/agent/scale", "{\"replicas\": 2}"), 422);

        assertEquals(200, post(servers + "/agent/rollback", "{\"revision\": 1}").statusCode());
        waitForAssert(
                () -> {
                    List<Pod> now = pods("agent");
                    assertEquals(1, now.size());
                    assertEquals("v1", commandVersion(now.get(0)));
                },
                ROLLOUT);

        assertEquals(204, delete(servers + "/agent?stop=true").statusCode());
        waitForAssert(() -> assertEquals(List.of(), everythingOf("agent")), ROLLOUT);
    }

    @Test
    public void badActionsAreRefusedNamingTheField() throws Exception {
        create(server("web", "Deployment", 0, "v1", ""));
        assertProblem(post(servers + "/web/scale", "{}"), 422);
        assertProblem(post(servers + "/web/scale", "{\"replicas\": \"three\"}"), 400);
        assertProblem(post(servers + "/web/rollback", "{\"revision\": 0}"), 422);
        assertProblem(
                send(request(servers + "/web/rollout?timeout=0")
                        .header("Accept", "text/event-stream")
                        .GET()),
                422);
        assertProblem(post(servers + "/nope/stop", ""), 404);
        assertProblem(delete(servers + "/web?stop=maybe"), 422);
        HttpResponse<String> wrongKind = post(servers, server("tick", "CronJob", null, "v1", ""));
        assertProblem(wrongKind, 422); // a CronJob needs a schedule
    }
}
