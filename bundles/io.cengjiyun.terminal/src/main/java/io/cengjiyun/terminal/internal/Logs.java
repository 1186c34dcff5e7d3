/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.terminal.LogLine;
import io.cengjiyun.terminal.LogSearch;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The logs of a server's containers, read from the cluster as they are asked for (the platform keeps no copy): one
 * container's log, all of them merged in time order, a search over a bounded window, and a follow that keeps going
 * across restarts and rolling updates ({@link LogFollow}).
 */
@Component(service = Logs.class, configurationPid = TerminalConfig.PID)
@Designate(ocd = TerminalConfig.class)
public class Logs {
    /** Lines shown by a search at most. */
    public static final int MAX_SHOWN = 1000;
    /** The longest text or pattern a search takes, in characters. */
    public static final int MAX_QUERY = 1000;
    /** A search's time per line of text at most, against patterns that backtrack without end. */
    static final long MATCH_NANOS = 50_000_000L;

    private final Targets targets;
    private final int maxLines;
    private final ExecutorService readers;

    @Activate
    public Logs(@Reference Targets targets, TerminalConfig config) {
        this.targets = targets;
        this.maxLines = config.maxLogLines();
        AtomicInteger n = new AtomicInteger();
        this.readers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cengjiyun-logs-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void stop() {
        readers.shutdownNow();
    }

    public Targets targets() {
        return targets;
    }

    public int maxLines() {
        return maxLines;
    }

    /** One container's log as the kubelet streams it: the caller copies it on and closes it. */
    public InputStream stream(Target t, String pod, String container, LogQuery q) {
        Pod p = Targets.pod(t, pod);
        String c = Targets.container(t, p, container);
        if (q.previous()) {
            requirePrevious(p, c);
        }
        try {
            return q.apply(t.connection()
                            .client()
                            .pods()
                            .inNamespace(t.namespace())
                            .withName(p.getMetadata().getName())
                            .inContainer(c))
                    .getLogInputStream();
        } catch (KubernetesClientException e) {
            throw translate(e, p.getMetadata().getName(), c);
        }
    }

    /**
     * The lines of the server's containers (optionally one pod, one container) merged in time order; with
     * {@code previous}, the previous instance of every container that restarted comes first.
     */
    public List<LogLine> merged(Target t, String pod, String container, LogQuery q) {
        return merged(t, sources(t, pod, container, q.previous()), q);
    }

    private List<LogLine> merged(Target t, List<Source> sources, LogQuery q) {
        LogQuery stamped = q.withTimestamps();
        List<CompletableFuture<List<LogLine>>> reads = new ArrayList<>();
        for (Source s : sources) {
            reads.add(CompletableFuture.supplyAsync(() -> read(t, s, stamped.withPrevious(s.previous())), readers));
        }
        List<LogLine> all = new ArrayList<>();
        for (CompletableFuture<List<LogLine>> read : reads) {
            all.addAll(join(read));
        }
        all.sort(Comparator.comparing(Logs::instant)); // stable: one container's lines keep their order
        return all;
    }

    /** Searches the merged window for a substring (or a regular expression), the newest {@code limit} matches. */
    public LogSearch search(
            Target t, String pod, String container, LogQuery q, String query, boolean regex, int limit) {
        if (query == null || query.isEmpty()) {
            throw new ValidationException("q", "is missing: give the text (or with regex=true the pattern) to find");
        }
        if (query.length() > MAX_QUERY) {
            throw new ValidationException("q", "has " + query.length() + " characters: give at most " + MAX_QUERY);
        }
        if (limit < 1 || limit > MAX_SHOWN) {
            throw new ValidationException("limit", "is " + limit + ": give 1 to " + MAX_SHOWN + " lines");
        }
        Pattern pattern;
        try {
            pattern = regex ? Pattern.compile(query) : null;
        } catch (PatternSyntaxException e) {
            throw new ValidationException(
                    "q", "is not a regular expression: " + e.getDescription() + " at index " + e.getIndex());
        }
        List<Source> sources = sources(t, pod, container, q.previous());
        List<LogLine> lines = merged(t, sources, q);
        Deque<LogLine> shown = new ArrayDeque<>();
        int matches = 0;
        for (LogLine line : lines) {
            boolean found = pattern == null ? line.text().contains(query) : find(pattern, line.text(), query);
            if (found) {
                matches++;
                shown.addLast(line);
                if (shown.size() > limit) {
                    shown.removeFirst();
                }
            }
        }
        List<String> containers = sources.stream()
                .map(s -> s.pod() + "/" + s.container() + (s.previous() ? " (previous)" : ""))
                .toList();
        return new LogSearch(
                query,
                regex,
                q.tail() == null ? -1 : q.tail(),
                q.sinceTime() != null
                        ? q.sinceTime().toString()
                        : q.sinceSeconds() != null ? q.sinceSeconds() + "s" : null,
                containers,
                lines.size(),
                matches,
                matches > shown.size(),
                List.copyOf(shown));
    }

    /** Follows the server's logs (see {@link LogFollow}); close the answer to stop. */
    public LogFollow follow(Target t, String pod, String container, LogQuery q, Consumer<LogLine> sink) {
        if (pod != null && !pod.isEmpty()) {
            Targets.container(t, Targets.pod(t, pod), container); // 422 for a pod or container the server lacks
        }
        return LogFollow.start(targets, t, pod, container, q, sink, readers);
    }

    private static boolean find(Pattern pattern, String text, String query) {
        long deadline = System.nanoTime() + MATCH_NANOS;
        try {
            return pattern.matcher(new Deadlined(text, deadline)).find();
        } catch (Deadlined.TooSlow e) {
            throw new ValidationException(
                    "q", "'" + query + "' takes too long to match a line (it backtracks): give a simpler pattern");
        }
    }

    /** A container (or its previous instance) whose log a merged read takes. */
    record Source(String pod, String container, boolean previous) {}

    private List<Source> sources(Target t, String pod, String container, boolean previous) {
        List<Pod> pods = pod == null || pod.isEmpty() ? t.pods() : List.of(Targets.pod(t, pod));
        if (pods.isEmpty()) {
            throw new ValidationException(
                    "pod", "server '" + t.server().name() + "' has no pod now: there is no log to read");
        }
        List<Source> sources = new ArrayList<>();
        for (Pod p : pods) {
            List<String> names = container == null || container.isEmpty()
                    ? p.getSpec().getContainers().stream()
                            .map(io.fabric8.kubernetes.api.model.Container::getName)
                            .toList()
                    : List.of(Targets.container(t, p, container));
            for (String c : names) {
                ContainerStatus s = Targets.status(p, c);
                boolean started = s != null
                        && (s.getState().getRunning() != null || s.getState().getTerminated() != null);
                if (previous && s != null && s.getRestartCount() != null && s.getRestartCount() > 0) {
                    sources.add(new Source(p.getMetadata().getName(), c, true));
                }
                if (started) {
                    sources.add(new Source(p.getMetadata().getName(), c, false));
                }
            }
        }
        return sources;
    }

    private List<LogLine> read(Target t, Source s, LogQuery q) {
        List<LogLine> lines = new ArrayList<>();
        int max = q.tail() == null ? maxLines : Math.min(q.tail(), maxLines);
        try (InputStream in = q.apply(t.connection()
                                .client()
                                .pods()
                                .inNamespace(t.namespace())
                                .withName(s.pod())
                                .inContainer(s.container()))
                        .getLogInputStream();
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Deque<LogLine> window = new ArrayDeque<>();
            String line;
            while ((line = reader.readLine()) != null) {
                window.addLast(parse(s.pod(), s.container(), line, s.previous()));
                if (window.size() > max) {
                    window.removeFirst();
                }
            }
            lines.addAll(window);
        } catch (KubernetesClientException e) {
            throw translate(e, s.pod(), s.container());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** A line as the kubelet gives it with timestamps: {@code 2026-12-05T10:00:00.123456789Z text}. */
    static LogLine parse(String pod, String container, String line, boolean previous) {
        int space = line.indexOf(' ');
        if (space > 0 && line.charAt(space - 1) == 'Z') {
            return new LogLine(pod, container, line.substring(0, space), line.substring(space + 1), previous, false);
        }
        return new LogLine(pod, container, null, line, previous, false);
    }

    private static Instant instant(LogLine l) {
        try {
            return l.time() == null ? Instant.MIN : Instant.parse(l.time());
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    private static void requirePrevious(Pod p, String container) {
        ContainerStatus s = Targets.status(p, container);
        if (s == null || s.getRestartCount() == null || s.getRestartCount() == 0) {
            throw new ValidationException(
                    "previous",
                    "container '" + container + "' of pod '" + p.getMetadata().getName()
                            + "' has not restarted: it has no previous instance; leave out previous");
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** What the user can do about a failed log read. */
    static RuntimeException translate(KubernetesClientException e, String pod, String container) {
        int code = e.getCode();
        String what = "the log of container '" + container + "' of pod '" + pod + "'";
        if (code == 400) {
            return new ValidationException(
                    "container",
                    what + " cannot be read now (" + message(e) + "): the container may not have started yet");
        }
        if (code == 404) {
            return new ValidationException("pod", "pod '" + pod + "' is gone: list the server's pods again");
        }
        return new UnavailableException(what + " could not be read from the cluster: " + message(e), e);
    }

    static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
    }

    /** A line's text that stops a match running past its deadline. */
    static final class Deadlined implements CharSequence {
        static final class TooSlow extends RuntimeException {
            private static final long serialVersionUID = 1L;

            TooSlow() {
                super(null, null, false, false);
            }
        }

        private final CharSequence text;
        private final long deadline;

        Deadlined(CharSequence text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if (System.nanoTime() > deadline) {
                throw new TooSlow();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadlined(text.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
