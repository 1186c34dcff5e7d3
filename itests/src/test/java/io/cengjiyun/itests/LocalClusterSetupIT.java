/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The first run as ./run.sh makes it: a runtime started with this checkout's tools/kube-local and no cluster registered
 * brings the local Kubernetes up by itself (here it runs already: {@code kube-local up} has nothing to do) and
 * registers it as {@code local}; its progress is at {@code GET /setup/local-cluster} and in {@code cj:localcluster}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LocalClusterSetupIT extends CengjiyunTestSupport {

    @Override
    protected void prepareHome(Path home, Map<String, String> frameworkProperties) {
        frameworkProperties.put(
                "cengjiyun.localCluster.script",
                repoFile("tools/kube-local/kube-local").toString());
    }

    @Test
    public void theFirstRunBringsTheLocalClusterUpAndRegistersIt() throws Exception {
        waitForRest();
        JsonNode[] status = new JsonNode[1];
        waitForAssert(
                () -> {
                    try {
                        status[0] = body(get("/setup/local-cluster"));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    assertEquals(
                            status[0].toString(),
                            "READY",
                            status[0].path("state").asText());
                },
                Duration.ofSeconds(180));
        assertEquals("local", status[0].path("cluster").asText());
        assertTrue(status[0].toString(), status[0].path("lines").toString().contains("kube-local"));
        assertTrue(status[0].path("detail").asText().contains("registered as 'local'"));

        // registered and reachable; its node shows once the registry's node informer has synced
        waitForAssert(
                () -> {
                    JsonNode cluster;
                    try {
                        cluster = body(get("/clusters/local"));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    assertTrue(cluster.toString(), cluster.path("reachable").asBoolean());
                    assertTrue(cluster.toString(), cluster.path("nodes").size() >= 1);
                },
                Duration.ofSeconds(60));

        // up and registered: asking again changes nothing
        HttpResponse<String> again = send(request("/setup/local-cluster").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(again.body(), 202, again.statusCode());
        assertEquals("READY", body(again).path("state").asText());
        assertEquals(status[0].path("startedAt"), body(again).path("startedAt"));

        String shown = gogo("cj:localcluster");
        assertTrue(shown, shown.startsWith("READY: "));

        // anyone signed in may read it; only a platform administrator may start it
        assertProblem(send(anonymous("/setup/local-cluster").GET()), 401);
    }
}
