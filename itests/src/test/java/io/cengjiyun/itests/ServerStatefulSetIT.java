/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

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
            waitForPods("db", 2, "v2", true);
        });
        assertTrue("ready pods fell to " + fewest + " (a StatefulSet replaces one pod at a time)", fewest >= 1);

        action("db", "stop");
        waitForState("db", "STOPPED");
        waitForAssert(() -> assertEquals(0, pods("db").size()), ROLLOUT);
        action("db", "start");
        waitForState("db", "RUNNING");
        assertEquals(2, pods("db").size());

        restartReplacesEveryPod("db", 2);

        assertEquals(200, post(servers + "/db/scale", "{\"replicas\": 1}").statusCode());
        waitForAssert(
                () -> assertEquals(
                        Set.of("db-0"),
                        pods("db").stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet())),
                ROLLOUT);

        assertEquals(200, post(servers + "/db/rollback", "{\"revision\": 1}").statusCode());
        waitForPods("db", 2, "v1", false);

        action("db", "stop");
        assertEquals(204, delete(servers + "/db").statusCode());
        waitForAssert(() -> assertEquals(List.of(), everythingOf("db")), ROLLOUT);
    }
}
