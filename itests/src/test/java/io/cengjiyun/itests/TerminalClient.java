/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A terminal client as a script would write one, with the JDK's WebSocket: bytes in binary frames, JSON control
 * messages in text frames. It keeps what the shell printed and the control messages it received.
 */
final class TerminalClient implements WebSocket.Listener {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    final LinkedBlockingQueue<JsonNode> controls = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    WebSocket socket;
    long sent;

    /** The answer of a refused upgrade: its status, or 101 when it was accepted. */
    record Upgrade(int status, TerminalClient client) {}

    static Upgrade open(HttpClient http, URI uri, Map<String, String> headers) {
        TerminalClient client = new TerminalClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20));
        headers.forEach(builder::header);
        try {
            client.socket = builder.buildAsync(uri, client).join();
            return new Upgrade(101, client);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return new Upgrade(refused.getResponse().statusCode(), null);
            }
            throw e;
        }
    }

    /** The next control message of the given type (others before it are skipped), within the time. */
    JsonNode await(String type, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            long left = Math.max(1, (end - System.nanoTime()) / 1_000_000);
            JsonNode m = controls.poll(Math.min(left, 200), TimeUnit.MILLISECONDS);
            if (m != null && type.equals(m.path("type").asText())) {
                return m;
            }
            if (m == null && closed.isDone() && controls.isEmpty()) { // nothing more will come
                throw new AssertionError("no '" + type + "' message: the terminal closed (" + closed.getNow("")
                        + "); output so far: " + output());
            }
        }
        throw new AssertionError("no '" + type + "' message within " + within + "; output so far: " + output());
    }

    /** Waits until the shell's output contains the text; returns the output. */
    String awaitOutput(String expected, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            String now = output();
            if (now.contains(expected)) {
                return now;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the terminal did not show '" + expected + "' within " + within + ": " + output());
    }

    /**
     * Types the command again every 2 s until the output contains the text, for what the cluster applies on its own
     * time: a resize reaches the container's terminal through the kubelet apart from the input, so a command typed at
     * once may still see the old size.
     */
    String awaitCommandOutput(String command, String expected, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (true) {
            type(command);
            long left = end - System.nanoTime();
            try {
                return awaitOutput(expected, Duration.ofNanos(Math.max(1, Math.min(left, 2_000_000_000L))));
            } catch (AssertionError notYet) {
                if (System.nanoTime() >= end) {
                    throw new AssertionError("the terminal did not show '" + expected + "' within " + within
                            + " (typing '" + command.strip() + "' every 2 s): " + output());
                }
            }
        }
    }

    void type(String keys) {
        byte[] bytes = keys.getBytes(StandardCharsets.UTF_8);
        sent += bytes.length;
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    void resize(int cols, int rows) {
        socket.sendText("{\"type\":\"resize\",\"cols\":" + cols + ",\"rows\":" + rows + "}", true)
                .join();
    }

    synchronized String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        synchronized (this) {
            output.write(bytes, 0, bytes.length);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            try {
                controls.add(JSON.readTree(text.toString()));
            } catch (java.io.IOException e) {
                throw new AssertionError("a text frame that is not JSON: " + text, e);
            }
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete("error " + error);
    }
}
