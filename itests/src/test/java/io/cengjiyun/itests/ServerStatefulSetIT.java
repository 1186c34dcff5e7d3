/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A StatefulSet through the REST API, on the real Kubernetes 1.20 of tools/kube-local: created with its headless
 * Service and its pods' stable names, updated one pod at a time (readiness sampled throughout), stopped, started,
 * restarted, scaled, rolled back and deleted. The other long-running kinds: ServerKindsIT.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerStatefulSetIT extends ServerTestSupport {

    @Override
    protected String servicePrefix() {
        return "sts";
    }

    @Test
    public void aStatefulSetUpdatesOnePodAtATimeAndKeepsItsPodsNames() throws Exception {
        create(db("v1"));
        waitForState("db", "RUNNING");
        assertEquals(
                Set.of("db-0", "db-1"),
                pods("db").stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet()));
        assertEquals("db-headless", field(live("apps/v1", "StatefulSet", "db"), "spec", "serviceName"));
        assertEquals(
                "None",
                kube.services()
                        .inNamespace(namespace)
                        .withName("db-headless")
                        .get()
                        .getSpec()
                        .getClusterIP());

        int fewest = fewestReadyDuring("db", () -> {
            update("db", db("v2"));
            waitForAssert(
                    () -> {
                        List<Pod> now = pods("db");
                        assertEquals(2, now.size());
                        assertTrue(now.stream().allMatch(p -> commandVersion(p).equals("v2") && ready(p)));
                        assertEquals("RUNNING", status("db").path("state").asText());
                    },
                    ROLLOUT);
        });
        assertTrue("ready pods fell to " + fewest + " (a StatefulSet replaces one pod at a time)", fewest >= 1);

        action("db", "stop");
        waitForState("db", "STOPPED");
        waitForAssert(() -> assertEquals(0, pods("db").size()), ROLLOUT);
        action("db", "start");
        waitForState("db", "RUNNING");
        assertEquals(2, pods("db").size());

        Set<String> before = podUids("db");
        action("db", "restart");
        waitForAssert(
                () -> {
                    Set<String> now = podUids("db");
                    assertEquals(2, now.size());
                    assertTrue("restart replaces every pod", now.stream().noneMatch(before::contains));
                    assertEquals("RUNNING", status("db").path("state").asText());
                },
                ROLLOUT);

        assertEquals(200, post(servers + "/db/scale", "{\"replicas\": 1}").statusCode());
        waitForAssert(
                () -> assertEquals(
                        Set.of("db-0"),
                        pods("db").stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet())),
                ROLLOUT);

        assertEquals(200, post(servers + "/db/rollback", "{\"revision\": 1}").statusCode());
        waitForAssert(
                () -> {
                    List<Pod> now = pods("db");
                    assertEquals(2, now.size());
                    assertTrue(now.stream().allMatch(p -> commandVersion(p).equals("v1") && ready(p)));
                },
                ROLLOUT);

        action("db", "stop");
        assertEquals(204, delete(servers + "/db").statusCode());
        waitForAssert(() -> assertEquals(List.of(), everythingOf("db")), ROLLOUT);
    }
}
