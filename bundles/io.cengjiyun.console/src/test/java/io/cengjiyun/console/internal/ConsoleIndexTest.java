/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleIndexTest {
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @TempDir
    Path dir;

    @Test
    void aBrowserNavigatingToAConsoleRouteGetsThePage() throws Exception {
        Answer answer = get("/services/shop/appmaps/dev", BROWSER);
        assertEquals(200, answer.status);
        assertEquals("<html>console</html>", answer.body());
        assertEquals("no-cache", answer.headers.get("Cache-Control"));
        assertEquals("text/html;charset=utf-8", answer.contentType);
    }

    @Test
    void theRootIsAConsoleRoute() throws Exception {
        assertEquals(200, get("/", BROWSER).status);
        assertEquals(200, get("", BROWSER).status);
    }

    @Test
    void eachTopLevelWordOwnsItselfAndWhatFollows() {
        for (String path :
                new String[] {"/services", "/services/", "/services/a/b", "/audit", "/clusters/local", "/users/ana"}) {
            assertTrue(ConsoleRoutes.isRoute(path), path);
        }
    }

    /** The page's router (web/src/router.js) and the runtime must agree on which paths are pages: a reload of one. */
    @Test
    void theConsolesRouterAndTheRuntimeNameTheSameTopLevelWords() throws IOException {
        String router = Files.readString(Path.of("web/src/router.js"), StandardCharsets.UTF_8);
        java.util.regex.Matcher roots = java.util.regex.Pattern.compile("export const ROOTS = \\[([^\\]]*)\\]")
                .matcher(router);
        assertTrue(roots.find(), "web/src/router.js declares ROOTS");
        java.util.List<String> words = new java.util.ArrayList<>();
        java.util.regex.Matcher word =
                java.util.regex.Pattern.compile("'([a-z-]+)'").matcher(roots.group(1));
        while (word.find()) {
            words.add(word.group(1));
        }
        assertEquals(ConsoleRoutes.ROOTS, words);
    }

    @Test
    void pathsOfTheRuntimeAreNotConsoleRoutes() {
        for (String path : new String[] {
            "/api/v1/services",
            "/api",
            "/metrics",
            "/health",
            "/terminal/",
            "/api/docs/",
            "/ws/v1/x",
            "/servicesx",
            "/favicon.ico"
        }) {
            assertFalse(ConsoleRoutes.isRoute(path), path);
        }
    }

    @Test
    void aConsoleRouteAskedAsJsonKeepsTheRuntimes404() throws Exception {
        Answer answer = get("/services/shop", "application/json");
        assertEquals(404, answer.status);
        assertNull(answer.error, "the runtime's error handler writes the problem, not this servlet");
        assertEquals("", answer.body());
    }

    @Test
    void aRequestAcceptingAnythingKeepsTheRuntimes404() throws Exception {
        assertEquals(404, get("/services", "*/*").status);
        assertEquals(404, get("/services", null).status);
    }

    @Test
    void aBundleBuiltWithoutItsPageSaysSo() throws Exception {
        Answer answer = new Answer();
        new ConsoleIndex(path -> null).doGet(request("/audit", BROWSER), answer.response());
        assertEquals(404, answer.status);
        assertTrue(answer.error.contains("not built"), answer.error);
    }

    @Test
    void thePageMaySpeakOnlyToItsOwnOriginAndItsTerminalSocket() throws Exception {
        String policy = get("/", BROWSER).headers.get("Content-Security-Policy");
        assertTrue(policy.contains("default-src 'self'"), policy);
        assertTrue(policy.contains("script-src 'self';"), "no inline script: " + policy);
        assertTrue(policy.contains("connect-src 'self' ws://console.test:8080 wss://console.test:8080;"), policy);
    }

    @Test
    void aHostThatIsNotAHostIsNotEchoedIntoThePolicy() {
        String policy = ConsoleRoutes.policy("evil; script-src *");
        assertTrue(policy.contains("connect-src 'self';"), policy);
        assertFalse(policy.contains("evil"), policy);
        assertTrue(ConsoleRoutes.policy("[::1]:18080").contains("ws://[::1]:18080"));
    }

    private Answer get(String path, String accept) throws IOException {
        Path index = Files.writeString(dir.resolve("index.html"), "<html>console</html>");
        URL url = index.toUri().toURL();
        Answer answer = new Answer();
        new ConsoleIndex(file -> file.equals(ConsoleIndex.INDEX) ? url : null)
                .doGet(request(path, accept), answer.response());
        return answer;
    }

    private static HttpServletRequest request(String path, String accept) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Host", "console.test:8080");
        if (accept != null) {
            headers.put("Accept", accept);
        }
        return (HttpServletRequest) Proxy.newProxyInstance(
                ConsoleIndexTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getRequestURI":
                            return path;
                        case "getContextPath":
                            return "";
                        case "getMethod":
                            return "GET";
                        case "getHeader":
                            return headers.get((String) args[0]);
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** What the servlet answered: status, headers, body, and the message of sendError. */
    private static final class Answer {
        int status = 200;
        String error;
        String contentType;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        String body() {
            return out.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse response() {
            ServletOutputStream stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    out.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {}
            };
            return (HttpServletResponse) Proxy.newProxyInstance(
                    ConsoleIndexTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "sendError":
                                status = (Integer) args[0];
                                error = args.length > 1 ? (String) args[1] : null;
                                return null;
                            case "setContentType":
                                contentType = (String) args[0];
                                return null;
                            case "setHeader":
                                headers.put((String) args[0], (String) args[1]);
                                return null;
                            case "getOutputStream":
                                return stream;
                            default:
                                throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }
    }
}
