/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Optimistic concurrency through REST: of 20 updates based on one version, exactly one wins. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConcurrentUpdateIT extends CengjiyunTestSupport {
    private static final int WRITERS = 20;

    @Test
    public void exactlyOneOfTwentyConcurrentUpdatesWinsPerVersion() throws Exception {
        waitForRest();
        post("/services", "{\"name\": \"race\"}");
        allotLocalCluster("race");
        assertEquals(201, post("/services/race/appmaps", appMap("dev")).statusCode());
        assertEquals(
                201, post("/services/race/appmaps/dev/servers", HierarchyIT.WEB).statusCode());

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int version = 1; version <= 3; version++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> results = new ArrayList<>();
                for (int writer = 0; writer < WRITERS; writer++) {
                    String body = HierarchyIT.WEB.replace("\"replicas\": 2", "\"replicas\": " + (writer + 1));
                    String ifMatch = "\"" + version + "\"";
                    Callable<Integer> update = () -> {
                        start.await();
                        HttpResponse<String> r = send(request("/services/race/appmaps/dev/servers/web")
                                .header("Content-Type", "application/json")
                                .header("If-Match", ifMatch)
                                .PUT(HttpRequest.BodyPublishers.ofString(body)));
                        return r.statusCode();
                    };
                    results.add(pool.submit(update));
                }
                start.countDown();
                int won = 0;
                int stale = 0;
                for (Future<Integer> f : results) {
                    int status = f.get();
                    if (status == 200) {
                        won++;
                    } else if (status == 412) {
                        stale++;
                    }
                }
                assertEquals("winners based on version " + version, 1, won);
                assertEquals("refused as stale based on version " + version, WRITERS - 1, stale);
                HttpResponse<String> now = get("/services/race/appmaps/dev/servers/web");
                assertEquals(
                        "\"" + (version + 1) + "\"",
                        now.headers().firstValue("ETag").orElse(""));
            }
            assertEquals(
                    4,
                    new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(get("/services/race/appmaps/dev/servers/web/revisions")
                                    .body())
                            .size());
        } finally {
            pool.shutdownNow();
        }
        deleteService("race");
    }
}
