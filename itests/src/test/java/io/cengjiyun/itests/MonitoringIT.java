/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.api.event.DomainEvent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Resource use on the real cluster, sampled from the kubelet every 5 s (the tests' setting): a container that burns
 * CPU (throttled at 200m) reads clearly above an idle one, one that holds 100 MiB in a memory-backed emptyDir reads
 * within 10 % of it; the history, the appmap's use against its quota, the shell's cj:top and cj:metrics, and a watch
 * that fires and is seen by a subscriber.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MonitoringIT extends ServerTestSupport {
    @Override
    protected String monitoringConfig() {
        return RuntimeOptions.MONITORING_CONFIG;
    }

    private static final double MIB = 1024 * 1024;
    private static final Duration MEASURED = Duration.ofSeconds(120);

    private final List<DomainEvent> watchEvents = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> subscription;

    @Override
    protected String servicePrefix() {
        return "mon";
    }

    @Before
    public void subscribe() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, "io/cengjiyun/monitoring/*");
        subscription = bundleContext.registerService(
                EventHandler.class,
                event -> {
                    DomainEvent e = DomainEvent.from(event);
                    if (service != null && service.equals(e.service())) {
                        watchEvents.add(e);
                    }
                },
                properties);
    }

    @After
    public void unsubscribe() {
        if (subscription != null) {
            subscription.unregister();
        }
    }

    private static String busybox(String name, String script, String resources, String extra) {
        return "{\"name\": \"" + name + "\", \"kind\": \"Deployment\", \"replicas\": 1,"
                + " \"terminationGracePeriodSeconds\": 1, \"containers\": [{\"name\": \"app\","
                + " \"image\": \"cengjiyun.test/busybox:1\", \"imagePullPolicy\": \"Never\","
                + " \"command\": [\"sh\", \"-c\", \"" + script + "\"], \"resources\": " + resources
                + "}]" + extra + "}";
    }

    private static final String SMALL = "{\"requests\": {\"cpu\": \"50m\", \"memory\": \"16Mi\"},"
            + " \"limits\": {\"cpu\": \"200m\", \"memory\": \"64Mi\"}}";

    private static final String BURN_WATCHES =
            ", \"watches\": [{\"metric\": \"cpu\", \"above\": 50, \"forMinutes\": 0},"
                    + " {\"metric\": \"restarts\", \"above\": 5}]";

    @Test
    public void aBurningContainerReadsAboveAnIdleOneAndHeldMemoryIsMeasured() throws Exception {
        create(busybox("burn", "while :; do :; done", SMALL, BURN_WATCHES));
        create(busybox("idle", "sleep 3600", SMALL, ""));
        create(busybox(
                "mem",
                "head -c 104857600 /dev/zero > /mem/fill && sleep 3600",
                "{\"requests\": {\"cpu\": \"10m\", \"memory\": \"128Mi\"},"
                        + " \"limits\": {\"cpu\": \"100m\", \"memory\": \"256Mi\"}}",
                ", \"volumes\": [{\"name\": \"mem\", \"type\": \"emptyDir\", \"medium\": \"Memory\","
                        + " \"mountPath\": \"/mem\"}]"));
        for (String name : List.of("burn", "idle", "mem")) {
            waitForState(name, "RUNNING");
        }

        // Use now, against requests, limits and the appmap's quota (cpu 2, memory 2Gi, 12 pods).
        waitForAssert(
                () -> {
                    JsonNode usage = getJson(appmap + "/usage");
                    double burn = cpu(usage, "burn");
                    double idle = cpu(usage, "idle");
                    assertTrue("the burning container reads its throttled 200m: " + usage, burn > 0.12);
                    assertTrue("the idle one reads almost nothing: " + usage, idle < 0.02);
                    double mem =
                            server(usage, "mem").path("total").path("memory").asDouble();
                    assertTrue(
                            "100 MiB held in memory reads within 10 %: " + mem / MIB + " MiB",
                            Math.abs(mem - 100 * MIB) <= 10 * MIB);
                    assertEquals("burn", usage.path("topCpu").path(0).asText());
                    assertEquals("mem", usage.path("topMemory").path(0).asText());
                },
                MEASURED);
        JsonNode usage = getJson(appmap + "/usage");
        JsonNode cpuQuota = line(usage, "cpu");
        assertEquals(2.0, cpuQuota.path("limit").asDouble(), 1e-9);
        assertEquals(
                "requests of the three containers",
                0.11,
                cpuQuota.path("requested").asDouble(),
                1e-9);
        assertEquals(1.89, cpuQuota.path("left").asDouble(), 1e-9);
        assertEquals(
                (16 + 16 + 128) * MIB, line(usage, "memory").path("requested").asDouble(), 1);
        assertEquals(9, line(usage, "pods").path("left").asInt());
        JsonNode burn = server(usage, "burn");
        assertEquals(0.2, burn.path("total").path("cpuLimits").asDouble(), 1e-9);
        assertTrue(burn.toString(), burn.path("cpuOfLimits").asDouble() > 60);
        JsonNode pod = burn.path("podUsage").path(0);
        assertEquals(
                pods("burn").get(0).getMetadata().getName(), pod.path("name").asText());
        assertEquals("app", pod.path("containers").path(0).path("name").asText());

        // History: the same difference over the last minutes, at the sampling step.
        JsonNode burnHistory = getJson(servers + "/burn/metrics?from=-3m&step=5s&series=cpu,memory");
        assertEquals("raw", burnHistory.path("resolution").asText());
        assertEquals(5, burnHistory.path("stepSeconds").asInt());
        assertEquals(
                "cores", burnHistory.path("series").path("cpu").path("unit").asText());
        List<Double> burning = values(burnHistory.path("series").path("cpu").path("avg"));
        List<Double> idling = values(getJson(servers + "/idle/metrics?from=-3m&step=5s&series=cpu")
                .path("series")
                .path("cpu")
                .path("avg"));
        assertFalse(burnHistory.toString(), burning.isEmpty());
        assertTrue("burning: " + burning, burning.stream().anyMatch(v -> v > 0.12));
        assertTrue("idle: " + idling, !idling.isEmpty() && idling.stream().allMatch(v -> v < 0.05));
        JsonNode appMapHistory = getJson(appmap + "/metrics?from=-3m&series=pods");
        assertTrue(
                appMapHistory.toString(),
                values(appMapHistory.path("series").path("pods").path("max")).stream()
                        .anyMatch(v -> v >= 3));
        assertEquals(200, get("/services/" + service + "/metrics?series=cpu").statusCode());
        HttpResponse<String> csv = get(servers + "/burn/metrics?from=-2m&step=1m&series=cpu&format=csv");
        assertEquals(csv.body(), 200, csv.statusCode());
        assertTrue(
                csv.headers().firstValue("Content-Type").orElse(""),
                csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.body(), csv.body().startsWith("time,cpu,cpu_max\n"));

        // Bad input names the field and the fix; an unknown server is 404.
        HttpResponse<String> badSeries = get(servers + "/burn/metrics?series=cpu,heat");
        assertProblem(badSeries, 422);
        assertTrue(
                badSeries.body(),
                badSeries.body().contains("series") && badSeries.body().contains("'heat'"));
        HttpResponse<String> badFrom = get(servers + "/burn/metrics?from=yesterday");
        assertProblem(badFrom, 422);
        assertTrue(
                badFrom.body(),
                badFrom.body().contains("from") && badFrom.body().contains("-6h"));
        assertProblem(get(servers + "/burn/metrics?step=1s"), 422);
        assertProblem(get(servers + "/none/metrics"), 404);
        HttpResponse<String> badWatch = post(
                servers, busybox("w", "sleep 1", SMALL, ", \"watches\": [{\"metric\": \"cpu\", \"above\": 5000}]"));
        assertProblem(badWatch, 422);
        assertTrue(badWatch.body(), badWatch.body().contains("watches[0].above"));

        // The watch on burn (cpu above 50 % of its limit, at once) fired, once, and shows on the appmap's use.
        waitForAssert(() -> assertTrue(
                "a WATCH_FIRED of burn: " + watchEvents,
                watchEvents.stream()
                        .anyMatch(e -> e.topic().endsWith("/WATCH_FIRED")
                                && "burn".equals(e.server())
                                && "cpu".equals(e.kind())
                                && e.cause().contains("cpu above 50 % of the limits"))));
        JsonNode watches = getJson(appmap + "/usage").path("watches");
        assertEquals(watches.toString(), 1, watches.size());
        assertEquals("burn", watches.path(0).path("server").asText());
        assertEquals(
                "fired once while the condition holds: " + watchEvents,
                1,
                watchEvents.stream()
                        .filter(e -> e.topic().endsWith("/WATCH_FIRED"))
                        .count());

        // The appmap's overview (inspection) shows the top consumers and the watch, from this bundle's section.
        JsonNode overview = getJson(appmap + "/overview").path("sections").path("usage");
        assertEquals(
                overview.toString(),
                "burn",
                overview.path("topCpu").path(0).path("server").asText());
        assertEquals(
                overview.toString(),
                "mem",
                overview.path("topMemory").path(0).path("server").asText());
        assertEquals(
                overview.toString(),
                "burn",
                overview.path("watches").path(0).path("server").asText());

        // The shell.
        String top = gogo("cj:top " + service + " dev");
        assertTrue(top, top.contains("burn") && top.contains("quota cpu") && top.contains("watch firing: burn"));
        String topServer = gogo("cj:top " + service + " dev burn");
        assertTrue(topServer, topServer.contains(pod.path("name").asText()) && topServer.contains("200m"));
        String nodes = gogo("cj:top " + LOCAL_CLUSTER);
        assertTrue(nodes, nodes.contains("NODE") && nodes.contains("sampled at"));
        String history = gogo("cj:metrics --from -2m --series cpu " + service + "/dev/burn");
        assertTrue(history, history.contains("server " + service + "/dev/burn") && history.contains("CPU"));

        // The load stops (the same watches, another command): the watch clears.
        update("burn", busybox("burn", "sleep 3600", SMALL, BURN_WATCHES));
        waitForState("burn", "RUNNING");
        waitForAssert(
                () -> assertTrue(
                        "a WATCH_CLEARED of burn: " + watchEvents,
                        watchEvents.stream()
                                .anyMatch(e -> e.topic().endsWith("/WATCH_CLEARED") && "burn".equals(e.server()))),
                MEASURED);
        assertEquals(0, getJson(appmap + "/usage").path("watches").size());
    }

    private static double cpu(JsonNode usage, String name) {
        JsonNode s = server(usage, name);
        assertNotNull("server " + name + " in " + usage, s);
        assertTrue("measured " + name + ": " + s, s.path("total").has("cpu"));
        return s.path("total").path("cpu").asDouble();
    }

    private static JsonNode server(JsonNode usage, String name) {
        for (JsonNode s : usage.path("servers")) {
            if (name.equals(s.path("name").asText())) {
                return s;
            }
        }
        return null;
    }

    private static JsonNode line(JsonNode usage, String resource) {
        for (JsonNode q : usage.path("quota")) {
            if (resource.equals(q.path("resource").asText())) {
                return q;
            }
        }
        throw new AssertionError("no quota line " + resource + " in " + usage);
    }

    private static List<Double> values(JsonNode array) {
        List<Double> out = new ArrayList<>();
        for (JsonNode v : array) {
            if (!v.isNull()) {
                out.add(v.asDouble());
            }
        }
        return out;
    }
}
