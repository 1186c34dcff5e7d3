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
        Thread loop = new Thread(() -> {
            List<String> paths = List.of("/services/steady", "/hello", "/services", "/health");
            int i = 0;
            while (running.get()) {
                try {
                    HttpResponse<String> r = get(paths.get(i++ % paths.size()));
                    statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                } catch (Exception e) {
                    statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                }
            }
        }, "request-loop");
        loop.start();
        try {
            for (int round = 0; round < 2; round++) {
                Path dropped = deploy.resolve("example.jar");
                Files.copy(example, dropped, StandardCopyOption.REPLACE_EXISTING);
                waitForAssert(() -> assertStatus("/hello", 200), Duration.ofSeconds(30));
                assertTrue(get("/hello?name=ops").body().contains("Hello, ops"));
                assertEquals("the extension's resource asks for a signed-in user", 401, send(anonymous("/hello").GET()).statusCode());
                HttpResponse<String> undeclared = get("/hello/undeclared");
                assertEquals("a method that declares no @Allow is closed even to the platform administrator: "
                        + undeclared.body(), 403, undeclared.statusCode());
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
        statuses.forEach((status, count) -> assertTrue("no 5xx and no failed request, got " + statuses,
                status > 0 && status < 500));
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
