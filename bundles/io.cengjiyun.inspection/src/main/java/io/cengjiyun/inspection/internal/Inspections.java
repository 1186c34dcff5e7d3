/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.inspection.AppMapOverview;
import io.cengjiyun.inspection.Cause;
import io.cengjiyun.inspection.Diagnosis;
import io.cengjiyun.inspection.EventView;
import io.cengjiyun.inspection.Inspector;
import io.cengjiyun.inspection.ServerObjectsView;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The inspector: views of {@link Snapshots}, with the state the lifecycle gives each server. */
@Component(service = {Inspector.class, Inspections.class})
public class Inspections implements Inspector {

    private final Snapshots snapshots;
    private final ServerRuntime runtime;

    @Activate
    public Inspections(@Reference Snapshots snapshots, @Reference ServerRuntime runtime) {
        this.snapshots = snapshots;
        this.runtime = runtime;
    }

    public AppMap appMapOf(String service, String appmap) {
        return snapshots.appMap(service, appmap);
    }

    private AppMap appMap(String service, String appmap) {
        return snapshots.appMap(service, appmap);
    }

    private Server server(String service, String appmap, String name) {
        return snapshots.server(service, appmap, name);
    }

    private ClusterConnection connection(AppMap appMap) {
        return snapshots.connection(appMap);
    }

    private Snapshot snapshot(AppMap appMap, Server server) {
        return snapshots.snapshot(appMap, server);
    }

    @Override
    public ServerObjectsView objects(String service, String appmap, String name) {
        AppMap appMap = appMap(service, appmap);
        Snapshot s = snapshot(appMap, server(service, appmap, name));
        ClusterConnection c = connection(appMap);
        return Views.objects(s, o -> toMap(c, o));
    }

    @Override
    public List<EventView> events(String service, String appmap, String name) {
        AppMap appMap = appMap(service, appmap);
        return Events.merge(snapshot(appMap, server(service, appmap, name)).events());
    }

    @Override
    public Diagnosis diagnose(String service, String appmap, String name) {
        AppMap appMap = appMap(service, appmap);
        Server server = server(service, appmap, name);
        ServerStatus status = runtime.status(appMap, server);
        List<Cause> causes = settledWell(status) ? List.of() : snapshots.causes(appMap, server);
        return new Diagnosis(name, status.state().name(), status.message(), causes);
    }

    @Override
    public AppMapOverview overview(String service, String appmap) {
        AppMap appMap = appMap(service, appmap);
        ClusterConnection c = connection(appMap);
        String ns = appMap.effectiveNamespace();
        Instant hourAgo = snapshots.clock().instant().minus(Duration.ofHours(1));
        Map<String, Integer> states = new TreeMap<>();
        List<AppMapOverview.Entry> entries = new ArrayList<>();
        int podCount = 0;
        int readyCount = 0;
        int restarts = 0;
        List<Pod> allPods;
        try {
            allPods = c.cached(Pod.class, ns);
        } catch (IllegalArgumentException e) {
            throw new UnavailableException(
                    "appmap '" + appmap + "' cannot be inspected: cluster '" + appMap.cluster()
                            + "' has not been reached yet (" + c.info().message() + ")",
                    e);
        }
        Map<String, List<Pod>> podsByServer = new TreeMap<>();
        for (Pod p : allPods) {
            String server = Collector.label(p, Collector.SERVER_LABEL);
            if (server != null && p.getMetadata().getDeletionTimestamp() == null) {
                podsByServer.computeIfAbsent(server, k -> new ArrayList<>()).add(p);
            }
        }
        for (Server server : snapshots.store().listServers(service, appmap)) {
            ServerStatus status = runtime.status(appMap, server);
            states.merge(status.state().name(), 1, Integer::sum);
            List<Pod> pods = podsByServer.getOrDefault(server.name(), List.of());
            int ready = (int) pods.stream().filter(Inspections::ready).count();
            podCount += pods.size();
            readyCount += ready;
            for (Pod p : pods) {
                restarts += restartsSince(p, hourAgo);
            }
            Cause cause = null;
            if (!settledWell(status)) {
                List<Cause> causes = snapshots.causes(appMap, server);
                cause = causes.isEmpty() ? null : causes.get(0);
            }
            entries.add(new AppMapOverview.Entry(
                    server.name(),
                    server.definition().kind().name(),
                    status.state().name(),
                    status.message(),
                    pods.size(),
                    ready,
                    cause));
        }
        entries.sort(Comparator.comparing((AppMapOverview.Entry e) -> failing(e) ? 0 : 1)
                .thenComparing(AppMapOverview.Entry::name));
        return new AppMapOverview(service, appmap, ns, states, entries, podCount, readyCount, restarts);
    }

    /**
     * Calls {@code changed} whenever an event of the appmap's namespace is added or changed (on an informer's thread;
     * it must return at once), until the subscription is closed.
     */
    public ClusterConnection.Subscription onEvent(String service, String appmap, Runnable changed) {
        AppMap appMap = appMap(service, appmap);
        return connection(appMap).onChange(appMap.effectiveNamespace(), o -> {
            if (o instanceof io.fabric8.kubernetes.api.model.Event) {
                changed.run();
            }
        });
    }

    /** A raw object of the server, as the cluster has it (from the cache), without managedFields. */
    public HasMetadata raw(String service, String appmap, String name, String kind, String objectName) {
        AppMap appMap = appMap(service, appmap);
        Snapshot s = snapshot(appMap, server(service, appmap, name));
        for (HasMetadata o : s.all()) {
            if (o.getKind().equalsIgnoreCase(kind) && o.getMetadata().getName().equals(objectName)) {
                HasMetadata copy =
                        connection(appMap).client().getKubernetesSerialization().clone(o);
                copy.getMetadata().setManagedFields(null);
                return copy;
            }
        }
        throw new NotFoundException(kind + " '" + objectName + "' of server '" + name + "' (its objects: "
                + s.all().stream()
                        .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                        .toList() + ")");
    }

    public String serialize(AppMap appMap, HasMetadata o, boolean yaml) {
        var serialization = connection(appMap).client().getKubernetesSerialization();
        return yaml ? serialization.asYaml(o) : serialization.asJson(o);
    }

    private static boolean failing(AppMapOverview.Entry e) {
        return e.cause() != null || "FAILED".equals(e.state()) || "ERROR".equals(e.state());
    }

    private static boolean settledWell(ServerStatus status) {
        return status.state() == ServerState.RUNNING
                || status.state() == ServerState.STOPPED
                || status.state() == ServerState.COMPLETED;
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null
                && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The restarts of a pod's containers whose last termination was after {@code since} (one each, at least). */
    private static int restartsSince(Pod p, Instant since) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        int n = 0;
        for (var cs : p.getStatus().getContainerStatuses()) {
            var last = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
            if (last != null
                    && last.getFinishedAt() != null
                    && Instant.parse(last.getFinishedAt()).isAfter(since)) {
                n += Math.max(1, Views.n(cs.getRestartCount()));
            }
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(ClusterConnection c, HasMetadata o) {
        return c.client().getKubernetesSerialization().convertValue(o, Map.class);
    }
}
