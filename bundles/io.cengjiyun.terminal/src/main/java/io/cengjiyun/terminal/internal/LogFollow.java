/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.terminal.LogLine;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A follow of a server's logs (or of one pod's, one container's): one stream per container instance, started for the
 * pods there are when it starts (their last {@code tail} lines first) and for every pod or container instance that
 * starts later (from its first line), so it keeps going across restarts and rolling updates. When a stream ends, a
 * notice says why (the container ended, the pod was deleted). The pods are seen through the informer caches' news,
 * not by polling. Lines reach the sink as they are read, from several threads, one at a time.
 */
public final class LogFollow implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogFollow.class);

    private final Targets targets;
    private final Target target;
    private final String pod;
    private final String container;
    private final LogQuery query;
    private final Consumer<LogLine> sink;
    private final ExecutorService readers;
    /** The container instances followed or done: pod uid, container, restart count. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    private final Map<String, LogWatch> open = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private ClusterConnection.Subscription subscription;

    private LogFollow(
            Targets targets,
            Target target,
            String pod,
            String container,
            LogQuery query,
            Consumer<LogLine> sink,
            ExecutorService readers) {
        this.targets = targets;
        this.target = target;
        this.pod = pod == null || pod.isEmpty() ? null : pod;
        this.container = container == null || container.isEmpty() ? null : container;
        this.query = query;
        this.sink = sink;
        this.readers = readers;
    }

    static LogFollow start(
            Targets targets,
            Target t,
            String pod,
            String container,
            LogQuery q,
            Consumer<LogLine> sink,
            ExecutorService readers) {
        LogFollow f = new LogFollow(targets, t, pod, container, q, sink, readers);
        f.subscription = t.connection().onChange(t.namespace(), f::changed);
        for (Pod p : t.pods()) {
            f.consider(p, true);
        }
        return f;
    }

    private void changed(HasMetadata o) {
        if (o instanceof Pod p && target.server().name().equals(Targets.label(p, Targets.SERVER_LABEL))) {
            readers.execute(() -> consider(p, false)); // never block the informer's thread
        }
    }

    /** Starts a stream for each container instance of the pod that runs (or ran) and has no stream yet. */
    private void consider(Pod p, boolean initial) {
        if (closed || (pod != null && !pod.equals(p.getMetadata().getName()))) {
            return;
        }
        for (io.fabric8.kubernetes.api.model.Container c : p.getSpec().getContainers()) {
            if (container != null && !container.equals(c.getName())) {
                continue;
            }
            ContainerStatus s = Targets.status(p, c.getName());
            if (s == null || (s.getState().getRunning() == null && s.getState().getTerminated() == null)) {
                continue;
            }
            int restarts = s.getRestartCount() == null ? 0 : s.getRestartCount();
            String key = p.getMetadata().getUid() + "/" + c.getName() + "/" + restarts;
            if (!seen.add(key)) {
                continue;
            }
            boolean joined = !initial;
            readers.execute(() -> follow(p, c.getName(), key, initial ? query.tail() : null, joined, restarts));
        }
    }

    private void follow(Pod p, String c, String key, Integer tail, boolean joined, int restarts) {
        String name = p.getMetadata().getName();
        if (joined) {
            emit(new LogLine(
                    name,
                    c,
                    null,
                    restarts > 0 ? "restarted (restart " + restarts + "): following it" : "started: following it",
                    false,
                    true));
        }
        LogQuery q = new LogQuery(
                tail, tail == null ? null : query.sinceTime(), tail == null ? null : query.sinceSeconds(), false, true);
        try (LogWatch watch = q.apply(target.connection()
                                .client()
                                .pods()
                                .inNamespace(target.namespace())
                                .withName(name)
                                .inContainer(c))
                        .watchLog();
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
            open.put(key, watch);
            String line;
            while (!closed && (line = reader.readLine()) != null) {
                emit(Logs.parse(name, c, line, false));
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.debug("The log stream of {}/{} ended: {}", name, c, e.toString());
            }
        } finally {
            open.remove(key);
        }
        if (!closed) {
            emit(new LogLine(name, c, null, "ended: " + why(p, c), false, true));
        }
    }

    /** Why a container's stream ended, from what the caches know now. */
    private String why(Pod p, String c) {
        try {
            List<Pod> now = targets.of(
                            target.service(),
                            target.appMap().name(),
                            target.server().name())
                    .pods();
            Pod current = now.stream()
                    .filter(x -> x.getMetadata().getUid().equals(p.getMetadata().getUid()))
                    .findFirst()
                    .orElse(null);
            if (current == null) {
                return "the pod was deleted";
            }
            if (current.getMetadata().getDeletionTimestamp() != null) {
                return "the pod is being deleted";
            }
            ContainerStatus s = Targets.status(current, c);
            if (s != null && s.getState().getTerminated() != null) {
                return "the container terminated ("
                        + s.getState().getTerminated().getReason() + ", exit code "
                        + s.getState().getTerminated().getExitCode() + ")";
            }
            return "the container stopped writing to its log";
        } catch (RuntimeException e) {
            return "the server is gone";
        }
    }

    private void emit(LogLine line) {
        if (closed) {
            return;
        }
        synchronized (sink) {
            try {
                sink.accept(line);
            } catch (RuntimeException e) {
                close(); // the client is gone
            }
        }
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        if (subscription != null) {
            subscription.close();
        }
        open.values().forEach(LogWatch::close);
        open.clear();
    }
}
