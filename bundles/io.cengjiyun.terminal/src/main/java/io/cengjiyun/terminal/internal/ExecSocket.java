/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TTY exec in a container, spoken directly on the API server's WebSocket ({@code v4.channel.k8s.io}): the first
 * byte of each binary message is the channel (0 stdin, 1 stdout, 2 stderr, 3 the final status, 4 resize). The shell's
 * output goes to the {@link Sink} on the client's thread as it arrives, and the next message is asked for only when
 * the sink says it has passed it on ({@link #request}): a slow browser slows the shell, nothing queues without end.
 * This is fabric8's own WebSocket (its TLS, credentials and proxy settings), without the pipes and thread hand-offs of
 * its {@code ExecWatch}, which sit on every keystroke's way back.
 */
final class ExecSocket implements WebSocket.Listener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte STDIN = 0;
    private static final byte RESIZE = 4;

    /** Where the exec's news goes. */
    interface Sink {
        /** Output of the shell; call {@link ExecSocket#request} once it is passed on. */
        void output(ExecSocket exec, ByteBuffer data);

        /** The exec ended: its exit code if the container said one, and why. Called once. */
        void ended(Integer code, String why);
    }

    private final Sink sink;
    private final CompletableFuture<String> firstNews = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile WebSocket socket;
    private volatile Integer exitCode;
    private volatile String status;

    private ExecSocket(Sink sink) {
        this.sink = sink;
    }

    /** Opens the exec; the future fails if the API server refuses it (its message, e.g. a missing executable). */
    static CompletableFuture<ExecSocket> open(
            KubernetesClient client, String namespace, String pod, String container, List<String> command, Sink sink) {
        StringBuilder query = new StringBuilder("container=").append(encode(container));
        for (String c : command) {
            query.append("&command=").append(encode(c));
        }
        query.append("&stdin=true&stdout=true&tty=true");
        String master = client.getMasterUrl().toString().replaceAll("/+$", "");
        URI uri = WebSocket.toWebSocketUri(URI.create(
                master + "/api/v1/namespaces/" + encode(namespace) + "/pods/" + encode(pod) + "/exec?" + query));
        ExecSocket exec = new ExecSocket(sink);
        return client.getHttpClient()
                .newWebSocketBuilder()
                .subprotocol("v4.channel.k8s.io")
                .uri(uri)
                .buildAsync(exec)
                .thenApply(ws -> {
                    exec.socket = ws;
                    return exec;
                });
    }

    /**
     * Completes with null at the shell's first output (it runs), or with the status message if the exec ends first
     * (e.g. "executable file not found").
     */
    CompletableFuture<String> firstNews() {
        return firstNews;
    }

    void input(byte[] bytes, int off, int len) {
        ByteBuffer frame = ByteBuffer.allocate(len + 1);
        frame.put(STDIN).put(bytes, off, len).flip();
        send(frame);
    }

    void resize(int cols, int rows) {
        byte[] json = ("{\"Width\":" + cols + ",\"Height\":" + rows + "}").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer frame = ByteBuffer.allocate(json.length + 1);
        frame.put(RESIZE).put(json).flip();
        send(frame);
    }

    /** Asks for the next message of the exec (after the last output was passed on). */
    void request() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.request();
        }
    }

    void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(1000, "terminal closed");
        }
        end(null, "the terminal closed the exec");
    }

    private void send(ByteBuffer frame) {
        WebSocket ws = socket;
        if (ws != null && !ended.get()) {
            ws.send(frame);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request();
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteBuffer bytes) {
        if (!bytes.hasRemaining()) {
            webSocket.request();
            return;
        }
        byte channel = bytes.get();
        if (!bytes.hasRemaining()) { // the server opens each channel with an empty message
            webSocket.request();
            return;
        }
        if (channel == 1 || channel == 2) {
            firstNews.complete(null);
            sink.output(this, bytes);
            return;
        }
        if (channel == 3) {
            readStatus(StandardCharsets.UTF_8.decode(bytes).toString());
        }
        webSocket.request();
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        webSocket.request();
    }

    private void readStatus(String json) {
        try {
            JsonNode s = JSON.readTree(json);
            if ("Success".equals(s.path("status").asText())) {
                exitCode = 0;
                return;
            }
            status = s.path("message").asText(null);
            for (JsonNode cause : s.path("details").path("causes")) {
                if ("ExitCode".equals(cause.path("reason").asText())) {
                    exitCode = Integer.valueOf(cause.path("message").asText());
                }
            }
        } catch (IOException | NumberFormatException e) {
            status = json;
        }
    }

    @Override
    public void onClose(WebSocket webSocket, int code, String reason) {
        firstNews.complete(status == null ? "the exec ended at once" : status);
        end(
                exitCode,
                exitCode != null
                        ? "the shell exited with code " + exitCode
                        : status != null
                                ? "the exec ended: " + status
                                : "the cluster closed the shell's connection (" + code + ")");
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        String why = error.getMessage();
        if (error instanceof WebSocketHandshakeException refused && refused.getResponse() != null) {
            why = "the API server answered " + refused.getResponse().code() + " to the exec";
        }
        firstNews.complete(why == null ? error.toString() : why);
        end(null, "the connection to the container failed: " + why);
    }

    private void end(Integer code, String why) {
        if (ended.compareAndSet(false, true)) {
            sink.ended(code, why);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
