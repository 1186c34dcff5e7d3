/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * An extension bundle dropped into deploy/ contributes its REST resource and shell command live, and
 * takes them away when removed, while a request loop keeps running without one 5xx.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT extends CengjiyunTestSupport {
    /** Set by the build: the example extension's jar. */
    static final String EXAMPLE = "cengjiyun.example.bundle";

    @Test
    public void extensionAppearsAndGoesWithoutA5xx() throws Exception {
        waitForRest();
        post("/services", "{\"name\": \"steady\"}");
        Path deploy = Path.of(bundleContext.getProperty("cengjiyun.home"), "deploy");
        Path example = Path.of(System.getProperty(EXAMPLE));
        assertTrue("example bundle built at " + example, Files.isRegularFile(example));
        assertEquals(404, get("/hello").statusCode());

        AtomicBoolean running = new AtomicBoolean(true);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Thread loop = new Thread(
                () -> {
                    List<String> paths = List.of("/services/steady", "/hello", "/services", "/health");
                    int i = 0;
                    while (running.get()) {
                        try {
                            HttpResponse<String> r = get(paths.get(i++ % paths.size()));
                            statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger())
                                    .incrementAndGet();
                        } catch (Exception e) {
                            statuses.computeIfAbsent(-1, s -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    }
                },
                "request-loop");
        loop.start();
        try {
            for (int round = 0; round < 2; round++) {
                Path dropped = deploy.resolve("example.jar");
                Files.copy(example, dropped, StandardCopyOption.REPLACE_EXISTING);
                waitForAssert(() -> assertStatus("/hello", 200), Duration.ofSeconds(30));
                assertTrue(get("/hello?name=ops").body().contains("Hello, ops"));
                assertEquals(
                        "the extension's resource asks for a signed-in user",
                        401,
                        send(anonymous("/hello").GET()).statusCode());
                HttpResponse<String> undeclared = get("/hello/undeclared");
                assertEquals(
                        "a method that declares no @Allow is closed even to the platform administrator: "
                                + undeclared.body(),
                        403,
                        undeclared.statusCode());
                assertTrue(undeclared.body(), undeclared.body().contains("declares no @Allow"));
                waitForAssert(() -> assertShell("cj:hello ops", "Hello, ops"), Duration.ofSeconds(30));

                Files.delete(dropped);
                waitForAssert(() -> assertStatus("/hello", 404), Duration.ofSeconds(30));
                waitForAssert(() -> assertShell("cj:hello ops", "not found"), Duration.ofSeconds(30));
            }
        } finally {
            running.set(false);
            loop.join(10_000);
        }
        int total = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
        assertTrue("the loop ran: " + statuses, total > 50);
        statuses.forEach((status, count) ->
                assertTrue("no 5xx and no failed request, got " + statuses, status > 0 && status < 500));
    }

    /**
     * A section of the extension's own: with the bundle in deploy/, {@code hello} is accepted, applied as a ConfigMap
     * on the real cluster, checked, and shown in /openapi.json; with it gone, a server using it is a 503 naming the
     * section and the bundle, and nothing is stored.
     */
    @Test
    public void extensionSectionIsAcceptedAppliedAndRefusedWhenGone() throws Exception {
        waitForRest();
        registerLocalCluster();
        String service = "hello-section";
        assertEquals(201, post("/services", "{\"name\": \"" + service + "\"}").statusCode());
        Path dropped = Path.of(bundleContext.getProperty("cengjiyun.home"), "deploy", "example-section.jar");
        ClassLoader testLoader = Thread.currentThread().getContextClassLoader();
        try {
            allotLocalCluster(service);
            HttpResponse<String> appmap = post("/services/" + service + "/appmaps", appMap("dev"));
            assertEquals(appmap.body(), 201, appmap.statusCode());
            String servers = "/services/" + service + "/appmaps/dev/servers";
            Files.copy(Path.of(System.getProperty(EXAMPLE)), dropped, StandardCopyOption.REPLACE_EXISTING);
            waitForAssert(() -> assertTrue("openapi shows hello", helloSchema() != null), Duration.ofSeconds(30));
            com.fasterxml.jackson.databind.JsonNode greeting =
                    helloSchema().path("properties").path("greeting");
            assertEquals(
                    helloSchema().toString(), "string", greeting.path("type").asText());
            assertEquals(
                    helloSchema().toString(), 200, greeting.path("maxLength").asInt());

            HttpResponse<String> created = post(servers, greeter("greeter", "\"hi\""));
            assertEquals(created.body(), 201, created.statusCode());
            assertEquals(
                    "hi",
                    body(get(servers + "/greeter"))
                            .path("definition")
                            .path("hello")
                            .path("greeting")
                            .asText());
            io.cengjiyun.cluster.ClusterRegistry clusters = service(io.cengjiyun.cluster.ClusterRegistry.class);
            Thread.currentThread().setContextClassLoader(clusters.getClass().getClassLoader()); // see ServerKindsIT
            io.fabric8.kubernetes.client.KubernetesClient kube =
                    clusters.connection(LOCAL_CLUSTER).client();
            waitForAssert(
                    () -> {
                        io.fabric8.kubernetes.api.model.ConfigMap map = kube.configMaps()
                                .inNamespace(service + "-dev")
                                .withName("greeter-hello")
                                .get();
                        assertTrue("ConfigMap greeter-hello exists", map != null);
                        assertEquals("hi", map.getData().get("greeting"));
                    },
                    Duration.ofSeconds(60));

            HttpResponse<String> bad = post(servers, greeter("bad", "5"));
            assertProblem(bad, 422);
            assertEquals(
                    bad.body(),
                    "hello.greeting",
                    body(bad).path("errors").path(0).path("field").asText());
            assertEquals(404, get(servers + "/bad").statusCode());

            Files.delete(dropped);
            waitForAssert(
                    () -> assertTrue("openapi no longer shows hello", helloSchema() == null), Duration.ofSeconds(30));
            HttpResponse<String> gone = post(servers, greeter("late", "\"hi\""));
            assertProblem(gone, 503);
            assertTrue(
                    gone.body(), gone.body().contains("'hello'") && gone.body().contains("io.cengjiyun.example.hello"));
            assertEquals("nothing stored", 404, get(servers + "/late").statusCode());
            assertEquals(204, delete(servers + "/greeter?stop=true").statusCode());
        } finally {
            Thread.currentThread().setContextClassLoader(testLoader);
            Files.deleteIfExists(dropped);
            waitForAssert(() -> assertStatus("/hello", 404), Duration.ofSeconds(30));
            deleteService(service);
        }
    }

    private static String greeter(String name, String greeting) {
        return "{\"name\": \"" + name + "\", \"kind\": \"Deployment\", \"replicas\": 0, \"containers\": [{\"name\":"
                + " \"app\", \"image\": \"cengjiyun.test/busybox:1\", \"imagePullPolicy\": \"Never\"}],"
                + " \"hello\": {\"greeting\": " + greeting + "}}";
    }

    /** The schema /openapi.json gives for the section hello, or null without one. */
    private com.fasterxml.jackson.databind.JsonNode helloSchema() {
        try {
            com.fasterxml.jackson.databind.JsonNode hello = body(get("/openapi.json"))
                    .path("components")
                    .path("schemas")
                    .path("ServerDefinition")
                    .path("properties")
                    .path("hello");
            return hello.isMissingNode() ? null : hello;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void assertStatus(String path, int status) {
        try {
            assertEquals(status, get(path).statusCode());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void assertShell(String command, String expected) {
        String out;
        try {
            out = gogo(command);
        } catch (Exception e) {
            out = String.valueOf(e.getMessage());
        }
        assertTrue(command + " printed: " + out, out.contains(expected));
    }
}
