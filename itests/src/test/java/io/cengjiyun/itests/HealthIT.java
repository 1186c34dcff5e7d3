/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthIT extends CengjiyunTestSupport {

    @Test
    public void healthAnswers200WhenTheRuntimeIsUp() throws Exception {
        waitForRest();

        HttpResponse<String> response = get("/health");

        assertEquals(response.body(), 200, response.statusCode());
    }

    /** Ready (not only alive) once the store answers and the local cluster's caches have listed. */
    @Test
    public void readinessNamesTheStoreAndTheClusters() throws Exception {
        waitForRest();
        registerLocalCluster();
        waitForAssert(
                () -> {
                    try {
                        HttpResponse<String> ready = get("/ready");
                        assertEquals(ready.body(), 200, ready.statusCode());
                        JsonNode body = body(ready);
                        assertEquals(
                                body.toString(), "READY", body.path("status").asText());
                        assertEquals(
                                body.toString(), "answers", body.path("store").asText());
                        assertEquals(
                                body.toString(),
                                "synced",
                                body.path("clusters").path(LOCAL_CLUSTER).asText());
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError(e);
                    }
                },
                java.time.Duration.ofSeconds(60));
    }

    /** /metrics is Prometheus text: every line a comment or a sample, and the request counter moves with a call. */
    @Test
    public void metricsArePrometheusTextAndCountRequests() throws Exception {
        waitForRest();
        double before = requestsOfHealth(scrape());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/health").statusCode());
        }
        String text = scrape();
        java.util.regex.Pattern sample = java.util.regex.Pattern.compile(
                "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\",?)*\\})?"
                        + " [-+]?([0-9.eE+-]+|NaN|Inf)( [0-9]+)?");
        for (String line : text.lines().toList()) {
            assertTrue(
                    "not Prometheus text: '" + line + "'",
                    line.isEmpty()
                            || line.startsWith("# HELP ")
                            || line.startsWith("# TYPE ")
                            || sample.matcher(line).matches());
        }
        assertEquals(text, before + 3, requestsOfHealth(text), 0.0);
        assertTrue(text, text.contains("# TYPE jvm_memory_used_bytes gauge"));
        assertTrue(text, text.contains("cengjiyun_http_server_requests_seconds_bucket{"));
        assertTrue(text, text.contains("cengjiyun_db_pool_connections{state=\"max\"}"));
    }

    private String scrape() throws Exception {
        HttpResponse<String> metrics = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort() + "/metrics"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(metrics.body(), 200, metrics.statusCode());
        assertTrue(
                metrics.headers().toString(),
                metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        return metrics.body();
    }

    /** The count of GET /health answered 200, 0 if none yet. */
    private static double requestsOfHealth(String text) {
        String prefix =
                "cengjiyun_http_server_requests_seconds_count{method=\"GET\",route=\"/health\",status=\"200\"} ";
        return text.lines()
                .filter(l -> l.startsWith(prefix))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(prefix.length()).split(" ")[0]))
                .findFirst()
                .orElse(0);
    }

    @Test
    public void shellListsTheRuntimeBundles() throws Exception {
        String bundles = gogo("lb -s");

        assertTrue(bundles, bundles.contains("org.apache.felix.http.jetty12"));
        assertTrue(bundles, bundles.contains("io.cengjiyun.rest"));
        assertTrue(
                "the Event Admin carries the domain events: " + bundles,
                bundles.lines().anyMatch(l -> l.contains("Active") && l.contains("org.apache.felix.eventadmin")));
    }
}
