/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecListener;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Shells in containers through the API server's exec: a terminal's shell (a TTY, the first of bash, sh, ash the
 * container has), a command without a TTY, and the end of a terminal's processes.
 *
 * <p>Closing an exec's connection does not end its process: the container runtime keeps the shell of a {@code kubectl
 * exec -it} whose client went away (seen on this cluster). So a terminal's shell carries the environment variable
 * {@value #MARKER}{@code =<session id>}, inherited by everything started from it, and {@link #end} kills every process
 * that has it.
 */
final class Shells {
    static final List<String> CANDIDATES = List.of("bash", "sh", "ash");
    static final String MARKER = "CJ_TERMINAL_SESSION";
    private static final Pattern NOT_FOUND =
            Pattern.compile("executable file not found|no such file or directory", Pattern.CASE_INSENSITIVE);
    private static final Pattern SAFE_ID = Pattern.compile("[a-f0-9]{16}");

    private Shells() {}

    /** An opened shell: its name and the exec. */
    record Opened(String shell, ExecWatch watch) {}

    /** Why no shell could be opened: none found, or the cluster refused. */
    static final class NoShell extends Exception {
        private static final long serialVersionUID = 1L;

        NoShell(String message) {
            super(message);
        }
    }

    /**
     * Opens a terminal: tries each shell until one starts. The exec's output goes to {@code out}; {@code ended} is
     * called once when the shell exits or the exec connection ends (exit code or null, and the reason).
     */
    static Opened open(
            KubernetesClient client,
            String namespace,
            String pod,
            String container,
            String session,
            int cols,
            int rows,
            OutputStream out,
            BiConsumer<Integer, String> ended)
            throws NoShell, InterruptedException {
        if (!SAFE_ID.matcher(session).matches()) {
            throw new IllegalArgumentException("session id " + session);
        }
        StringBuilder tried = new StringBuilder();
        for (String shell : CANDIDATES) {
            CompletableFuture<String> failure = new CompletableFuture<>();
            CompletableFuture<Void> opened = new CompletableFuture<>();
            Listener listener = new Listener(failure, opened, ended);
            ExecWatch watch;
            try {
                watch = client.pods()
                        .inNamespace(namespace)
                        .withName(pod)
                        .inContainer(container)
                        .redirectingInput()
                        .writingOutput(out)
                        .withTTY()
                        .usingListener(listener)
                        .exec(shell, "-c", "export " + MARKER + "=" + session + " TERM=xterm-256color; exec " + shell);
            } catch (RuntimeException e) {
                throw new NoShell("the cluster refused to open a shell: " + e.getMessage());
            }
            // A missing shell fails at once (the upgrade is refused or the error channel says so); a shell that
            // started keeps running. Wait for the connection, then briefly for such a failure.
            String why;
            try {
                CompletableFuture.anyOf(opened, failure).get(20, TimeUnit.SECONDS);
                why = failure.isDone() ? failure.getNow(null) : failure.get(300, TimeUnit.MILLISECONDS);
            } catch (TimeoutException started) {
                if (!opened.isDone()) {
                    watch.close();
                    throw new NoShell("the cluster did not open a shell within 20 s: try again");
                }
                listener.started(shell);
                if (cols > 0 && rows > 0) {
                    watch.resize(cols, rows);
                }
                return new Opened(shell, watch);
            } catch (ExecutionException e) {
                why = e.getCause().getMessage();
            }
            watch.close();
            if (why != null && NOT_FOUND.matcher(why).find()) {
                tried.append(tried.length() == 0 ? "" : ", ").append(shell);
                continue;
            }
            throw new NoShell("the shell " + shell + " could not start: " + why);
        }
        throw new NoShell("container '" + container + "' of pod '" + pod + "' has no shell: tried " + tried
                + ". Its image has none (a distroless or scratch image); read its logs instead, or add a debug"
                + " container with a shell to the server");
    }

    /** Runs a command without a TTY and waits for its end: its output, its errors and its exit code. */
    record Result(String out, String err, int exitCode) {}

    static Result run(
            KubernetesClient client, String namespace, String pod, String container, List<String> command, long seconds)
            throws InterruptedException, TimeoutException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods()
                .inNamespace(namespace)
                .withName(pod)
                .inContainer(container)
                .writingOutput(out)
                .writingError(err)
                .exec(command.toArray(String[]::new))) {
            Integer code = watch.exitCode().get(seconds, TimeUnit.SECONDS);
            return new Result(
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8),
                    code == null ? -1 : code);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Ends every process of a terminal session left in the container (the shell and what it started).
     *
     * @return how many processes were killed, or -1 if that could not be checked (the container is gone, say)
     */
    static int end(KubernetesClient client, String namespace, String pod, String container, String shell, String id) {
        if (!SAFE_ID.matcher(id).matches() || !CANDIDATES.contains(shell)) {
            throw new IllegalArgumentException("session " + id + " shell " + shell);
        }
        String script = "n=0; for p in /proc/[0-9]*; do if grep -q " + MARKER + "=" + id
                + " $p/environ 2>/dev/null; then kill -9 ${p#/proc/} 2>/dev/null && n=$((n+1)); fi; done; echo $n";
        try {
            Result r = run(client, namespace, pod, container, List.of(shell, "-c", script), 20);
            return Integer.parseInt(r.out().strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (TimeoutException | RuntimeException e) {
            return -1;
        }
    }

    /** Follows an exec: its opening, a failure to start, its end. */
    private static final class Listener implements ExecListener {
        private final CompletableFuture<String> failure;
        private final CompletableFuture<Void> opened;
        private final BiConsumer<Integer, String> ended;
        private volatile String shell;
        private volatile boolean done;

        Listener(CompletableFuture<String> failure, CompletableFuture<Void> opened, BiConsumer<Integer, String> ended) {
            this.failure = failure;
            this.opened = opened;
            this.ended = ended;
        }

        void started(String shell) {
            this.shell = shell;
        }

        @Override
        public void onOpen() {
            opened.complete(null);
        }

        @Override
        public void onFailure(Throwable t, Response response) {
            String why = t.getMessage();
            try {
                String body = response == null ? null : response.body();
                if (body != null && !body.isEmpty()) {
                    why = body;
                }
            } catch (java.io.IOException | RuntimeException e) {
                // the message will do
            }
            failure.complete(why == null ? t.toString() : why);
            end(null, "the connection to the container failed: " + why);
        }

        @Override
        public void onExit(int code, Status status) {
            String message = status == null ? null : status.getMessage();
            if (code != 0 && message != null) {
                failure.complete(message);
            }
            end(code, "the shell exited with code " + code);
        }

        @Override
        public void onClose(int code, String reason) {
            failure.complete(null);
            end(
                    null,
                    "the cluster closed the shell's connection (" + code + (reason == null ? "" : " " + reason) + ")");
        }

        private synchronized void end(Integer code, String why) {
            if (shell != null && !done) {
                done = true;
                ended.accept(code, why);
            }
        }
    }
}
