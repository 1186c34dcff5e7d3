/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * kubectl of tools/kube-local, run as a person would run it against the local cluster: its own process, the
 * cluster's admin kubeconfig, and a fresh discovery cache each time (a cached one would hide what the API server
 * serves now).
 */
final class Kubectl {
    /** What a run printed (stdout and stderr together), its exit code and how long it took. */
    record Run(int exitCode, String output, Duration took) {
        @Override
        public String toString() {
            return "exit " + exitCode + " after " + took.toMillis() + " ms: " + output;
        }
    }

    private final Path kubectl;
    private final Path kubeconfig;

    Kubectl(Path kubeconfig) {
        this.kubectl = find();
        this.kubeconfig = kubeconfig;
    }

    /**
     * Runs kubectl with the arguments; a run that takes longer than {@code limit} is killed and fails the test: a
     * command that hangs is a bug here.
     */
    Run run(Duration limit, String... args) throws IOException, InterruptedException {
        Path cache = Files.createTempDirectory(RuntimeOptions.workDirectory(), "kubectl-cache");
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--cache-dir", cache.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        Path output = Files.createTempFile(RuntimeOptions.workDirectory(), "kubectl", ".out");
        builder.redirectOutput(output.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (!ended) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        if (!ended) {
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not end within " + limit.toSeconds()
                    + " s (killed); it printed: " + printed);
        }
        return new Run(process.exitValue(), printed, took);
    }

    /**
     * The kubectl that tools/kube-local built: where {@code kube-local env} puts it on the PATH, else its usual
     * place, else the system property {@code cengjiyun.kubectl}.
     */
    private static Path find() {
        String configured = System.getProperty("cengjiyun.kubectl");
        if (configured != null) {
            return Path.of(configured);
        }
        Path script = Path.of("..", "tools", "kube-local", "kube-local");
        if (Files.isExecutable(script)) {
            try {
                Process env = new ProcessBuilder(script.toString(), "env")
                        .redirectErrorStream(true)
                        .start();
                String printed = new String(env.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                env.waitFor(30, TimeUnit.SECONDS);
                for (String line : printed.lines().toList()) {
                    if (line.startsWith("export PATH=")) {
                        Path candidate =
                                Path.of(line.substring("export PATH=".length()).split(":")[0], "kubectl");
                        if (Files.isExecutable(candidate)) {
                            return candidate;
                        }
                    }
                }
            } catch (IOException e) {
                // fall back to the usual place
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Path usual = Path.of("/root/.cache/cengjiyun/kube-1.20.2/bin/kubectl");
        if (!Files.isExecutable(usual)) {
            throw new AssertionError("no kubectl of tools/kube-local: run tools/kube-local/kube-local up, or set"
                    + " -Dcengjiyun.kubectl=<path>");
        }
        return usual;
    }
}
