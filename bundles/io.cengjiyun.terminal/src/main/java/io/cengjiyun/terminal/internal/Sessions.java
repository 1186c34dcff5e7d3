/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal.internal;

import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Stopping;
import io.cengjiyun.api.TooManyRequestsException;
import io.cengjiyun.database.Database;
import io.cengjiyun.security.Authentication;
import io.cengjiyun.terminal.TerminalSessionView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal sessions: the open ones of this runtime (their idle timeout, heartbeat and the per-user limit), their
 * rows in terminal_sessions, their audit records, and the services' settings.
 */
@Component(service = Sessions.class, configurationPid = TerminalConfig.PID)
public class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final Database db;
    private final Authentication auth;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, TerminalSession> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final ExecutorService work;
    final Duration idleTimeout;
    final Duration heartbeat;
    final int maxPerUser;
    final int maxTranscriptBytes;
    private volatile boolean stopped;

    @Activate
    public Sessions(@Reference Database db, @Reference Authentication auth, TerminalConfig config) {
        this.db = db;
        this.auth = auth;
        this.idleTimeout = Duration.ofSeconds(positive("idleTimeoutSeconds", config.idleTimeoutSeconds()));
        this.heartbeat = Duration.ofSeconds(positive("heartbeatSeconds", config.heartbeatSeconds()));
        this.maxPerUser = positive("maxSessionsPerUser", config.maxSessionsPerUser());
        this.maxTranscriptBytes = positive("maxTranscriptBytes", config.maxTranscriptBytes());
        db.migrate("terminal", "io.cengjiyun.terminal", Sessions.class.getClassLoader(), List.of("V1__terminal.sql"));
        // Alone (embedded Derby), every session still open in the table was this runtime's before it stopped. With
        // replicas (a shared database) they may be another replica's, open now: left as they are.
        int orphans = db.shared()
                ? 0
                : db.write("close the sessions the last run left open", c -> SessionRows.endOrphans(c, now()));
        if (orphans > 0) {
            LOG.info("{} terminal session(s) were open when the platform last stopped: marked ended", orphans);
        }
        AtomicInteger n = new AtomicInteger();
        this.work = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cengjiyun-terminal-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cengjiyun-terminal-ticker");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, Math.min(5, heartbeat.getSeconds()));
        ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.SECONDS);
    }

    /**
     * Registered by the launcher when the runtime begins to stop: every open terminal ends with the WebSocket's
     * "service restart" (1012), the hint to open it again, through the Service, on a replica that stays.
     */
    @Reference(
            service = BooleanSupplier.class,
            target = Stopping.TARGET,
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    void runtimeStopping(BooleanSupplier signal) {
        for (TerminalSession s : open.values()) {
            s.end("this replica of the platform is stopping: open the terminal again", StatusCode.SERVICE_RESTART);
        }
    }

    void unruntimeStopping(BooleanSupplier signal) {
        // nothing to undo: the sessions it ended are gone
    }

    @Deactivate
    void stop() {
        stopped = true;
        ticker.shutdownNow();
        for (TerminalSession s : open.values()) {
            s.end("the terminal bundle stopped");
        }
        work.shutdown();
        try {
            work.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    name + " of configuration " + TerminalConfig.PID + " is " + value + ": give a positive number");
        }
        return value;
    }

    Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** Runs the session's work on the pool; false when the pool is stopped (the component is going). */
    boolean start(Runnable task) {
        try {
            work.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Runs the session's ending on the pool, or here when the pool stopped: an ending is never skipped. */
    void finish(Runnable task) {
        if (!start(task)) {
            task.run();
        }
    }

    Authentication auth() {
        return auth;
    }

    static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Refuses a new terminal when the user has the most allowed open already. */
    void checkLimit(String user) {
        long mine = open.values().stream().filter(s -> s.user().equals(user)).count();
        if (mine >= maxPerUser) {
            throw new TooManyRequestsException(
                    "user '" + user + "' has " + mine + " terminals open, the most allowed" + " (maxSessionsPerUser of "
                            + TerminalConfig.PID + "): close one first",
                    5);
        }
    }

    public boolean recordsTranscripts(String service) {
        return db.read(
                "read the terminal settings of service '" + service + "'",
                c -> SessionRows.recordsTranscripts(c, service));
    }

    public void setRecordTranscripts(String service, boolean record, String by) {
        db.write("change the terminal settings of service '" + service + "'", c -> {
            SessionRows.setRecordTranscripts(c, service, record, by, now());
            return null;
        });
    }

    /** A session that opened its shell: kept until it ends, its row written now. */
    void opened(TerminalSession s) {
        open.put(s.id(), s);
        db.write("record terminal session " + s.id(), c -> {
            SessionRows.insert(c, s.view(), s.started());
            return null;
        });
        if (stopped) { // stop() ran while this shell opened and did not see it: end it, not leave it running
            s.end("the terminal bundle stopped");
        }
    }

    /** A session that ended: its row completed and its audit record written. */
    void ended(TerminalSession s, String reason, long in, long out, String transcript) {
        open.remove(s.id());
        Instant ended = now();
        try {
            db.write("record the end of terminal session " + s.id(), c -> {
                SessionRows.end(c, s.id(), ended, in, out, reason, transcript);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("Could not record the end of terminal session {}: {}", s.id(), e.getMessage());
        }
        double seconds = Duration.between(s.started(), ended).toMillis() / 1000.0;
        auth.audit(
                s.user(),
                s.address(),
                "TERMINAL",
                s.auditTarget(),
                s.target().service(),
                200,
                String.format(
                        java.util.Locale.ROOT,
                        "session %s, shell %s, %.1f s, bytes in %d, out %d%s; ended: %s",
                        s.id(),
                        s.shell(),
                        seconds,
                        in,
                        out,
                        transcript == null ? "" : ", transcript kept",
                        reason));
    }

    public List<TerminalSessionView> list(String service, boolean openOnly, int limit) {
        return db.read(
                "list the terminal sessions of service '" + service + "'",
                c -> SessionRows.list(c, service, openOnly, limit));
    }

    public String transcript(String service, String id) {
        TerminalSessionView view = db.read("read terminal session " + id, c -> SessionRows.find(c, service, id))
                .orElseThrow(() -> new NotFoundException("terminal session '" + id + "' of service '" + service + "'"));
        if (view.ended() == null) {
            throw new io.cengjiyun.api.ConflictException(
                    "terminal session '" + id + "' is still open: its transcript is kept when it ends");
        }
        return db.read("read the transcript of terminal session " + id, c -> SessionRows.transcript(c, service, id))
                .orElseThrow(() -> new NotFoundException("the transcript of terminal session '" + id
                        + "': the service did not keep transcripts when it ran (PUT .../terminal/settings"
                        + " {\"recordTranscripts\": true})"));
    }

    /** Ends an open session of this runtime (an administrator's decision). */
    public void close(String service, String id, String by) {
        TerminalSession s = open.get(id);
        if (s == null || !s.target().service().equals(service)) {
            throw new NotFoundException("open terminal session '" + id + "' of service '" + service + "'");
        }
        s.end("ended by " + by);
    }

    private void tick() {
        for (TerminalSession s : open.values()) {
            try {
                s.tick(idleTimeout, heartbeat);
            } catch (RuntimeException e) {
                LOG.warn("Terminal session {}: {}", s.id(), e.toString());
            }
        }
    }
}
