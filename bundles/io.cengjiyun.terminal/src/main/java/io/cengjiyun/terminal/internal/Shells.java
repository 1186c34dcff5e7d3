/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    record Opened(String shell, ExecSocket exec) {}

    /** Why no shell could be opened: none found, or the cluster refused. */
    static final class NoShell extends Exception {
        private static final long serialVersionUID = 1L;

        NoShell(String message) {
            super(message);
        }
    }

    /** The shell found last in a container (by pod uid and container): tried first next time. */
    private static final Map<String, String> FOUND = new ConcurrentHashMap<>();

    /**
     * Opens a terminal: tries each shell until one starts, the one found last in this container first. A shell runs
     * once it prints (its prompt); a missing one ends at once with the runtime's "executable file not found". The
     * shell's output goes to the sink from the first byte on.
     */
    static Opened open(
            KubernetesClient client,
            String namespace,
            String pod,
            String podUid,
            String container,
            String session,
            int cols,
            int rows,
            ExecSocket.Sink sink)
            throws NoShell, InterruptedException {
        if (!SAFE_ID.matcher(session).matches()) {
            throw new IllegalArgumentException("session id " + session);
        }
        String key = podUid + "/" + container;
        List<String> order = new ArrayList<>(CANDIDATES);
        String known = FOUND.get(key);
        if (known != null) {
            order.remove(known);
            order.add(0, known);
        }
        StringBuilder tried = new StringBuilder();
        for (String shell : order) {
            ExecSocket exec;
            try {
                exec = ExecSocket.open(
                                client,
                                namespace,
                                pod,
                                container,
                                List.of(
                                        shell,
                                        "-c",
                                        "export " + MARKER + "=" + session + " TERM=xterm-256color; exec " + shell),
                                sink)
                        .get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new NoShell(
                        "the cluster refused to open a shell: " + e.getCause().getMessage());
            } catch (TimeoutException e) {
                throw new NoShell("the cluster did not open a shell within 20 s: try again");
            }
            if (cols > 0 && rows > 0) {
                exec.resize(cols, rows);
            }
            String why;
            try {
                // the first output (a prompt) or the end; a shell that prints nothing for 2 s runs too
                why = exec.firstNews().get(2, TimeUnit.SECONDS);
            } catch (TimeoutException silent) {
                why = null;
            } catch (ExecutionException e) {
                why = e.getCause().getMessage();
            }
            if (why == null) {
                FOUND.put(key, shell);
                if (FOUND.size() > 10_000) {
                    FOUND.clear();
                }
                return new Opened(shell, exec);
            }
            exec.close();
            if (NOT_FOUND.matcher(why).find()) {
                tried.append(tried.length() == 0 ? "" : ", ").append(shell);
                continue;
            }
            throw new NoShell("the shell " + shell + " could not start: " + why);
        }
        FOUND.remove(key);
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
}
