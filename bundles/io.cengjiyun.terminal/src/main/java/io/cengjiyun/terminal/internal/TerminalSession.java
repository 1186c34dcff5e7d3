/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.terminal.TerminalSessionView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One terminal: a browser's (or any client's) WebSocket joined to a shell in a container. Binary frames carry the
 * terminal's bytes both ways; text frames carry JSON: from the client {@code {"type":"resize","cols":C,"rows":R}},
 * to it {@code ready}, {@code exit}, {@code error} and {@code closing}. Whatever ends it (the client closes, its
 * network is lost, it stays idle, the shell exits, an administrator ends it), the shell's processes are ended in the
 * container and the session is audited with its byte counts.
 */
public final class TerminalSession implements Session.Listener.AutoDemanding, ExecSocket.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MISSED_PINGS = 3;

    private final Sessions sessions;
    private final String id = Sessions.newId();
    private final String user;
    private final String address;
    private final Target target;
    private final String pod;
    private final String podUid;
    private final String container;
    private volatile int cols;
    private volatile int rows;
    private final boolean record;

    private final AtomicLong in = new AtomicLong();
    private final AtomicLong out = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Set by the one call of {@link #finish} that ends the shell and audits the session. */
    private final AtomicBoolean finished = new AtomicBoolean();

    private volatile Instant started = Instant.now();
    private volatile long lastActivity = System.nanoTime();
    private volatile long lastPong = System.nanoTime();
    private volatile Session socket;
    private volatile ExecSocket exec;
    private volatile String shell;
    private volatile Transcript transcript;

    TerminalSession(
            Sessions sessions,
            String user,
            String address,
            Target target,
            String pod,
            String podUid,
            String container,
            int cols,
            int rows,
            boolean record) {
        this.podUid = podUid;
        this.sessions = sessions;
        this.user = user;
        this.address = address;
        this.target = target;
        this.pod = pod;
        this.container = container;
        this.cols = cols;
        this.rows = rows;
        this.record = record;
    }

    String id() {
        return id;
    }

    String user() {
        return user;
    }

    String address() {
        return address;
    }

    Target target() {
        return target;
    }

    String pod() {
        return pod;
    }

    String container() {
        return container;
    }

    String shell() {
        return shell;
    }

    Instant started() {
        return started;
    }

    /** What the audit log names as the session's target: the container, as a path of the REST API. */
    String auditTarget() {
        return target.path() + "/pods/" + pod + "/containers/" + container;
    }

    /** The session as it starts (its end and byte counts are written when it ends). */
    TerminalSessionView view() {
        return new TerminalSessionView(
                id,
                user,
                address,
                target.service(),
                target.appMap().name(),
                target.server().name(),
                pod,
                container,
                shell,
                started.toString(),
                null,
                in.get(),
                out.get(),
                null,
                transcript != null);
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.socket = session;
        if (!sessions.start(this::openShell)) { // the terminal bundle restarted (a new configuration) just now
            ended.set(true);
            session.close(
                    StatusCode.SERVICE_RESTART,
                    "the terminal service restarted: open the terminal again",
                    Callback.NOOP);
        }
    }

    private void openShell() {
        if (record) {
            transcript = new Transcript(cols, rows, sessions.now(), sessions.maxTranscriptBytes);
        }
        try {
            Shells.Opened opened = Shells.open(
                    target.connection().client(), target.namespace(), pod, podUid, container, id, cols, rows, this);
            started = sessions.now();
            exec = opened.exec();
            shell = opened.shell();
            sessions.opened(this);
            Map<String, Object> ready = new LinkedHashMap<>();
            ready.put("type", "ready");
            ready.put("session", id);
            ready.put("pod", pod);
            ready.put("container", container);
            ready.put("shell", shell);
            ready.put("recording", record);
            control(ready);
            if (ended.get()) { // the client left while the shell opened
                finish(endReason == null ? "the client left" : endReason);
            }
        } catch (Shells.NoShell e) {
            refuse(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refuse("the terminal was interrupted while its shell opened");
        } catch (RuntimeException e) {
            LOG.warn("Terminal {} could not open a shell", id, e);
            if (shell == null) {
                refuse("the shell could not be opened: " + e.getMessage());
            } else { // opened, but not recorded: end it rather than leave an unaudited shell
                control(Map.of("type", "error", "message", "the session could not be recorded: " + e.getMessage()));
                ended.set(true);
                finish("the session could not be recorded: " + e.getMessage());
            }
        }
    }

    /** Tells the client why there is no shell and closes; nothing ran in the container, so nothing is audited. */
    private void refuse(String message) {
        ended.set(true);
        control(Map.of("type", "error", "message", message));
        Session s = socket;
        if (s != null && s.isOpen()) {
            s.close(StatusCode.POLICY_VIOLATION, shorten(message), Callback.NOOP);
        }
        sessions.auth()
                .audit(user, address, "TERMINAL", auditTarget(), target.service(), 422, "no shell opened: " + message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        int n = payload.remaining();
        in.addAndGet(n);
        lastActivity = System.nanoTime();
        ExecSocket e = exec;
        if (e != null && !ended.get()) {
            byte[] bytes = new byte[n];
            payload.get(bytes);
            e.input(bytes, 0, n);
        }
        callback.succeed();
    }

    @Override
    public void onWebSocketText(String message) {
        lastActivity = System.nanoTime();
        JsonNode node;
        try {
            node = JSON.readTree(message);
        } catch (IOException e) {
            control(Map.of(
                    "type",
                    "error",
                    "message",
                    "a text frame must be JSON such as"
                            + " {\"type\":\"resize\",\"cols\":120,\"rows\":40}; terminal input goes in binary frames"));
            return;
        }
        if ("resize".equals(node.path("type").asText())) {
            int c = node.path("cols").asInt(-1);
            int r = node.path("rows").asInt(-1);
            if (c < 1 || c > 1000 || r < 1 || r > 1000) {
                control(Map.of("type", "error", "message", "resize needs cols and rows from 1 to 1000"));
                return;
            }
            cols = c;
            rows = r;
            ExecSocket e = exec;
            if (e != null) {
                e.resize(c, r);
            }
            Transcript t = transcript;
            if (t != null) {
                t.resize(c, r);
            }
        } else {
            control(Map.of(
                    "type",
                    "error",
                    "message",
                    "unknown message type '" + node.path("type").asText() + "': the terminal understands resize"));
        }
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        lastPong = System.nanoTime();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        end("the client closed the terminal (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason)
                + ")");
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        end("the connection to the client failed: " + cause.getMessage());
    }

    /** Called every few seconds: pings the client, ends the session when it stays idle or its client is gone. */
    void tick(Duration idle, Duration heartbeat) {
        long nanos = System.nanoTime();
        if (nanos - lastActivity > idle.toNanos()) {
            control(Map.of("type", "closing", "reason", "idle for " + idle.toSeconds() + " s"));
            end("idle for " + idle.toSeconds() + " s (idleTimeoutSeconds of " + TerminalConfig.PID + ")");
            return;
        }
        if (nanos - lastPong > heartbeat.toNanos() * MISSED_PINGS) {
            end("the client's network was lost: no answer to " + MISSED_PINGS + " pings in "
                    + heartbeat.toSeconds() * MISSED_PINGS + " s");
            return;
        }
        Session s = socket;
        if (s != null && s.isOpen()) {
            s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        }
    }

    private volatile String endReason;
    /** The WebSocket close code of the end: normal, or "service restart" (reconnect) when the runtime stops. */
    private volatile int endStatus = StatusCode.NORMAL;

    /** Ends the session once: closes both connections, ends the shell's processes, audits. */
    void end(String reason) {
        end(reason, StatusCode.NORMAL);
    }

    /** Ends the session once, closing the WebSocket with {@code status}. */
    void end(String reason, int status) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        endReason = reason;
        endStatus = status;
        if (shell == null) {
            return; // the shell is still opening: openShell finishes once it is open
        }
        finish(reason);
    }

    private void finish(String reason) {
        if (!finished.compareAndSet(false, true)) {
            return; // the client's end and the shell's opening may both get here
        }
        sessions.finish(() -> {
            Session s = socket;
            if (s != null && s.isOpen()) {
                s.close(endStatus, shorten(reason), Callback.NOOP);
            }
            ExecSocket e = exec;
            if (e != null) {
                e.close();
            }
            int killed = Shells.end(target.connection().client(), target.namespace(), pod, container, shell, id);
            String how = killed < 0
                    ? "; its processes could not be checked (the container may be gone)"
                    : killed == 0 ? "" : "; " + killed + " process(es) of the shell ended in the container";
            Transcript t = transcript;
            sessions.ended(this, reason + how, in.get(), out.get(), t == null ? null : t.text());
        });
    }

    private void control(Map<String, ?> message) {
        Session s = socket;
        if (s == null || !s.isOpen()) {
            return;
        }
        try {
            s.sendText(JSON.writeValueAsString(message), Callback.NOOP);
        } catch (IOException e) {
            LOG.debug("Terminal {}: {}", id, e.toString());
        }
    }

    private static String shorten(String reason) {
        // a close frame's reason has at most 123 bytes
        return reason.length() <= 100 ? reason : reason.substring(0, 97) + "...";
    }

    /**
     * The shell's output, sent on as a binary frame at once (on the exec's thread, no hand-off); the exec's next
     * message is asked for when Jetty has written this one, so a client that does not read slows the shell down.
     */
    @Override
    public void output(ExecSocket from, ByteBuffer data) {
        int len = data.remaining();
        out.addAndGet(len);
        lastActivity = System.nanoTime();
        byte[] copy = new byte[len];
        data.get(copy);
        Transcript t = transcript;
        if (t != null) {
            t.output(copy, 0, len);
        }
        Session s = socket;
        if (s == null || !s.isOpen()) {
            from.request();
            return;
        }
        s.sendBinary(
                ByteBuffer.wrap(copy),
                Callback.from(
                        from::request,
                        failed ->
                                end("the client stopped reading" + " the terminal's output: " + failed.getMessage())));
    }

    @Override
    public void ended(Integer code, String why) {
        if (shell == null) {
            return; // still choosing the shell: Shells.open reads the outcome
        }
        if (code != null) {
            control(Map.of("type", "exit", "code", code));
        }
        end(why);
    }
}
