/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Image builds on tools/kube-local with its registry and builder image: a small Dockerfile (FROM the registry's
 * busybox, COPY a file, RUN a command with a build argument) built by a Job of unprivileged buildah and pushed; a new
 * server runs that image and its pod runs that digest; a failing Dockerfile ends FAILED naming its step; a cancel
 * stops the build and its Job; a RUN step cannot write to the node's file system.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BuildIT extends ServerTestSupport {
    private static final Duration BUILD = Duration.ofSeconds(240);
    private LocalRegistry local;
    private String builds;

    @Override
    protected String servicePrefix() {
        return "build-it";
    }

    @Override
    protected String appMapQuota() {
        return "{\"cpu\": \"4\", \"memory\": \"4Gi\", \"pods\": 12, \"storage\": \"1Gi\"}";
    }

    @Before
    public void registryOfTheService() throws Exception {
        local = LocalRegistry.read(repoFile("tools/kube-local/kube-local"));
        HttpResponse<String> made = post(
                "/services/" + service + "/registries",
                json.writeValueAsString(Map.of(
                        "name", "team",
                        "address", local.address,
                        "username", local.user,
                        "password", local.password,
                        "ca", Files.readString(local.ca))));
        assertEquals(made.body(), 201, made.statusCode());
        builds = "/services/" + service + "/builds";
    }

    private JsonNode start(String repository, String tag, Map<String, String> files, String... args) throws Exception {
        StringBuilder query = new StringBuilder("?appmap=dev&registry=team&repository=" + repository + "&tag=" + tag);
        for (String arg : args) {
            query.append("&arg=").append(java.net.URLEncoder.encode(arg, java.nio.charset.StandardCharsets.UTF_8));
        }
        HttpResponse<String> started = send(request(builds + query)
                .header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(LocalRegistry.tarGz(files))));
        assertEquals(started.body(), 202, started.statusCode());
        JsonNode build = body(started);
        assertEquals("QUEUED", build.path("state").asText());
        return build;
    }

    /** Follows the build's events to its end: the lines, then the build as it ended (last). */
    private List<String> follow(String id) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> r = http.send(
                request(builds + "/" + id + "/events")
                        .timeout(BUILD)
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        List<String> events = new ArrayList<>();
        String[] event = new String[1];
        r.body().forEach(line -> {
            if (line.startsWith("event: ")) {
                event[0] = line.substring(7);
            } else if (line.startsWith("data: ")) {
                events.add(("end".equals(event[0]) ? "end " : "") + line.substring(6));
            }
        });
        return events;
    }

    private JsonNode waitForBuild(String id, String state) {
        JsonNode[] last = new JsonNode[1];
        waitForAssert(
                () -> {
                    last[0] = getJson(builds + "/" + id);
                    assertEquals(
                            last[0].toString(), state, last[0].path("state").asText());
                },
                BUILD);
        return last[0];
    }

    @Test
    public void aDockerfileIsBuiltAndPushedAndANewServerRunsThatDigest() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(
                "Dockerfile",
                "FROM " + local.image + "\nARG VERSION\nCOPY hello.txt /hello.txt\n"
                        + "RUN echo built-$VERSION > /built.txt\n");
        files.put("hello.txt", "hello from the context\n");
        JsonNode build = start("it/hello", "1", files, "VERSION=7");
        String id = build.path("id").asText();

        List<String> events = follow(id);
        String end = events.get(events.size() - 1);
        assertTrue(String.join("\n", events), end.startsWith("end "));
        JsonNode ended = json.readTree(end.substring(4));
        assertEquals(String.join("\n", events), "SUCCEEDED", ended.path("state").asText());
        String digest = ended.path("digest").asText();
        assertTrue(digest, digest.matches("sha256:[0-9a-f]{64}"));
        assertTrue(events.stream().anyMatch(l -> l.startsWith("STEP ") && l.contains("RUN echo built")));
        assertTrue(ended.path("durationMillis").asLong() > 0);
        assertEquals(id, body(get(builds)).get(0).path("id").asText());
        assertTrue(output(id).contains("Pushed " + local.address + "/it/hello:1"));

        // a new server runs it: what the build wrote, pulled from the registry, with that digest
        create("{\"name\": \"hello\", \"kind\": \"Deployment\", \"replicas\": 1, \"terminationGracePeriodSeconds\": 1,"
                + " \"containers\": [{\"name\": \"app\", \"image\": \"" + local.address + "/it/hello:1\","
                + " \"imagePullPolicy\": \"Always\", \"command\": [\"sh\", \"-c\","
                + " \"cat /built.txt /hello.txt; sleep 3600\"]}]}");
        waitForState("hello", "RUNNING");
        Pod pod = pods("hello").get(0);
        String imageId = pod.getStatus().getContainerStatuses().get(0).getImageID();
        assertTrue(imageId + " runs " + digest, imageId.endsWith(digest));
        waitForAssert(() -> assertTrue(kube.pods()
                .inNamespace(namespace)
                .withName(pod.getMetadata().getName())
                .getLog()
                .contains("built-7")));
    }

    @Test
    public void aFailingStepEndsTheBuildFailedNamingTheStep() throws Exception {
        JsonNode build = start(
                "it/broken",
                "1",
                Map.of("Dockerfile", "FROM " + local.image + "\nRUN echo fine\nRUN exit 3\nRUN echo never\n"));
        JsonNode ended = waitForBuild(build.path("id").asText(), "FAILED");
        assertTrue(ended.toString(), ended.path("failedStep").asText().contains("RUN exit 3"));
        assertTrue(
                ended.path("message").asText(), ended.path("message").asText().contains("RUN exit 3"));
        String output = output(build.path("id").asText());
        assertTrue(output, output.contains("Error: building at STEP \"RUN exit 3\""));
        assertFalse(output, output.contains("never"));
    }

    @Test
    public void aCancelStopsTheBuildAndItsJobAndARunStepCannotWriteToTheNode() throws Exception {
        String marker = "cj-build-escape-" + service;
        JsonNode build = start(
                "it/slow",
                "1",
                Map.of(
                        "Dockerfile",
                        "FROM " + local.image + "\nRUN touch /" + marker + " /tmp/" + marker
                                + " && echo touched\nRUN sleep 300\n"));
        String id = build.path("id").asText();
        waitForAssert(
                () -> assertTrue(
                        getJson(builds + "/" + id).toString(), output(id).contains("RUN sleep 300")),
                BUILD);
        assertFalse("a RUN step wrote to the node's /", Files.exists(Path.of("/" + marker)));
        assertFalse("a RUN step wrote to the node's /tmp", Files.exists(Path.of("/tmp/" + marker)));

        HttpResponse<String> cancelled = delete(builds + "/" + id);
        assertEquals(cancelled.body(), 202, cancelled.statusCode());
        waitForBuild(id, "CANCELLED");
        waitForAssert(() -> assertTrue(kube.genericKubernetesResources("batch/v1", "Job")
                .inNamespace(namespace)
                .withLabel("cengjiyun.io/build", id)
                .list()
                .getItems()
                .isEmpty()));
        assertEquals(409, delete(builds + "/" + id).statusCode());
    }

    /** The build's output as text (what `.../output` answers a client asking for text). */
    private String output(String id) {
        try {
            HttpResponse<String> r = send(request(builds + "/" + id + "/output")
                    .header("Accept", "text/plain")
                    .GET());
            assertEquals(r.body(), 200, r.statusCode());
            return r.body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
