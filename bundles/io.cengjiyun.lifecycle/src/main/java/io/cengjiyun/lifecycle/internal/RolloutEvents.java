/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.DomainEvents;
import io.cengjiyun.api.event.Topics;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerStatus;
import io.cengjiyun.lifecycle.internal.rest.Rollouts;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes how the rollout an action started ended ({@link Topics#SERVER_ROLLOUT_DONE}, or
 * {@link Topics#SERVER_ROLLOUT_FAILED} when it failed or did not settle within the timeout), whether or not anyone
 * follows it. It follows the rollout as the SSE endpoint does ({@link Rollouts.Follow}), stepped by the informer news
 * of the server on one thread of its own; a newer rollout of the same server replaces the one followed.
 * <p>
 * The first read waits for the first news (or the keep-alive): right after an action the caches may still hold the
 * objects as they were, which would end a rollout that has not begun.
 * <p>
 * A server deleted (alone, or with its appmap or service) is followed no more: its rollout would never settle, so the
 * follower would stay until the timeout, reading the deleted server's state at every keep-alive, and then publish a
 * failure for a server that is gone.
 */
@Component(
        service = {RolloutEvents.class, EventHandler.class},
        property = {
            EventConstants.EVENT_TOPIC + "=" + Topics.SERVER_DELETED,
            EventConstants.EVENT_TOPIC + "=" + Topics.APPMAP_DELETED,
            EventConstants.EVENT_TOPIC + "=" + Topics.SERVICE_DELETED
        })
public class RolloutEvents implements EventHandler {
    /** As long as a follower of the SSE endpoint waits by default. */
    static final int TIMEOUT_SECONDS = 600;

    private static final Logger LOG = LoggerFactory.getLogger(RolloutEvents.class);

    /** Follows one server's rollout; steps run on the executor only. */
    private final class Watch {
        private final String key;
        private final Rollouts.Follow follow;
        private final long since = System.currentTimeMillis();
        private ClusterConnection.Subscription subscription;
        private ScheduledFuture<?> wakeUp;
        private boolean stopped;

        Watch(String key, Rollouts.Follow follow) {
            this.key = key;
            this.follow = follow;
        }

        void step() {
            if (stopped) {
                return;
            }
            try {
                if (follow.step()) {
                    stop();
                } else {
                    schedule();
                }
            } catch (RuntimeException e) {
                LOG.warn("Following the rollout of {} failed: {}", key, e.toString());
                stop();
            }
        }

        void schedule() {
            if (wakeUp != null) {
                wakeUp.cancel(false);
            }
            long delay = Math.max(1, follow.nextWakeUp() - System.currentTimeMillis());
            wakeUp = executor.schedule(this::step, delay, TimeUnit.MILLISECONDS);
        }

        void stop() {
            stopped = true;
            if (subscription != null) {
                subscription.close();
            }
            if (wakeUp != null) {
                wakeUp.cancel(false);
            }
            watches.remove(key, this);
        }
    }

    private final ServerRuntime runtime;
    private final ClusterRegistry clusters;
    private final DomainEvents events;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cengjiyun-rollout-events");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public RolloutEvents(
            @Reference ServerRuntime runtime, @Reference ClusterRegistry clusters, @Reference DomainEvents events) {
        this.runtime = runtime;
        this.clusters = clusters;
        this.events = events;
    }

    /** Stops following: the listeners leave the clusters first, so that none of them posts to a stopped executor. */
    @Deactivate
    void close() {
        executor.shutdownNow();
        watches.values().forEach(Watch::stop);
    }

    /**
     * Follows the rollout of the server as stored now (its revision is the one to reach) in the background and
     * publishes its end, naming the actor who started it.
     */
    public void watch(AppMap appMap, Server server, String actor) {
        String key = server.service() + "/" + server.appmap() + "/" + server.name();
        Rollouts.Follow follow =
                new Rollouts.Follow(() -> runtime.status(appMap, server), TIMEOUT_SECONDS, (name, status) -> {
                    if (name != null && !"progress".equals(name)) {
                        publish(server, actor, name, status);
                    }
                    return true;
                });
        executor.execute(() -> {
            Watch watch = new Watch(key, follow);
            Watch older = watches.put(key, watch);
            if (older != null) {
                older.stop();
            }
            try {
                watch.subscription = ServerChanges.of(clusters, appMap, server).subscribe(() -> {
                    if (!executor.isShutdown()) {
                        executor.execute(watch::step);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("Cannot follow the rollout of {}: {}", key, e.toString());
                watch.stop();
                return;
            }
            watch.schedule();
        });
    }

    /**
     * Stops following what was deleted: the server's rollout, or every rollout of the appmap or service. Only those
     * started before the deletion, so that a late event never stops the rollout of a server made again since.
     */
    @Override
    public void handleEvent(Event event) {
        DomainEvent e;
        try {
            e = DomainEvent.from(event);
        } catch (IllegalArgumentException bad) {
            return;
        }
        if (e.service() == null) {
            return;
        }
        String prefix = e.service() + "/" + (e.appmap() == null ? "" : e.appmap() + "/");
        String exact = e.appmap() != null && e.server() != null && Topics.SERVER_DELETED.equals(e.topic())
                ? prefix + e.server()
                : null;
        long before = e.timestamp().toEpochMilli();
        try {
            executor.execute(() -> watches.forEach((key, watch) -> {
                if ((exact == null ? key.startsWith(prefix) : key.equals(exact)) && watch.since <= before) {
                    watch.stop();
                }
            }));
        } catch (RejectedExecutionException stopped) {
            // deactivated: nothing is followed any more
        }
    }

    /** How many rollouts are followed now (for tests). */
    int following() {
        return watches.size();
    }

    private void publish(Server server, String actor, String ending, ServerStatus status) {
        events.publish(
                DomainEvent.builder("done".equals(ending) ? Topics.SERVER_ROLLOUT_DONE : Topics.SERVER_ROLLOUT_FAILED)
                        .server(server.service(), server.appmap(), server.name())
                        .kind(server.definition().kind())
                        .revision(server.version())
                        .actor(actor)
                        .state(status.state())
                        .cause("done".equals(ending) ? null : status.message())
                        .build());
    }
}
