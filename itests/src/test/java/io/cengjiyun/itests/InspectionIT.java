/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Inspection on the real cluster, through the API: the quota that blocks a restart is named within 5 seconds of the
 * cluster saying so; a server's objects and events are what fabric8 reads straight from the cluster; a container
 * killed by hand shows its restart and how it ended; the raw object comes as the cluster has it; and with the bundle
 * stopped the rest of the API works.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class InspectionIT extends ServerTestSupport {
    @Override
    protected String servicePrefix() {
        return "inspect";
    }

    /** Room for two pods of the default limits (500m CPU, 512Mi each): a rolling update's extra pod does not fit. */
    @Override
    protected String appMapQuota() {
        return SMALL_QUOTA;
    }

    @Test
    public void aQuotaThatBlocksARestartIsNamedWithinFiveSeconds() throws Exception {
        create(server("web", "Deployment", 2, "v1", ""));
        waitForState("web", "RUNNING");
        action("web", "restart");
        // The moment the cluster says so: the FailedCreate event of the new ReplicaSet, read straight with fabric8.
        long[] seen = new long[1];
        waitForAssert(
                () -> {
                    List<Event> events = kube.v1().events().inNamespace(namespace).list().getItems().stream()
                            .filter(e -> "FailedCreate".equals(e.getReason())
                                    && e.getMessage().contains("exceeded quota"))
                            .toList();
                    assertFalse("no FailedCreate event yet", events.isEmpty());
                    seen[0] = System.nanoTime();
                },
                ROLLOUT);
        waitForAssert(
                () -> assertTrue(
                        status("web").toString(),
                        status("web").path("message").asText().startsWith("quota exceeded: a new pod requests ")),
                Duration.ofSeconds(5));
        long named = System.nanoTime() - seen[0];
        assertTrue("named after " + named / 1_000_000 + " ms", named < TimeUnit.SECONDS.toNanos(5));
        String message = status("web").path("message").asText();
        assertTrue(message, message.contains("limits.cpu=500m"));
        assertTrue(message, message.contains("(quota cengjiyun-quota)"));
        assertEquals("UPDATING", status("web").path("state").asText());

        JsonNode diagnosis = getJson(servers + "/web/diagnosis");
        assertEquals(
                diagnosis.toString(),
                "QuotaExceeded",
                diagnosis.path("causes").path(0).path("kind").asText());
        assertTrue(
                diagnosis.toString(),
                diagnosis.path("causes").path(0).path("object").asText().startsWith("ReplicaSet/web-"));
        JsonNode overview = getJson(appmap + "/overview");
        assertEquals(
                overview.toString(),
                "QuotaExceeded",
                overview.path("servers").path(0).path("cause").path("kind").asText());
    }

    @Test
    public void objectsAndEventsAreWhatTheClusterHasAndAKilledContainerShowsItsRestart() throws Exception {
        // pid 1 ends with 7 on SIGUSR1, as a process killed by hand would end
        create("{\"name\": \"app\", \"kind\": \"Deployment\", \"replicas\": 2, \"terminationGracePeriodSeconds\": 1,"
                + " \"containers\": [{\"name\": \"app\", \"image\": \"cengjiyun.test/busybox:1\", \"imagePullPolicy\": \"Never\","
                + " \"command\": [\"sh\", \"-c\", \"trap 'exit 7' USR1; echo up > /tmp/up; sleep 3600 & wait\"],"
                + " \"readinessProbe\": {\"exec\": {\"command\": [\"cat\", \"/tmp/up\"]}, \"periodSeconds\": 1}}],"
                + " \"ports\": [{\"name\": \"http\", \"port\": 80, \"targetPort\": 8080}]}");
        waitForState("app", "RUNNING");

        // Objects: the same pods (name, IP, node), ReplicaSets and endpoints as fabric8 reads from the cluster.
        waitForAssert(
                () -> {
                    JsonNode view = getJson(servers + "/app/objects");
                    assertEquals(
                            view.toString(),
                            "Deployment",
                            view.path("controller").path("kind").asText());
                    assertEquals(
                            view.toString(),
                            1,
                            view.path("controller").path("revision").asLong());
                    List<Pod> pods = pods("app");
                    assertEquals(
                            pods.stream()
                                    .map(p -> p.getMetadata().getName() + " "
                                            + p.getStatus().getPodIP() + " "
                                            + p.getSpec().getNodeName() + " 1/1")
                                    .collect(Collectors.toCollection(TreeSet::new)),
                            names(
                                    view.path("pods"),
                                    p -> p.path("name").asText() + " "
                                            + p.path("podIP").asText() + " "
                                            + p.path("node").asText() + " "
                                            + p.path("ready").asText()));
                    assertEquals(
                            labelled("apps/v1", "ReplicaSet", "app").stream()
                                    .map(r -> r.getMetadata().getName())
                                    .collect(Collectors.toCollection(TreeSet::new)),
                            names(view.path("revisions"), r -> r.path("name").asText()));
                    assertEquals(
                            pods.stream()
                                    .map(p -> p.getStatus().getPodIP())
                                    .collect(Collectors.toCollection(TreeSet::new)),
                            names(
                                    view.path("services").path(0).path("endpoints"),
                                    e -> e.path("ip").asText()));
                },
                ROLLOUT);

        // A container ended by hand: its restart and how it ended.
        Pod victim = pods("app").get(0);
        // The exec itself may end with 137: its container goes down with pid 1 while kill returns.
        kube.pods()
                .inNamespace(namespace)
                .withName(victim.getMetadata().getName())
                .inContainer("app")
                .writingOutput(new java.io.ByteArrayOutputStream())
                .writingError(new java.io.ByteArrayOutputStream())
                .exec("kill", "-USR1", "1")
                .exitCode()
                .get(30, TimeUnit.SECONDS);
        waitForAssert(
                () -> {
                    JsonNode pod = podView(victim.getMetadata().getName());
                    assertEquals(pod.toString(), 1, pod.path("restarts").asInt());
                    JsonNode last = pod.path("containers").path(0).path("lastTermination");
                    assertEquals(pod.toString(), 7, last.path("exitCode").asInt());
                    assertEquals(pod.toString(), "Error", last.path("reason").asText());
                },
                ROLLOUT);

        // Events: every event fabric8 lists for the server's pods and ReplicaSet is there, merged.
        waitForAssert(
                () -> {
                    Set<String> uids = pods("app").stream()
                            .map(p -> p.getMetadata().getUid())
                            .collect(Collectors.toSet());
                    Set<String> expected = kube.v1().events().inNamespace(namespace).list().getItems().stream()
                            .filter(e -> uids.contains(e.getInvolvedObject().getUid()))
                            .map(e -> e.getInvolvedObject().getKind() + "/"
                                    + e.getInvolvedObject().getName() + " " + e.getReason() + " " + e.getMessage())
                            .collect(Collectors.toCollection(TreeSet::new));
                    Set<String> listed = names(
                            getJson(servers + "/app/events"),
                            e -> e.path("object").asText() + " "
                                    + e.path("reason").asText() + " "
                                    + e.path("message").asText());
                    assertTrue("missing: " + diff(expected, listed), listed.containsAll(expected));
                    assertTrue(listed.toString(), listed.stream().anyMatch(l -> l.contains(" Started ")));
                },
                ROLLOUT);
        JsonNode events = getJson(servers + "/app/events");
        for (int i = 1; i < events.size(); i++) {
            assertTrue(
                    events.toString(),
                    events.get(i - 1)
                                    .path("lastSeen")
                                    .asText()
                                    .compareTo(events.get(i).path("lastSeen").asText())
                            >= 0);
        }

        // Raw: the object as the cluster has it, YAML or JSON, without managedFields.
        HttpResponse<String> yaml = get(servers + "/app/objects/Deployment/app?format=yaml");
        assertEquals(yaml.body(), 200, yaml.statusCode());
        assertTrue(
                yaml.body(),
                yaml.body().contains("kind: \"Deployment\"") || yaml.body().contains("kind: Deployment"));
        assertFalse(yaml.body(), yaml.body().contains("managedFields"));
        JsonNode json =
                getJson(servers + "/app/objects/Pod/" + victim.getMetadata().getName());
        assertEquals(
                victim.getMetadata().getUid(), json.path("metadata").path("uid").asText());
        assertEquals(404, get(servers + "/app/objects/Pod/someone-else").statusCode());
        assertEquals(
                422, get(servers + "/app/objects/Deployment/app?format=xml").statusCode());
    }

    @Test
    public void historyDiffsAndALiveFollowOfTwoKnownRevisions() throws Exception {
        create(server("hist", "Deployment", 1, "v1", ""));
        waitForState("hist", "RUNNING");
        // A follower of the events from before the update sees the events the update causes, as they come.
        var follow = http.sendAsync(
                request(servers + "/hist/events?timeout=20")
                        .timeout(Duration.ofSeconds(40))
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1000);
        update("hist", server("hist", "Deployment", 1, "v2", ""));
        waitForState("hist", "RUNNING");
        String newSet =
                pods("hist").get(0).getMetadata().getOwnerReferences().get(0).getName();

        JsonNode definition = getJson(servers + "/hist/diff?from=1&to=2");
        assertEquals(definition.toString(), 1, definition.path("changes").size());
        JsonNode change = definition.path("changes").path(0);
        assertEquals("containers[0].command[2]", change.path("path").asText());
        assertEquals(
                "\"echo v1 > /tmp/version; sleep 3600\"", change.path("before").asText());
        assertEquals(
                "\"echo v2 > /tmp/version; sleep 3600\"", change.path("after").asText());
        List<String> changed = definition
                .path("unified")
                .asText()
                .lines()
                .filter(l -> (l.startsWith("-") || l.startsWith("+")) && !l.startsWith("---") && !l.startsWith("+++"))
                .toList();
        assertEquals(
                List.of("-  - echo v1 > /tmp/version; sleep 3600", "+  - echo v2 > /tmp/version; sleep 3600"), changed);
        assertTrue(
                definition.path("unified").asText(),
                definition.path("unified").asText().startsWith("--- revision 1\n+++ revision 2\n@@ "));

        JsonNode objects = getJson(servers + "/hist/diff?from=1&to=2&of=objects");
        assertEquals(
                objects.toString(),
                Set.of(
                        "Deployment/hist: metadata.annotations.cengjiyun.io/revision",
                        "Deployment/hist: spec.template.spec.containers[0].command[2]"),
                names(objects.path("changes"), c -> c.path("path").asText()));
        assertEquals(422, get(servers + "/hist/diff?from=1&to=9").statusCode());
        assertEquals(422, get(servers + "/hist/diff?from=one&to=2").statusCode());

        // The history: both revisions, newest first, each applied by one rollout that is done.
        waitForAssert(
                () -> {
                    JsonNode history = getJson(servers + "/hist/history");
                    assertEquals(history.toString(), 2, history.path("running").asLong());
                    JsonNode revisions = history.path("revisions");
                    assertEquals(history.toString(), 2, revisions.size());
                    assertEquals(2, revisions.path(0).path("revision").asLong());
                    assertEquals(
                            "UPDATED",
                            revisions
                                    .path(0)
                                    .path("rollouts")
                                    .path(0)
                                    .path("action")
                                    .asText());
                    assertEquals(
                            history.toString(),
                            "done",
                            revisions
                                    .path(0)
                                    .path("rollouts")
                                    .path(0)
                                    .path("result")
                                    .asText());
                    assertTrue(
                            history.toString(),
                            revisions
                                            .path(0)
                                            .path("rollouts")
                                            .path(0)
                                            .path("seconds")
                                            .asDouble()
                                    > 0);
                    assertEquals(
                            "admin",
                            revisions
                                    .path(0)
                                    .path("rollouts")
                                    .path(0)
                                    .path("actor")
                                    .asText());
                    assertEquals(
                            "CREATED",
                            revisions
                                    .path(1)
                                    .path("rollouts")
                                    .path(0)
                                    .path("action")
                                    .asText());
                    assertEquals(
                            history.toString(),
                            "done",
                            revisions
                                    .path(1)
                                    .path("rollouts")
                                    .path(0)
                                    .path("result")
                                    .asText());
                },
                ROLLOUT);

        HttpResponse<String> followed = follow.get(40, TimeUnit.SECONDS);
        assertEquals(200, followed.statusCode());
        assertTrue(followed.body(), followed.body().contains("event: event"));
        assertTrue(followed.body(), followed.body().contains("\"object\":\"ReplicaSet/" + newSet + "\""));
    }

    /**
     * A change made with fabric8 straight on the live Deployment: two replicas, and a platform label renamed. A merge
     * patch, as kubectl patch sends it: no resourceVersion, so the controllers' status writes cannot make it conflict.
     */
    private void changeBehindThePlatformsBack(String name) {
        kube.genericKubernetesResources("apps/v1", "Deployment")
                .inNamespace(namespace)
                .withName(name)
                .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"metadata\": {\"labels\": {\"app.kubernetes.io/name\": \"renamed\"}},"
                                + " \"spec\": {\"replicas\": 2}}");
    }

    private JsonNode driftField(JsonNode drift, String path) {
        for (JsonNode f : drift.path("fields")) {
            if (f.path("object").asText().equals("Deployment/drifty")
                    && f.path("path").asText().equals(path)) {
                return f;
            }
        }
        throw new AssertionError("no drift of " + path + " in " + drift);
    }

    @Test
    public void aChangeBehindThePlatformsBackShowsFieldByFieldAndReconcileAndAdoptWork() throws Exception {
        create(server("drifty", "Deployment", 1, "v1", ""));
        waitForState("drifty", "RUNNING");
        JsonNode clean = getJson(servers + "/drifty/drift");
        assertEquals(clean.toString(), "none", clean.path("state").asText());

        changeBehindThePlatformsBack("drifty");
        waitForAssert(
                () -> {
                    JsonNode drift = getJson(servers + "/drifty/drift");
                    assertEquals(
                            drift.toString(), "drifted", drift.path("state").asText());
                    JsonNode replicas = driftField(drift, "spec.replicas");
                    assertEquals("1", replicas.path("stored").asText());
                    assertEquals("2", replicas.path("live").asText());
                    assertEquals("replicas", replicas.path("definitionPath").asText());
                    JsonNode label = driftField(drift, "metadata.labels[\"app.kubernetes.io/name\"]");
                    assertEquals("\"drifty\"", label.path("stored").asText());
                    assertEquals("\"renamed\"", label.path("live").asText());
                    assertTrue(label.toString(), label.path("why").asText().startsWith("a label the platform sets"));
                    assertEquals(drift.toString(), 2, drift.path("fields").size());
                },
                ROLLOUT);

        // reconcile restores the stored revision
        HttpResponse<String> reconciled = post(servers + "/drifty/drift/reconcile", "");
        assertEquals(reconciled.body(), 200, reconciled.statusCode());
        waitForAssert(
                () -> {
                    assertEquals(
                            "none",
                            getJson(servers + "/drifty/drift").path("state").asText());
                    var live = live("apps/v1", "Deployment", "drifty");
                    assertEquals(1, ((Number) field(live, "spec", "replicas")).intValue());
                    assertEquals("drifty", live.getMetadata().getLabels().get("app.kubernetes.io/name"));
                },
                ROLLOUT);

        // adopt stores what the definition can say (the replicas) as revision 2, and names what it cannot (the label)
        changeBehindThePlatformsBack("drifty");
        waitForAssert(
                () -> assertEquals(
                        "drifted",
                        getJson(servers + "/drifty/drift").path("state").asText()),
                ROLLOUT);
        HttpResponse<String> adopted = post(servers + "/drifty/drift/adopt", "");
        assertEquals(adopted.body(), 200, adopted.statusCode());
        JsonNode adoption = body(adopted);
        assertEquals(adoption.toString(), 2, adoption.path("revision").asLong());
        assertEquals(
                adoption.toString(), "[\"replicas\"]", adoption.path("adopted").toString());
        assertEquals(adoption.toString(), 1, adoption.path("notAdopted").size());
        assertEquals(
                "metadata.labels[\"app.kubernetes.io/name\"]",
                adoption.path("notAdopted").path(0).path("path").asText());
        assertEquals(
                2,
                getJson(servers + "/drifty").path("definition").path("replicas").asInt());
        waitForState("drifty", "RUNNING");
        waitForAssert(
                () -> {
                    assertEquals(
                            "none",
                            getJson(servers + "/drifty/drift").path("state").asText());
                    assertEquals(2, pods("drifty").size());
                },
                ROLLOUT);
    }

    @Test
    public void theBundleStoppedLeavesTheRestOfTheApiWorking() throws Exception {
        create(server("solo", "Deployment", 1, "v1", ""));
        assertEquals(200, get(servers + "/solo/objects").statusCode());
        Bundle bundle = java.util.Arrays.stream(bundleContext.getBundles())
                .filter(b -> b.getSymbolicName().equals("io.cengjiyun.inspection"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no bundle io.cengjiyun.inspection"));
        bundle.stop();
        try {
            waitForAssert(() -> {
                try {
                    assertEquals(404, get(servers + "/solo/objects").statusCode());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            waitForState("solo", "RUNNING");
            assertEquals(200, get(servers + "/solo").statusCode());
            assertEquals(
                    201,
                    post(servers, server("second", "Deployment", 0, "v1", "")).statusCode());
            assertEquals(204, delete(servers + "/second?stop=true").statusCode());
        } finally {
            bundle.start();
        }
        waitForAssert(() -> assertEquals(
                "Deployment",
                getJson(servers + "/solo/objects")
                        .path("controller")
                        .path("kind")
                        .asText()));
    }

    private JsonNode podView(String name) {
        for (JsonNode p : getJson(servers + "/app/objects").path("pods")) {
            if (name.equals(p.path("name").asText())) {
                return p;
            }
        }
        throw new AssertionError("no pod " + name);
    }

    private static Set<String> names(JsonNode list, java.util.function.Function<JsonNode, String> name) {
        Set<String> names = new TreeSet<>();
        list.forEach(n -> names.add(name.apply(n)));
        return names;
    }

    private static Set<String> diff(Set<String> expected, Set<String> got) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(got);
        return missing;
    }
}
