/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
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

        // the registry browsed: the repository, its tag with that digest, size and creation time
        String team = "/services/" + service + "/registries/team";
        assertTrue(repositories(team).contains("it/hello"));
        JsonNode tags = getJson(team + "/repositories/it/hello/tags");
        JsonNode tag = tags.path("tags").get(0);
        assertEquals(tags.toString(), "1", tag.path("tag").asText());
        assertEquals(tags.toString(), digest, tag.path("digest").asText());
        assertTrue(tags.toString(), tag.path("size").asLong() > 1000);
        assertTrue(tags.toString(), tag.hasNonNull("created"));
        HttpResponse<String> badPage = get(team + "/repositories?n=0");
        assertProblem(badPage, 422);
        assertEquals(
                badPage.body(),
                "n",
                body(badPage).path("errors").path(0).path("field").asText());
        assertProblem(get(team + "/repositories/it/nothing/tags"), 404);

        // the server shows the digest it runs, the registry's current one, nothing newer
        JsonNode images = getJson(servers + "/hello" + "/images");
        JsonNode app = images.path("containers").get(0);
        assertEquals(images.toString(), "team", app.path("registry").asText());
        assertEquals(images.toString(), List.of(digest), strings(app.path("running")));
        assertEquals(images.toString(), digest, app.path("latest").asText());
        assertFalse(images.toString(), images.path("newer").asBoolean());
        assertEquals(409, post(servers + "/hello" + "/images/update", "").statusCode());

        // a server that follows builds names the registry and a short image
        create("{\"name\": \"follower\", \"kind\": \"Deployment\", \"replicas\": 1,"
                + " \"terminationGracePeriodSeconds\": 1, \"registry\": {\"name\": \"team\", \"followBuilds\": true},"
                + " \"containers\": [{\"name\": \"app\", \"image\": \"it/hello:1\", \"command\": [\"sh\", \"-c\","
                + " \"cat /built.txt; sleep 3600\"]}]}");
        waitForState("follower", "RUNNING");
        assertTrue(pods("follower")
                .get(0)
                .getStatus()
                .getContainerStatuses()
                .get(0)
                .getImageID()
                .endsWith(digest));

        // the same tag built again, its context fetched from a git repository this time (served on loopback by
        // git daemon): the follower rolls out the new digest by itself, the other server is told
        JsonNode second;
        Path repos = Files.createTempDirectory("build-it-git");
        try {
            Path repo = Files.createDirectory(repos.resolve("app"));
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(repo.resolve(f.getKey()), f.getValue());
            }
            shell(repo, "git", "init", "--quiet", "--initial-branch=main");
            shell(repo, "git", "add", ".");
            shell(repo, "git", "-c", "user.name=it", "-c", "user.email=it@localhost", "commit", "--quiet", "-m", "app");
            String commit = shell(repo, "git", "rev-parse", "HEAD").strip();
            int port;
            try (java.net.ServerSocket free =
                    new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            Process daemon = new ProcessBuilder(
                            "git",
                            "daemon",
                            "--reuseaddr",
                            "--export-all",
                            "--listen=127.0.0.1",
                            "--port=" + port,
                            "--base-path=" + repos,
                            repos.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(repos.resolve("daemon.log").toFile())
                    .start();
            try {
                waitForAssert(() -> {
                    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                        assertTrue(socket.isConnected());
                    } catch (java.io.IOException e) {
                        throw new AssertionError("git daemon does not listen yet: " + e);
                    }
                });
                HttpResponse<String> fromGit = send(request(builds
                                + "?appmap=dev&registry=team&repository=it/hello&tag=1&arg=VERSION%3D8&git=git://127.0.0.1:"
                                + port + "/app&ref=main")
                        .POST(HttpRequest.BodyPublishers.noBody()));
                assertEquals(fromGit.body(), 202, fromGit.statusCode());
                String again = body(fromGit).path("id").asText();
                second = waitForBuild(again, "SUCCEEDED");
                assertTrue(second.toString(), second.path("source").asText().endsWith("commit " + commit));
            } finally {
                daemon.destroy();
            }
        } finally {
            try (java.util.stream.Stream<Path> all = Files.walk(repos)) {
                all.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        String again = second.path("id").asText();
        String newer = second.path("digest").asText();
        assertNotEquals(digest, newer);
        String out = output(again);
        assertTrue(out, out.contains("Followed: server dev/follower rolls out revision 2"));
        JsonNode follower = getJson(servers + "/follower");
        assertEquals(follower.toString(), 2, follower.path("version").asInt());
        assertEquals(
                "it/hello:1@" + newer,
                follower.at("/definition/containers/0/image").asText());
        waitForRunningDigest("follower", newer, "built-8");

        // the appmap tells which of its servers a newer image is available for: hello, not the follower
        JsonNode newerHere = getJson("/services/" + service + "/appmaps/dev/images?newer=true");
        assertEquals(newerHere.toString(), 1, newerHere.size());
        assertEquals(
                newerHere.toString(), "hello", newerHere.get(0).path("server").asText());
        assertEquals(2, getJson("/services/" + service + "/appmaps/dev/images").size());
        assertProblem(get("/services/" + service + "/appmaps/dev/images?newer=maybe"), 422);
        JsonNode told = getJson(servers + "/hello" + "/images");
        assertTrue(told.toString(), told.path("newer").asBoolean());
        assertEquals(told.toString(), newer, told.at("/containers/0/latest").asText());
        HttpResponse<String> stale = send(request(servers + "/hello" + "/images/update")
                .header("If-Match", "\"7\"")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertProblem(stale, 412);
        HttpResponse<String> rolled = send(request(servers + "/hello" + "/images/update")
                .header("If-Match", "\"1\"")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(rolled.body(), 200, rolled.statusCode());
        assertEquals(rolled.body(), 2, body(rolled).path("revision").asInt());
        waitForRunningDigest("hello", newer, "built-8");
        JsonNode after = getJson(servers + "/hello" + "/images");
        assertFalse(after.toString(), after.path("newer").asBoolean());
        assertEquals(after.toString(), newer, after.at("/containers/0/pinned").asText());
    }

    /** Runs a command in a folder; answers its output. */
    private static String shell(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(out, 0, p.waitFor());
        return out;
    }

    /** Every repository of the registry, page after page (3 at a time: the paging is exercised too). */
    private List<String> repositories(String registry) {
        List<String> all = new ArrayList<>();
        String last = null;
        for (int pages = 0; pages < 100; pages++) {
            JsonNode page = getJson(registry + "/repositories?n=3" + (last == null ? "" : "&last=" + last));
            page.path("repositories").forEach(r -> all.add(r.asText()));
            if (!page.hasNonNull("next")) {
                return all;
            }
            last = page.path("next").asText();
        }
        throw new AssertionError("more than 100 pages of repositories: " + all);
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    /** Waits until every pod of the server runs that digest and one of them logged the text. */
    private void waitForRunningDigest(String server, String digest, String logged) {
        waitForAssert(
                () -> {
                    List<Pod> running = pods(server);
                    assertEquals(running.toString(), 1, running.size());
                    String id =
                            running.get(0).getStatus().getContainerStatuses().isEmpty()
                                    ? ""
                                    : running.get(0)
                                            .getStatus()
                                            .getContainerStatuses()
                                            .get(0)
                                            .getImageID();
                    assertTrue(id + " runs " + digest, id.endsWith(digest));
                    assertTrue(kube.pods()
                            .inNamespace(namespace)
                            .withName(running.get(0).getMetadata().getName())
                            .getLog()
                            .contains(logged));
                },
                BUILD);
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
