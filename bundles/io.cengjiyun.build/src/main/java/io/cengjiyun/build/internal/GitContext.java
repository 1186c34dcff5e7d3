/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.build.internal;

import io.cengjiyun.api.FieldError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A build's context fetched from a git repository reachable from the platform: one commit of it (a branch, a tag or a
 * commit id; the remote's HEAD by default), fetched at depth 1 by the machine's {@code git} into a folder of its own,
 * and made a tar.gz without its {@code .git}. Only https, http and git URLs without credentials: never a local path,
 * {@code file://} or {@code ext::} (git's own protocol allow-list says so too), no prompt, no system or user
 * configuration, no redirect to another host.
 */
final class GitContext {
    static final Set<String> SCHEMES = Set.of("https", "http", "git");
    private static final Pattern REF = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9._/-]{0,254}$");
    private static final Pattern COMMIT = Pattern.compile("^[0-9a-f]{40}$");

    /** Where a build's context comes from: the repository and the ref (null: the remote's HEAD). */
    record Source(String url, String ref) {
        String describe() {
            return "git " + url + (ref == null ? "" : " at " + ref);
        }
    }

    private GitContext() {}

    /** Every problem of a git source, naming the query parameters {@code git} and {@code ref}. */
    static List<FieldError> check(String url, String ref) {
        List<FieldError> errors = new ArrayList<>();
        if (url.length() > 2000 || url.chars().anyMatch(ch -> Character.isWhitespace(ch) || ch < 0x20)) {
            errors.add(new FieldError("git", "is not a URL: at most 2000 characters, no spaces"));
        } else {
            try {
                URI uri = new URI(url);
                if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))) {
                    errors.add(new FieldError(
                            "git",
                            "'" + url + "' is not an https, http or git URL: give the repository's address as the"
                                    + " platform reaches it, e.g. 'https://git.example.com/shop/web.git'"));
                } else if (uri.getHost() == null || uri.getHost().isBlank()) {
                    errors.add(new FieldError("git", "'" + url + "' names no host"));
                } else if (uri.getRawUserInfo() != null) {
                    errors.add(new FieldError(
                            "git",
                            "carries credentials: they would be kept in the build's history; give a repository the"
                                    + " platform reads without them"));
                }
            } catch (URISyntaxException e) {
                errors.add(new FieldError("git", "'" + url + "' is not a URL: " + e.getReason()));
            }
        }
        if (ref != null && (!REF.matcher(ref).matches() || ref.contains("..") || ref.endsWith(".lock"))) {
            errors.add(new FieldError(
                    "ref",
                    "'" + ref + "' is not a branch, tag or commit id: letters, digits, '.', '_', '/' and '-', e.g."
                            + " 'main', 'v1.4' or a 40-digit commit"));
        }
        return errors;
    }

    /**
     * Fetches the source into a folder of its own and answers it as a tar.gz; its output lines go to {@code output},
     * the commit fetched is the last ("Fetched ... commit <id>").
     *
     * @throws IllegalStateException saying what went wrong (unreachable, no such ref, too big)
     */
    static Fetched fetch(Source source, Consumer<String> output, int maxKiB, Duration timeout)
            throws InterruptedException {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("cengjiyun-build-git-");
            Path work = Files.createDirectory(dir.resolve("context"));
            long end = System.nanoTime() + timeout.toNanos();
            output.accept("Fetching " + source.describe());
            git(dir, work, end, output, "init", "--quiet");
            git(
                    dir,
                    work,
                    end,
                    output,
                    "fetch",
                    "--depth",
                    "1",
                    "--no-tags",
                    "--",
                    source.url(),
                    source.ref() == null ? "HEAD" : source.ref());
            git(dir, work, end, output, "checkout", "--quiet", "--detach", "FETCH_HEAD");
            String commit = run(dir, work, end, line -> {}, List.of("git", "rev-parse", "HEAD"), "git rev-parse")
                    .strip();
            if (!COMMIT.matcher(commit).matches()) {
                throw new IllegalStateException("git did not say which commit it fetched: " + commit);
            }
            Path tar = dir.resolve("context.tar.gz");
            run(
                    dir,
                    work,
                    end,
                    output,
                    List.of("tar", "-czf", tar.toString(), "--exclude=./.git", "-C", work.toString(), "."),
                    "tar");
            long size = Files.size(tar);
            if (size > maxKiB * 1024L) {
                throw new IllegalStateException("the repository's files are " + (size / 1024) + " KiB as a tar.gz;"
                        + " a context may be at most " + maxKiB + " KiB: build from a smaller repository or upload"
                        + " only what the Dockerfile uses");
            }
            output.accept("Fetched " + source.describe() + ": commit " + commit + " (" + (size / 1024) + " KiB)");
            return new Fetched(Files.readAllBytes(tar), commit);
        } catch (IOException e) {
            throw new IllegalStateException("fetching " + source.describe() + " failed: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                delete(dir);
            }
        }
    }

    /** The context and the commit it is of. */
    record Fetched(byte[] context, String commit) {}

    private static void git(Path home, Path work, long end, Consumer<String> output, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-c",
                "protocol.allow=never",
                "-c",
                "protocol.https.allow=always",
                "-c",
                "protocol.http.allow=always",
                "-c",
                "protocol.git.allow=always",
                "-c",
                "http.followRedirects=false",
                "-c",
                "advice.detachedHead=false"));
        command.addAll(List.of(args));
        run(home, work, end, output, command, "git " + args[0]);
    }

    /** Runs a command in {@code work} until {@code end}; its output, line by line, to {@code output}; answers it. */
    private static String run(
            Path home, Path work, long end, Consumer<String> output, List<String> command, String what)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString()); // no user configuration
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_ASKPASS", "/bin/false");
        env.put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "'" + command.get(0) + "' cannot be run on the platform's machine (" + e.getMessage() + "): install"
                            + " it (apt-get install git) to build from a git repository",
                    e);
        }
        StringBuilder all = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    all.append(line).append('\n');
                    output.accept(line);
                }
            } catch (IOException e) {
                // the process ended or was killed: what it wrote is kept
            }
        });
        reader.setDaemon(true);
        reader.start();
        boolean ended = false;
        try {
            ended = process.waitFor(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!ended) {
                throw new IllegalStateException("fetching the repository took longer than the time allowed: check that"
                        + " the platform reaches it, or build from a smaller one");
            }
        } finally {
            if (!ended) { // timed out or cancelled (destroying an ended process would close its output unread)
                process.destroyForcibly();
            }
            reader.join(5000);
        }
        if (process.exitValue() != 0) {
            String said = all.toString().strip();
            String last = said.lines().reduce((a, b) -> b).orElse("");
            throw new IllegalStateException(
                    what + " failed: " + (last.isEmpty() ? "exit code " + process.exitValue() : last));
        }
        return all.toString();
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind: the system's cleaner takes it
        }
    }
}
