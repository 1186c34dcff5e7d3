/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.DomainEvents;
import io.cengjiyun.api.event.Topics;
import io.cengjiyun.monitoring.MonitoringTopics;
import io.cengjiyun.monitoring.ServerUsage;
import io.cengjiyun.monitoring.WatchState;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
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
 * Evaluates every server's {@code watches} on each sampling round. The rules are read from the store once at start and
 * then on the server's domain events (never a read per round). A rule's condition must hold on every round for its
 * minutes; the watch then fires once ({@link MonitoringTopics#WATCH_FIRED}) and clears once when the condition goes
 * ({@link MonitoringTopics#WATCH_CLEARED}). Watch states live in memory: after a restart, a condition starts anew.
 */
@Component(
        service = {Watches.class, EventHandler.class},
        property = {
            EventConstants.EVENT_TOPIC + "=" + Topics.SERVER_ALL,
            EventConstants.EVENT_TOPIC + "=" + Topics.APPMAP_DELETED,
            EventConstants.EVENT_TOPIC + "=" + Topics.SERVICE_DELETED
        })
public final class Watches implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Watches.class);
    private static final Duration HOUR = Duration.ofHours(1);

    private final HierarchyStore store;
    private final DomainEvents events;
    private final Monitor monitor;
    private final Consumer<Monitor.Round> listener = this::evaluate;
    /** The rules, by service/appmap/server. */
    private final Map<String, List<WatchRule>> rules = new ConcurrentHashMap<>();
    /** The state of each rule, by service/appmap/server#index. */
    private final Map<String, State> states = new ConcurrentHashMap<>();
    /** Each watched server's restart totals of the last hour, oldest first. */
    private final Map<String, Deque<long[]>> restarts = new ConcurrentHashMap<>();

    private static final class State {
        Instant since;
        Instant firedAt;
        double value;
    }

    @Activate
    public Watches(@Reference HierarchyStore store, @Reference DomainEvents events, @Reference Monitor monitor) {
        this.store = store;
        this.events = events;
        this.monitor = monitor;
        for (Service service : store.listServices()) {
            for (AppMap appMap : store.listAppMaps(service.name())) {
                for (Server server : store.listServers(service.name(), appMap.name())) {
                    remember(server);
                }
            }
        }
        monitor.onRound(listener);
    }

    @Deactivate
    void deactivate() {
        monitor.removeListener(listener);
    }

    @Override
    public void handleEvent(Event event) {
        DomainEvent e;
        try {
            e = DomainEvent.from(event);
        } catch (RuntimeException bad) {
            return;
        }
        if (e.server() != null) {
            String key = e.service() + "/" + e.appmap() + "/" + e.server();
            if (Topics.SERVER_DELETED.equals(e.topic())) {
                forget(key + "/");
            } else if (Topics.SERVER_CREATED.equals(e.topic())
                    || Topics.SERVER_UPDATED.equals(e.topic())
                    || Topics.SERVER_ROLLED_BACK.equals(e.topic())) {
                try {
                    store.findServer(e.service(), e.appmap(), e.server())
                            .ifPresentOrElse(this::remember, () -> forget(key + "/"));
                } catch (RuntimeException failed) {
                    LOG.warn("The watches of {} were not re-read: {}", key, failed.getMessage());
                }
            }
        } else if (e.appmap() != null) {
            forget(e.service() + "/" + e.appmap() + "/");
        } else if (e.service() != null) {
            forget(e.service() + "/");
        }
    }

    private void remember(Server server) {
        String key = server.service() + "/" + server.appmap() + "/" + server.name();
        List<WatchRule> parsed =
                WatchRule.parse(server.definition().sections().get(WatchRule.SECTION), new ArrayList<>());
        List<WatchRule> before = parsed.isEmpty() ? rules.remove(key) : rules.put(key, parsed);
        if (before != null && !before.equals(parsed)) {
            states.keySet().removeIf(k -> k.startsWith(key + "#"));
        }
    }

    private void forget(String prefix) {
        rules.keySet().removeIf(k -> (k + "/").startsWith(prefix));
        states.keySet().removeIf(k -> (k.substring(0, k.indexOf('#')) + "/").startsWith(prefix));
        restarts.keySet().removeIf(k -> (k + "/").startsWith(prefix));
    }

    /** The watches firing in an appmap, by server. */
    List<WatchState> firing(String service, String appmap) {
        String prefix = service + "/" + appmap + "/";
        List<WatchState> out = new ArrayList<>();
        for (Map.Entry<String, List<WatchRule>> e : rules.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            for (int i = 0; i < e.getValue().size(); i++) {
                State s = states.get(e.getKey() + "#" + i);
                if (s != null && s.firedAt != null) {
                    out.add(new WatchState(
                            service,
                            appmap,
                            e.getKey().substring(prefix.length()),
                            e.getValue().get(i).text(),
                            s.since,
                            s.firedAt,
                            s.value));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(WatchState::server).thenComparing(WatchState::rule));
        return out;
    }

    /** The rules of a server, for the shell. */
    List<WatchRule> rules(String service, String appmap, String server) {
        return rules.getOrDefault(service + "/" + appmap + "/" + server, List.of());
    }

    private void evaluate(Monitor.Round round) {
        if (rules.isEmpty()) {
            return;
        }
        for (Aggregation.ClusterRound cluster : round.clusters()) {
            Map<String, List<Pod>> pods = new java.util.HashMap<>();
            for (Pod pod : cluster.pods()) {
                Map<String, String> l = pod.getMetadata().getLabels();
                if (l != null && l.get(Aggregation.SERVER_LABEL) != null && !Usages.terminated(pod)) {
                    pods.computeIfAbsent(
                                    l.get(Aggregation.SERVICE_LABEL) + "/" + l.get(Aggregation.APPMAP_LABEL) + "/"
                                            + l.get(Aggregation.SERVER_LABEL),
                                    k -> new ArrayList<>())
                            .add(pod);
                }
            }
            for (Map.Entry<String, List<Pod>> e : pods.entrySet()) {
                List<WatchRule> list = rules.get(e.getKey());
                if (list != null) {
                    evaluate(e.getKey(), list, e.getValue(), cluster, round.at());
                }
            }
        }
    }

    private void evaluate(
            String key, List<WatchRule> list, List<Pod> pods, Aggregation.ClusterRound cluster, Instant at) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        ServerUsage usage = Usages.server(name, pods, cluster.sample());
        long total = pods.stream().mapToLong(Aggregation::restarts).sum();
        Deque<long[]> history = restarts.computeIfAbsent(key, k -> new ArrayDeque<>());
        history.addLast(new long[] {at.toEpochMilli(), total});
        while (history.size() > 1 && history.peekFirst()[0] < at.minus(HOUR).toEpochMilli()) {
            history.removeFirst();
        }
        long lastHour = 0;
        long previous = -1;
        for (long[] h : history) {
            if (previous >= 0 && h[1] > previous) {
                lastHour += h[1] - previous;
            }
            previous = h[1];
        }
        boolean allReady = pods.stream().allMatch(Usages::ready);
        for (int i = 0; i < list.size(); i++) {
            WatchRule rule = list.get(i);
            Double value = switch (rule.metric()) {
                case "cpu" -> usage.cpuOfLimits();
                case "memory" -> usage.memoryOfLimits();
                case "restarts" -> (double) lastHour;
                default -> allReady ? 0.0 : 1.0;
            };
            boolean holds = value != null && ("notReady".equals(rule.metric()) ? value > 0 : value > rule.above());
            State s = states.computeIfAbsent(key + "#" + i, k -> new State());
            if (!holds) {
                if (s.firedAt != null) {
                    publish(
                            MonitoringTopics.WATCH_CLEARED,
                            key,
                            rule,
                            "CLEARED",
                            rule.text() + ": no longer (" + describe(rule, value) + ")",
                            at);
                }
                s.since = null;
                s.firedAt = null;
                continue;
            }
            if (s.since == null) {
                s.since = at;
            }
            s.value = "notReady".equals(rule.metric())
                    ? Duration.between(s.since, at).toSeconds() / 60.0
                    : value;
            if (s.firedAt == null && !at.isBefore(s.since.plus(Duration.ofMinutes(rule.forMinutes())))) {
                s.firedAt = at;
                publish(
                        MonitoringTopics.WATCH_FIRED,
                        key,
                        rule,
                        "FIRING",
                        rule.text() + ": " + describe(rule, s.value),
                        at);
            }
        }
    }

    private static String describe(WatchRule rule, Double value) {
        if (value == null) {
            return "not measured";
        }
        return switch (rule.metric()) {
            case "cpu", "memory" -> rule.metric() + " at " + Math.round(value * 10) / 10.0 + " % of the limits";
            case "restarts" -> value.longValue() + " restarts in the last hour";
            default -> "not ready for " + Math.round(value * 10) / 10.0 + " min";
        };
    }

    private void publish(String topic, String key, WatchRule rule, String state, String cause, Instant at) {
        String[] names = key.split("/", 3);
        LOG.info("Watch of {}: {}", key, cause);
        events.publish(DomainEvent.builder(topic)
                .server(names[0], names[1], names[2])
                .kind(rule.metric())
                .state(state)
                .cause(cause)
                .timestamp(at)
                .build());
    }
}
