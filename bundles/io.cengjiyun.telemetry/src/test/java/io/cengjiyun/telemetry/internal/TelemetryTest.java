/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.telemetry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.Path;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TelemetryTest {

    @Path("services/{service}/appmaps")
    static class AppMaps {
        @Path("{appmap: [a-z0-9-]+}/servers/")
        public void servers() {}

        public void list() {}
    }

    @Test
    void aRouteIsTheResourceTemplateWithoutItsPatterns() throws Exception {
        Path type = AppMaps.class.getAnnotation(Path.class);
        assertEquals(
                "/services/{service}/appmaps/{appmap}/servers",
                RequestMetrics.join(type, AppMaps.class.getMethod("servers").getAnnotation(Path.class)));
        assertEquals("/services/{service}/appmaps", RequestMetrics.join(type, null));
        assertEquals("(unmatched)", RequestMetrics.route(null));
    }

    @Test
    void aScrapeIsPrometheusTextWithTheRequestsEventsAndTheJvm() throws Exception {
        Telemetry telemetry = new Telemetry();
        telemetry.request("/services/{service}", "GET", 200, 3_000_000);
        telemetry.request("/services/{service}", "GET", 200, 5_000_000);
        telemetry.request("/services/{service}", "DELETE", 404, 1_000_000);
        telemetry.event("io/cengjiyun/server/CREATED");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        telemetry.write(out);
        String text = out.toString(StandardCharsets.UTF_8);

        assertTrue(telemetry.contentType().startsWith("text/plain; version=0.0.4"), telemetry.contentType());
        assertTrue(
                text.contains(
                        "cengjiyun_http_server_requests_seconds_count{method=\"GET\",route=\"/services/{service}\","
                                + "status=\"200\"} 2"),
                text);
        assertTrue(
                text.contains("cengjiyun_http_server_requests_seconds_sum{method=\"GET\",route=\"/services/{service}\","
                        + "status=\"200\"} 0.008"),
                text);
        assertTrue(text.contains("status=\"404\"} 1"), text);
        assertTrue(
                text.contains("cengjiyun_domain_events_published_total{topic=\"io/cengjiyun/server/CREATED\"} 1.0"),
                text);
        assertTrue(text.contains("# TYPE jvm_memory_used_bytes gauge"), text);
        assertTrue(text.contains("jvm_gc_collection_seconds"), text);
        // no cluster bundle: no cluster series, and the scrape still works
        assertTrue(!text.contains("cengjiyun_cluster_reachable{"), text);
    }
}
