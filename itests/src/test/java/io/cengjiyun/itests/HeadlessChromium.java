/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven with the Chrome DevTools Protocol over the JDK's WebSocket client: what a
 * browser test needs inside the OSGi framework, where Selenium's jars (not bundles) cannot go. One page (a target
 * attached in flat mode); every call waits for its answer.
 *
 * <p>Only loopback: Chromium's own network features are switched off and the tests open pages on 127.0.0.1.
 */
final class HeadlessChromium implements AutoCloseable {
    /** The browser: Debian's package {@code chromium} ({@code -Dcengjiyun.chromium=...} names another). */
    static final Path BINARY = Path.of(System.getProperty("cengjiyun.chromium", "/usr/bin/chromium"));

    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final Path profile;
    /** The last lines Chromium wrote to its standard error. */
    private final Deque<String> output;

    private final List<String> console = new ArrayList<>();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final WebSocket socket;
    private final String session;

    private HeadlessChromium(Process process, Path profile, CompletableFuture<String> endpoint, Deque<String> output)
            throws IOException, InterruptedException {
        this.process = process;
        this.profile = profile;
        this.output = output;
        String url;
        try {
            url = endpoint.get(START.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(
                    "Chromium did not say where DevTools listens within " + START + " (" + e + "); it wrote: "
                            + output(),
                    e.getCause() == null ? e : e.getCause());
        }
        try {
            socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(url), new Listener())
                    .get(START.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot connect to Chromium's DevTools at " + url + ": " + e, e);
        }
        String target = call(null, "Target.createTarget", Map.of("url", "about:blank"))
                .path("targetId")
                .asText();
        session = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .path("sessionId")
                .asText();
        call("Page.enable", Map.of());
        call("Runtime.enable", Map.of());
        call("Log.enable", Map.of());
    }

    /**
     * Starts Chromium on a profile of its own in a new temporary folder; fails with what to install when the
     * binary is missing.
     */
    static HeadlessChromium start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("No Chromium at " + BINARY + ": the browser tests need Debian's chromium;"
                    + " install it with: apt-get install -y --no-install-recommends chromium"
                    + " (./test.sh does, as root)");
        }
        Path profile = Files.createTempDirectory("cengjiyun-chromium-");
        Process process;
        try {
            process = new ProcessBuilder(
                            BINARY.toString(),
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--no-first-run",
                            "--no-default-browser-check",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--disable-quic",
                            "--disable-extensions",
                            "--disable-dev-shm-usage",
                            "--window-size=1280,800",
                            "--user-data-dir=" + profile,
                            "--remote-debugging-address=127.0.0.1",
                            "--remote-debugging-port=0",
                            "about:blank")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            deleteTree(profile);
            throw e;
        }
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Deque<String> output = new ArrayDeque<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader err = new BufferedReader(
                            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = err.readLine()) != null) {
                            if (line.isBlank() || line.contains(":ERROR:dbus/")) {
                                continue; // no D-Bus in a test machine: noise
                            }
                            synchronized (output) {
                                output.addLast(line);
                                if (output.size() > 100) {
                                    output.removeFirst();
                                }
                            }
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                endpoint.complete(m.group(1));
                            }
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                    endpoint.completeExceptionally(new IOException("Chromium ended (exit " + exit(process) + ")"));
                },
                "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return new HeadlessChromium(process, profile, endpoint, output);
        } catch (IOException | RuntimeException e) {
            destroy(process);
            deleteTree(profile);
            throw e;
        }
    }

    /** Opens a page and waits until its document is loaded. */
    void navigate(String url) throws IOException {
        JsonNode navigated = call("Page.navigate", Map.of("url", url));
        if (navigated.hasNonNull("errorText")) {
            throw new IOException(
                    "cannot open " + url + ": " + navigated.get("errorText").asText());
        }
        long deadline = System.nanoTime() + CALL.toNanos();
        while (!"complete".equals(evaluate("document.readyState").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IOException(url + " did not finish loading within " + CALL);
            }
            pause(50);
        }
    }

    /** The value of a JavaScript expression in the page (promises awaited), as JSON; a thrown error fails. */
    JsonNode evaluate(String expression) throws IOException {
        JsonNode result =
                call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            JsonNode details = result.get("exceptionDetails");
            throw new IOException("the page threw on " + expression + ": "
                    + details.path("exception").path("description").asText(details.toString()));
        }
        return result.path("result").path("value");
    }

    /** Types text into the focused element, as an input method would (one input event). */
    void insertText(String text) throws IOException {
        call("Input.insertText", Map.of("text", text));
    }

    /** Presses and releases Enter in the focused element. */
    void pressEnter() throws IOException {
        for (String type : new String[] {"keyDown", "keyUp"}) {
            call(
                    "Input.dispatchKeyEvent",
                    type.equals("keyDown")
                            ? Map.of(
                                    "type",
                                    type,
                                    "key",
                                    "Enter",
                                    "code",
                                    "Enter",
                                    "windowsVirtualKeyCode",
                                    13,
                                    "nativeVirtualKeyCode",
                                    13,
                                    "text",
                                    "\r",
                                    "unmodifiedText",
                                    "\r")
                            : Map.of(
                                    "type",
                                    type,
                                    "key",
                                    "Enter",
                                    "code",
                                    "Enter",
                                    "windowsVirtualKeyCode",
                                    13,
                                    "nativeVirtualKeyCode",
                                    13));
        }
    }

    /** A PNG of the page as it is now: for the report of a failed test. */
    byte[] screenshot() throws IOException {
        return Base64.getDecoder()
                .decode(call("Page.captureScreenshot", Map.of("format", "png"))
                        .path("data")
                        .asText());
    }

    /** What the page logged (console and uncaught errors), and what Chromium wrote, for a failure's message. */
    String diagnostics() {
        synchronized (console) {
            return "page console: " + (console.isEmpty() ? "(nothing)" : String.join("\n  ", console))
                    + "\nChromium wrote: " + output();
        }
    }

    /** One DevTools call to the page; its result. */
    JsonNode call(String method, Map<String, Object> params) throws IOException {
        return call(session, method, params);
    }

    private JsonNode call(String sessionId, String method, Map<String, Object> params) throws IOException {
        int id = ids.incrementAndGet();
        ObjectNode message = json.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", json.valueToTree(params));
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            socket.sendText(message.toString(), true).get(CALL.toSeconds(), TimeUnit.SECONDS);
            JsonNode response = answer.get(CALL.toSeconds(), TimeUnit.SECONDS);
            if (response.has("error")) {
                throw new IOException(method + ": " + response.get("error"));
            }
            return response.path("result");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(method + ": no answer from Chromium (" + e + "); " + diagnostics(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(method + ": interrupted", e);
        } finally {
            pending.remove(id);
        }
    }

    private void received(String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (IOException e) {
            return;
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        String method = message.path("method").asText();
        JsonNode params = message.path("params");
        String line = null;
        if (method.equals("Runtime.consoleAPICalled")) {
            StringBuilder args = new StringBuilder(params.path("type").asText()).append(':');
            params.path("args")
                    .forEach(a -> args.append(' ')
                            .append(
                                    a.has("value")
                                            ? a.get("value").asText()
                                            : a.path("description").asText()));
            line = args.toString();
        } else if (method.equals("Runtime.exceptionThrown")) {
            JsonNode details = params.path("exceptionDetails");
            line = "uncaught: "
                    + details.path("exception")
                            .path("description")
                            .asText(details.path("text").asText());
        } else if (method.equals("Log.entryAdded")) {
            line = params.path("entry").path("text").asText();
        }
        if (line != null) {
            synchronized (console) {
                console.add(line);
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                received(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            pending.values()
                    .forEach(f ->
                            f.completeExceptionally(new IOException("DevTools closed: " + statusCode + " " + reason)));
            return null;
        }
    }

    private String output() {
        synchronized (output) {
            return output.isEmpty() ? "(nothing)" : "\n  " + String.join("\n  ", output);
        }
    }

    /** Ends Chromium and every process it started, and deletes its profile. */
    @Override
    public void close() {
        try {
            socket.sendText("{\"id\": " + ids.incrementAndGet() + ", \"method\": \"Browser.close\"}", true)
                    .get(5, TimeUnit.SECONDS);
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // ended below
        } finally {
            socket.abort();
            destroy(process);
            deleteTree(profile);
        }
    }

    private static void destroy(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // forced below
            }
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static String exit(Process process) {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static void deleteTree(Path root) {
        // Chromium's last helper may still write while it goes: try twice.
        for (int attempt = 0; attempt < 2 && Files.exists(root); attempt++) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // tried again
            }
            if (Files.exists(root)) {
                pause(200);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
