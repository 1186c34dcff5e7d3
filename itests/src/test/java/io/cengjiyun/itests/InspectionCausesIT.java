/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Why a server is not running, on the real cluster, through the API: four broken servers side by side in one appmap
 * (an image that cannot be pulled, a pod no node takes, a container that crashes, one killed for its memory), each
 * named with the cause a developer acts on, in its diagnosis, its state message and the appmap's overview.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class InspectionCausesIT extends ServerTestSupport {
    @Override
    protected String servicePrefix() {
        return "why";
    }

    /** A Deployment of one pod with small limits (four fit the small quota), its container's command and extras. */
    private static String broken(String name, String image, String script, String memory, String extra) {
        return "{\"name\": \"" + name
                + "\", \"kind\": \"Deployment\", \"replicas\": 1, \"terminationGracePeriodSeconds\": 1,"
                + " \"containers\": [{\"name\": \"app\", \"image\": \"" + image + "\", \"imagePullPolicy\": \"Never\","
                + " \"command\": [\"sh\", \"-c\", \"" + script + "\"],"
                + " \"resources\": {\"requests\": {\"cpu\": \"10m\", \"memory\": \"" + memory + "\"},"
                + " \"limits\": {\"cpu\": \"100m\", \"memory\": \"" + memory + "\"}}}]" + extra + "}";
    }

    private JsonNode causeOf(String server, String kind) {
        JsonNode[] found = new JsonNode[1];
        waitForAssert(
                () -> {
                    JsonNode d = getJson(servers + "/" + server + "/diagnosis");
                    JsonNode first = d.path("causes").path(0);
                    assertEquals(d.toString(), kind, first.path("kind").asText());
                    found[0] = first;
                },
                ROLLOUT);
        return found[0];
    }

    /**
     * The memory hog is the container's main process (exec): the kernel kills the biggest process of the cgroup, and a
     * shell that survives its child keeps the container running.
     */
    @Test
    public void eachBrokenServerIsNamedWithItsCause() throws Exception {
        create(broken("nopull", "cengjiyun.test/not-here:1", "sleep 3600", "32Mi", ""));
        create(broken(
                "noplace",
                "cengjiyun.test/busybox:1",
                "sleep 3600",
                "32Mi",
                ", \"nodeSelector\": {\"cengjiyun.test/disk\": \"none\"}"));
        create(broken(
                "crash",
                "cengjiyun.test/busybox:1",
                "echo starting; echo 'boom: no config at /etc/app.conf'; exit 3",
                "32Mi",
                ""));
        create(broken(
                "hungry",
                "cengjiyun.test/busybox:1",
                "echo eating; exec dd if=/dev/zero of=/dev/null bs=64M count=1",
                "24Mi",
                ""));

        JsonNode nopull = causeOf("nopull", "ImagePull");
        assertTrue(
                nopull.toString(),
                nopull.path("message")
                        .asText()
                        .startsWith(
                                "container app: image cengjiyun.test/not-here:1 cannot be pulled (ErrImageNeverPull"));
        assertTrue(nopull.toString(), nopull.path("object").asText().startsWith("Pod/nopull-"));

        JsonNode noplace = causeOf("noplace", "Unschedulable");
        // Kubernetes 1.20 words a nodeSelector no node has as "didn't match Pod's node affinity".
        assertTrue(
                noplace.toString(),
                noplace.path("message").asText().contains("0/1 nodes are available: 1 node(s)" + " didn't match"));

        JsonNode crash = causeOf("crash", "CrashLoop");
        String crashed = crash.path("message").asText();
        assertTrue(crashed, crashed.startsWith("container app keeps crashing: exit code 3 (Error), restarted "));
        assertTrue(crashed, crashed.contains("its last log line: boom: no config at /etc/app.conf."));

        JsonNode hungry = causeOf("hungry", "OOMKilled");
        String oom = hungry.path("message").asText();
        assertTrue(
                oom,
                oom.startsWith("container app was killed for using more memory than its limit (OOMKilled, exit"
                        + " code 137, limit 24Mi"));
        JsonNode pods = getJson(servers + "/hungry/objects").path("pods");
        JsonNode last = pods.path(0).path("containers").path(0).path("lastTermination");
        JsonNode now = pods.path(0).path("containers").path(0);
        assertTrue(
                pods.toString(),
                "OOMKilled".equals(last.path("reason").asText())
                        || "OOMKilled".equals(now.path("reason").asText()));

        // The same causes head the state messages and the appmap's overview (failing servers first).
        waitForAssert(
                () -> assertTrue(
                        status("crash").toString(),
                        status("crash")
                                .path("message")
                                .asText()
                                .startsWith("container app keeps crashing: exit code 3")),
                ROLLOUT);
        assertTrue(
                status("nopull").path("message").asText().startsWith("container app: image cengjiyun.test/not-here:1"));
        JsonNode overview = getJson(appmap + "/overview");
        assertEquals(overview.toString(), 4, overview.path("servers").size());
        for (JsonNode entry : overview.path("servers")) {
            assertTrue(
                    entry.toString(),
                    entry.path("cause").path("message").asText().length() > 20);
        }
        assertEquals(overview.toString(), 4, overview.path("pods").asInt());

        // The service's overview counts the four as failing; the appmap's drift: the cluster has what was stored.
        JsonNode serviceOverview = getJson("/services/" + service + "/overview");
        assertEquals(
                serviceOverview.toString(), 1, serviceOverview.path("appmaps").size());
        assertEquals(
                serviceOverview.toString(),
                4,
                serviceOverview.path("appmaps").path(0).path("failing").asInt());
        JsonNode drift = getJson(appmap + "/drift");
        assertEquals(drift.toString(), 0, drift.path("drifted").asInt());
        assertEquals(drift.toString(), 4, drift.path("servers").size());
        for (JsonNode server : drift.path("servers")) {
            assertEquals(server.toString(), "none", server.path("state").asText());
        }
        // The cluster's nodes, for a platform administrator: the one node, Ready, with these pods among its own.
        JsonNode nodes = getJson("/clusters/" + LOCAL_CLUSTER + "/nodes").path("nodes");
        assertEquals(nodes.toString(), 1, nodes.size());
        assertTrue(nodes.toString(), nodes.path(0).path("ready").asBoolean());
        assertTrue(nodes.toString(), nodes.path(0).path("platformPods").asInt() >= 3);
        assertTrue(
                nodes.toString(),
                nodes.path(0).path("pods").asInt()
                        >= nodes.path(0).path("platformPods").asInt());
        assertTrue(
                nodes.toString(),
                nodes.path(0).path("allocatable").path("cpu").asText().length() > 0);
    }
}
