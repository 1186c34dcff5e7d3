/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Every log line a server wrote, on the real cluster: its pods' logs merged in time order, the previous container's
 * last words after a crash, a follow that keeps going across a rolling update, a download equal to the container's
 * log as the cluster has it, a search with its count, and the shell's cj:logs and cj:exec.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LogsIT extends ServerTestSupport {
    private static final Duration LINES = Duration.ofSeconds(60);

    @Override
    protected String servicePrefix() {
        return "logs";
    }

    /** A server whose container writes "<version> tick N from <pod>" every 0.2 s. */
    private static String ticker(String name, int replicas, String version) {
        return "{\"name\": \"" + name + "\", \"kind\": \"Deployment\", \"replicas\": " + replicas
                + ", \"terminationGracePeriodSeconds\": 1, \"containers\": [{\"name\": \"app\","
                + " \"image\": \"cengjiyun.test/busybox:1\", \"imagePullPolicy\": \"Never\", \"command\": [\"sh\", \"-c\","
                + " \"i=0; while true; do i=$((i+1)); echo " + version
                + " tick $i from $HOSTNAME; sleep 0.2; done\"]}]}";
    }

    @Test
    public void theLogsOfTwoPodsAreMergedInTimeOrderAndSearched() throws Exception {
        create(ticker("ticks", 2, "v1"));
        waitForState("ticks", "RUNNING");
        List<String> pods =
                pods("ticks").stream().map(p -> p.getMetadata().getName()).toList();
        assertEquals(2, pods.size());
        Map<String, Integer> lastTick = new HashMap<>();
        waitForAssert(
                () -> {
                    JsonNode lines = getJson(servers + "/ticks/logs?format=json&tail=50");
                    Set<String> seen = new HashSet<>();
                    Instant previous = Instant.MIN;
                    lastTick.clear();
                    for (JsonNode l : lines) {
                        Instant at = Instant.parse(l.path("time").asText());
                        assertTrue("in time order: " + lines, !at.isBefore(previous));
                        previous = at;
                        String pod = l.path("pod").asText();
                        seen.add(pod);
                        assertEquals("app", l.path("container").asText());
                        String text = l.path("text").asText();
                        assertTrue(text, text.endsWith(" from " + pod));
                        int tick = Integer.parseInt(text.split(" ")[2]);
                        Integer before = lastTick.put(pod, tick);
                        assertTrue("each pod's lines keep their order", before == null || before < tick);
                    }
                    assertEquals(new HashSet<>(pods), seen);
                    assertEquals("the last 50 lines of each container", 100, lines.size());
                },
                LINES);

        // As text, each line says where it comes from.
        HttpResponse<String> text = send(request(servers + "/ticks/logs?tail=3").header("Accept", "text/plain"));
        assertEquals(text.body(), 200, text.statusCode());
        List<String> lines = text.body().lines().toList();
        assertEquals(text.body(), 6, lines.size());
        for (String line : lines) {
            assertTrue(line, line.matches("ticks-[a-z0-9-]+/app \\| v1 tick [0-9]+ from ticks-[a-z0-9-]+"));
        }

        // A search counts every match of the window, and shows the newest.
        JsonNode found = getJson(servers + "/ticks/logs/search?q=" + "tick%201%20from&tail=all&limit=5");
        assertEquals(found.toString(), 2, found.path("matches").asInt());
        JsonNode regex = getJson(servers + "/ticks/logs/search?regex=true&q=tick%20%5B0-9%5D*7%20from&tail=100");
        int sevens = 0;
        for (JsonNode l : regex.path("lines")) {
            assertTrue(l.toString(), l.path("text").asText().matches("v1 tick [0-9]*7 from .*"));
            sevens++;
        }
        assertEquals(regex.toString(), regex.path("matches").asInt(), sevens);
        int searched = regex.path("searched").asInt();
        assertTrue(regex.toString(), searched >= 2 * 40 && searched <= 2 * 100); // ~5 lines a second each, tail 100
        assertProblem(
                send(request(servers + "/ticks/logs/search?regex=true&q=(unclosed")
                        .GET()),
                422);
        HttpResponse<String> bad =
                send(request(servers + "/ticks/logs?tail=lots").GET());
        assertProblem(bad, 422);
        assertTrue(bad.body(), bad.body().contains("\"field\":\"tail\""));

        // The shell prints the same merged logs.
        String shell = gogo("cj:logs --tail 2 " + service + " dev ticks");
        assertEquals(shell, 4, shell.strip().lines().count());
        assertTrue(shell, shell.contains("/app | v1 tick "));
    }

    @Test
    public void aCrashedContainersLastWordsAreKeptAndADownloadIsTheLog() throws Exception {
        create("{\"name\": \"crashy\", \"kind\": \"Deployment\", \"replicas\": 1, \"terminationGracePeriodSeconds\": 1,"
                + " \"containers\": [{\"name\": \"app\", \"image\": \"cengjiyun.test/busybox:1\", \"imagePullPolicy\":"
                + " \"Never\", \"command\": [\"sh\", \"-c\", \"echo run $(cat /proc/uptime); i=0; while [ ! -f"
                + " /tmp/crash ]; do i=$((i+1)); echo line $i; sleep 0.1; done; echo last words before the crash;"
                + " exit 3\"]}]}");
        waitForState("crashy", "RUNNING");
        Pod pod = pods("crashy").get(0);
        String name = pod.getMetadata().getName();
        String logs = servers + "/crashy/pods/" + name + "/containers/app/logs";
        assertProblem(send(request(logs + "?previous=true").header("Accept", "text/plain")), 422);

        // The crash is made through the shell's cj:exec, which prints the command's exit code.
        String exec = gogo("cj:exec " + service + " dev crashy -- sh -c 'touch /tmp/crash; echo touched'");
        assertTrue(exec, exec.contains("touched"));
        assertTrue(exec, exec.contains("exit code 0 (pod " + name + ", container app)"));
        waitForAssert(
                () -> {
                    Pod now = kube.pods().inNamespace(namespace).withName(name).get();
                    assertTrue(now.getStatus().getContainerStatuses().get(0).getRestartCount() >= 1);
                },
                LINES);
        HttpResponse<String> previous = send(request(logs + "?previous=true").header("Accept", "text/plain"));
        assertEquals(previous.body(), 200, previous.statusCode());
        assertTrue(previous.body(), previous.body().strip().endsWith("last words before the crash"));
        HttpResponse<String> merged =
                send(request(servers + "/crashy/logs?previous=true&tail=all").header("Accept", "text/plain"));
        assertTrue(merged.body(), merged.body().contains(name + "/app (previous) | last words before the crash"));

        // A download is the container's whole log, byte for byte, as a file.
        waitForAssert(
                () -> {
                    try {
                        HttpResponse<String> download =
                                send(request(logs + "?download=true").header("Accept", "text/plain"));
                        assertEquals(200, download.statusCode());
                        assertEquals(
                                "attachment; filename=\"crashy_" + name + "_app.log\"",
                                download.headers()
                                        .firstValue("Content-Disposition")
                                        .orElse(""));
                        String direct = kube.pods()
                                .inNamespace(namespace)
                                .withName(name)
                                .inContainer("app")
                                .getLog();
                        String body = download.body();
                        // the container keeps writing: the shorter of the two reads is the start of the other
                        assertTrue(body.length() > 20);
                        assertTrue(
                                body.length() <= direct.length() ? direct.startsWith(body) : body.startsWith(direct));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                },
                LINES);
    }

    @Test
    public void aFollowKeepsGoingAcrossARollingUpdate() throws Exception {
        create(ticker("roll", 1, "v1"));
        waitForState("roll", "RUNNING");
        String old = pods("roll").get(0).getMetadata().getName();
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpResponse<InputStream> stream = http.send(
                request(servers + "/roll/logs?timeout=120&tail=2")
                        .timeout(Duration.ofSeconds(130))
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String event = null;
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        events.add(event + " " + json.readTree(line.substring(6)));
                    }
                }
            } catch (java.io.IOException e) {
                // closed by the test
            }
        });
        try {
            String first = events.poll(30, TimeUnit.SECONDS);
            assertTrue("a line of the running pod first: " + first, first != null && first.startsWith("line "));
            assertTrue(first, first.contains("\"pod\":\"" + old + "\""));

            update("roll", ticker("roll", 1, "v2"));
            List<String> seen = new ArrayList<>();
            boolean newLine = false;
            boolean oldEnded = false;
            long end = System.nanoTime() + LINES.multipliedBy(2).toNanos();
            while (!(newLine && oldEnded) && System.nanoTime() < end) {
                String e = events.poll(1, TimeUnit.SECONDS);
                if (e == null) {
                    continue;
                }
                seen.add(e);
                newLine |= e.startsWith("line ") && e.contains("v2 tick") && !e.contains("\"pod\":\"" + old + "\"");
                oldEnded |= e.startsWith("notice ") && e.contains("\"pod\":\"" + old + "\"") && e.contains("ended");
            }
            assertTrue("a line of the new pod: " + tail(seen), newLine);
            assertTrue("the old pod's end is told: " + tail(seen), oldEnded);
        } finally {
            stream.body().close();
            reader.cancel(true);
        }
    }

    private static List<String> tail(List<String> seen) {
        return seen.subList(Math.max(0, seen.size() - 15), seen.size());
    }
}
