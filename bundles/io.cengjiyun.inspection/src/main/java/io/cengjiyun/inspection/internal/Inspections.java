/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Revision;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.overview.AppMapOverviewSection;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.inspection.AppMapOverview;
import io.cengjiyun.inspection.Cause;
import io.cengjiyun.inspection.Diagnosis;
import io.cengjiyun.inspection.EventView;
import io.cengjiyun.inspection.FieldDrift;
import io.cengjiyun.inspection.Inspector;
import io.cengjiyun.inspection.Overviews;
import io.cengjiyun.inspection.RevisionDiff;
import io.cengjiyun.inspection.ServerHistory;
import io.cengjiyun.inspection.ServerObjectsView;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The inspector: views of {@link Snapshots}, with the state the lifecycle gives each server. */
@Component(service = {Inspector.class, Inspections.class})
public class Inspections implements Inspector {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Inspections.class);

    private final Snapshots snapshots;
    private final ServerRuntime runtime;
    private final RolloutHistory history;
    private final io.cengjiyun.lifecycle.ServerManager servers;

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    private final List<AppMapOverviewSection> sections = new CopyOnWriteArrayList<>();

    @Activate
    public Inspections(
            @Reference Snapshots snapshots,
            @Reference ServerRuntime runtime,
            @Reference RolloutHistory history,
            @Reference io.cengjiyun.lifecycle.ServerManager servers) {
        this.snapshots = snapshots;
        this.runtime = runtime;
        this.history = history;
        this.servers = servers;
    }

    /** The sections the running bundles add to the overview; one that fails is left out, with a warning. */
    private Map<String, Object> sections(String service, String appmap) {
        Map<String, Object> out = new TreeMap<>();
        for (AppMapOverviewSection section : sections) {
            try {
                Object value = section.of(service, appmap);
                if (value != null) {
                    out.put(section.name(), value);
                }
            } catch (RuntimeException e) {
                LOG.warn("The overview section {} of {}/{} failed: {}", section.name(), service, appmap, e.toString());
            }
        }
        return out;
    }

    /** The server's revisions, newest first, with their rollouts and the revision the cluster runs now. */
    public ServerHistory history(String service, String appmap, String name) {
        AppMap appMap = appMap(service, appmap);
        Server server = server(service, appmap, name);
        Map<Long, List<ServerHistory.Rollout>> rollouts = history.of(service, appmap, name);
        List<ServerHistory.Entry> entries = new ArrayList<>();
        for (Revision r : snapshots.store().listRevisions(service, appmap, name)) {
            entries.add(new ServerHistory.Entry(
                    r.number(),
                    r.author(),
                    r.createdAt() == null ? null : r.createdAt().toString(),
                    r.message(),
                    rollouts.getOrDefault(r.number(), List.of())));
        }
        Long running = null;
        try {
            HasMetadata controller = snapshots.controller(appMap, server);
            running = controller == null ? null : Views.platformRevision(controller);
        } catch (UnavailableException unreachable) {
            // the history is in the database: it is answered without the cluster
        }
        return new ServerHistory(name, running, entries);
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
            throw Snapshots.unreached("appmap '" + appmap + "'", c, e);
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
        return new AppMapOverview(
                service, appmap, ns, states, entries, podCount, readyCount, restarts, sections(service, appmap));
    }

    /**
     * The difference between two revisions of a server: {@code of} {@code definition} (the stored definitions) or
     * {@code objects} (what each renders on the appmap's cluster now).
     */
    public RevisionDiff diff(String service, String appmap, String name, long from, long to, String of) {
        AppMap appMap = appMap(service, appmap);
        server(service, appmap, name);
        Revision a = revision(service, appmap, name, from, "from");
        Revision b = revision(service, appmap, name, to, "to");
        var json = io.cengjiyun.rest.JsonMappers.json();
        var yaml = io.cengjiyun.rest.JsonMappers.yaml();
        try {
            if ("definition".equals(of)) {
                JsonNode ta = json.valueToTree(a.definition());
                JsonNode tb = json.valueToTree(b.definition());
                return new RevisionDiff(
                        name,
                        from,
                        to,
                        of,
                        Diffs.unified(
                                "revision " + from,
                                yaml.writeValueAsString(ta),
                                "revision " + to,
                                yaml.writeValueAsString(tb)),
                        Diffs.fields(ta, tb));
            }
            Map<String, JsonNode> ra = trees(appMap, runtime.render(appMap, at(appMap, a)));
            Map<String, JsonNode> rb = trees(appMap, runtime.render(appMap, at(appMap, b)));
            StringBuilder ya = new StringBuilder();
            StringBuilder yb = new StringBuilder();
            List<RevisionDiff.Change> changes = new ArrayList<>();
            java.util.Set<String> keys = new java.util.TreeSet<>(ra.keySet());
            keys.addAll(rb.keySet());
            for (String key : keys) {
                if (ra.containsKey(key)) {
                    ya.append("--- # ").append(key).append('\n').append(yaml.writeValueAsString(ra.get(key)));
                }
                if (rb.containsKey(key)) {
                    yb.append("--- # ").append(key).append('\n').append(yaml.writeValueAsString(rb.get(key)));
                }
                for (RevisionDiff.Change c : Diffs.fields(ra.get(key), rb.get(key))) {
                    changes.add(new RevisionDiff.Change(
                            key + (c.path().isEmpty() ? "" : ": " + c.path()), c.before(), c.after()));
                }
            }
            return new RevisionDiff(
                    name,
                    from,
                    to,
                    of,
                    Diffs.unified("revision " + from, ya.toString(), "revision " + to, yb.toString()),
                    changes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The server's field drift: its live objects against what its stored revision renders. */
    public FieldDrift drift(String service, String appmap, String name) {
        return compare(appMap(service, appmap), server(service, appmap, name)).drift();
    }

    /** A drift, and the live controller it was found on (null: not on the cluster, or the server stopped). */
    private record Compared(FieldDrift drift, JsonNode controller) {}

    private Compared compare(AppMap appMap, Server server) {
        if (runtime.stopped(appMap, server)) {
            return new Compared(new FieldDrift(server.name(), server.version(), "stopped", List.of()), null);
        }
        Map<String, JsonNode> rendered = trees(appMap, runtime.render(appMap, server));
        Map<String, JsonNode> live = trees(appMap, snapshot(appMap, server).all());
        String controllerKey = server.definition().kind().name() + "/" + server.name();
        java.util.Set<String> ignored =
                server.definition().autoscaling() != null ? java.util.Set.of("spec.replicas") : java.util.Set.of();
        List<FieldDrift.Field> fields = Drift.of(controllerKey, rendered, live, ignored);
        return new Compared(
                new FieldDrift(server.name(), server.version(), fields.isEmpty() ? "none" : "drifted", fields),
                live.get(controllerKey));
    }

    /**
     * Stores the live change as the server's next revision where the definition can express it (the controller's
     * replicas, containers and pod settings), and says which fields it cannot.
     */
    public Adoption adopt(String service, String appmap, String name, long expectedVersion, String author) {
        AppMap appMap = appMap(service, appmap);
        Server server = server(service, appmap, name);
        Compared compared = compare(appMap, server);
        JsonNode controller = compared.controller();
        var json = io.cengjiyun.rest.JsonMappers.json();
        com.fasterxml.jackson.databind.node.ObjectNode definition = json.valueToTree(server.definition());
        List<FieldDrift.Field> notAdopted = new ArrayList<>();
        java.util.Set<String> adopted = new java.util.TreeSet<>();
        for (FieldDrift.Field f : compared.drift().fields()) {
            String unit = f.definitionPath() == null ? null : Adoptions.unit(f.definitionPath());
            if (unit == null || controller == null || !Adoptions.set(definition, unit, controller)) {
                notAdopted.add(
                        f.definitionPath() == null
                                ? f
                                : new FieldDrift.Field(
                                        f.object(),
                                        f.path(),
                                        f.stored(),
                                        f.live(),
                                        null,
                                        "the definition has no such container: reconcile restores it"));
            } else {
                adopted.add(unit);
            }
        }
        if (adopted.isEmpty()) {
            return new Adoption(name, server.version(), List.of(), notAdopted);
        }
        ServerDefinition changed;
        try {
            changed = json.treeToValue(definition, ServerDefinition.class);
        } catch (java.io.IOException e) {
            throw new ValidationException(
                    "live", "the live change cannot be stored as a definition: " + e.getMessage());
        }
        Server stored = servers.update(
                service,
                appmap,
                changed,
                expectedVersion,
                author,
                "adopted from the cluster: " + String.join(", ", adopted));
        return new Adoption(name, stored.version(), List.copyOf(adopted), notAdopted);
    }

    /** Applies the stored revision again when the live objects drifted from it; answers the drift it found. */
    public FieldDrift reconcile(String service, String appmap, String name) {
        AppMap appMap = appMap(service, appmap);
        Server server = server(service, appmap, name);
        FieldDrift before = compare(appMap, server).drift();
        if ("drifted".equals(before.state())) {
            runtime.apply(appMap, server);
        }
        return before;
    }

    /** What adopt stored: the new revision (the same when nothing could be adopted), the fields taken and those left. */
    @Doc("What adopt stored: the server's revision now, the definition fields taken and those left")
    public record Adoption(
            @Doc(value = "The server's name", example = "web")
            String server,

            @Doc(
                    value = "The server's revision now: the one stored, or the same as before when nothing"
                            + " could be adopted",
                    example = "5")
            long revision,

            @Doc("The definition fields taken from the live controller, e.g. `replicas`," + " `containers[0].image`")
            List<String> adopted,

            @Doc("The drifted fields that were not taken, each with why")
            List<FieldDrift.Field> notAdopted) {}

    private Revision revision(String service, String appmap, String name, long number, String field) {
        return snapshots
                .store()
                .findRevision(service, appmap, name, number)
                .orElseThrow(() -> new ValidationException(
                        field,
                        "server '" + name + "' has no revision " + number + " (see its revisions: GET .../servers/"
                                + name + "/revisions)"));
    }

    /** The server as it was at a revision, for rendering. */
    private static Server at(AppMap appMap, Revision revision) {
        return new Server(
                appMap.service(),
                appMap.name(),
                revision.definition().name(),
                revision.number(),
                revision.definition(),
                revision.createdAt(),
                revision.createdAt(),
                revision.author());
    }

    /** Objects as JSON trees, by {@code Kind/name}, in that order. */
    private Map<String, JsonNode> trees(AppMap appMap, List<HasMetadata> objects) {
        var serialization = connection(appMap).client().getKubernetesSerialization();
        var json = io.cengjiyun.rest.JsonMappers.json();
        Map<String, JsonNode> out = new TreeMap<>();
        try {
            for (HasMetadata o : objects) {
                out.put(o.getKind() + "/" + o.getMetadata().getName(), json.readTree(serialization.asJson(o)));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Follows a server's events: hands {@code send} the entries there are now, oldest first, then each new or changed
     * one as the cluster reports it, for {@code seconds} or until {@code send} answers false (the reader went away).
     * {@code idle} runs when nothing came for {@code idleMillis} (a keep-alive) and ends the follow when it answers
     * false. Blocks the calling thread.
     */
    public void follow(
            String service,
            String appmap,
            String name,
            long seconds,
            long idleMillis,
            Predicate<EventView> send,
            java.util.function.BooleanSupplier idle)
            throws InterruptedException {
        AppMap appMap = appMap(service, appmap);
        Server server = server(service, appmap, name);
        Semaphore changed = new Semaphore(0);
        long end = System.currentTimeMillis() + seconds * 1000;
        Set<EventView> sent = new HashSet<>();
        try (ClusterConnection.Subscription subscription = connection(appMap)
                .onChange(appMap.effectiveNamespace(), o -> {
                    if (o instanceof io.fabric8.kubernetes.api.model.Event) {
                        changed.release();
                    }
                })) {
            while (true) {
                List<EventView> now =
                        new ArrayList<>(Events.merge(snapshot(appMap, server).events()));
                Collections.reverse(now);
                for (EventView e : now) {
                    if (sent.add(e) && !send.test(e)) {
                        return;
                    }
                }
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                if (changed.tryAcquire(Math.min(left, idleMillis), TimeUnit.MILLISECONDS)) {
                    changed.drainPermits();
                } else if (!idle.getAsBoolean()) {
                    return;
                }
            }
        }
    }

    /** A service's appmaps at a glance (an appmap whose cluster cannot be read says so). */
    public Overviews.ServiceOverview serviceOverview(String service) {
        if (snapshots.store().findService(service).isEmpty()) {
            throw new NotFoundException("service '" + service + "'");
        }
        List<Overviews.AppMapLine> lines = new ArrayList<>();
        for (AppMap a : snapshots.store().listAppMaps(service)) {
            try {
                AppMapOverview o = overview(service, a.name());
                int failing =
                        (int) o.servers().stream().filter(Inspections::failing).count();
                lines.add(new Overviews.AppMapLine(
                        a.name(), a.cluster(), o.namespace(), o.states(), failing, o.pods(), o.readyPods(), null));
            } catch (UnavailableException e) {
                lines.add(new Overviews.AppMapLine(
                        a.name(), a.cluster(), a.effectiveNamespace(), Map.of(), 0, 0, 0, e.getMessage()));
            }
        }
        return new Overviews.ServiceOverview(service, lines);
    }

    /** Every server's drift in an appmap, summed up. */
    public Overviews.AppMapDrift appMapDrift(String service, String appmap) {
        appMap(service, appmap);
        List<Overviews.ServerDriftLine> lines = new ArrayList<>();
        int drifted = 0;
        for (Server server : snapshots.store().listServers(service, appmap)) {
            try {
                FieldDrift d = drift(service, appmap, server.name());
                drifted += "drifted".equals(d.state()) ? 1 : 0;
                lines.add(new Overviews.ServerDriftLine(
                        server.name(), d.state(), d.fields().size(), null));
            } catch (UnavailableException e) {
                lines.add(new Overviews.ServerDriftLine(server.name(), "unknown", 0, e.getMessage()));
            }
        }
        return new Overviews.AppMapDrift(service, appmap, drifted, lines);
    }

    /**
     * A cluster's nodes: allocatable from the node cache, requests summed over all pods on each node (one list of the
     * pods of the cluster: the caches hold only the platform's).
     */
    public Overviews.ClusterNodes nodes(String cluster) {
        ClusterConnection c = snapshots.clusters().connection(cluster);
        List<io.fabric8.kubernetes.api.model.Node> nodes;
        try {
            nodes = c.cached(io.fabric8.kubernetes.api.model.Node.class, null);
        } catch (IllegalArgumentException e) {
            throw Snapshots.unreached("the nodes of cluster '" + cluster + "'", c, e);
        }
        List<Pod> all;
        try {
            all = c.client().pods().inAnyNamespace().list().getItems();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            throw new UnavailableException(
                    "the pods of cluster '" + cluster + "' cannot be listed: " + e.getMessage(), e);
        }
        List<Overviews.NodeLine> lines = new ArrayList<>();
        for (var node : nodes) {
            String name = node.getMetadata().getName();
            List<Pod> on = all.stream()
                    .filter(p -> name.equals(p.getSpec().getNodeName()))
                    .filter(p -> p.getStatus() == null
                            || !("Succeeded".equals(p.getStatus().getPhase())
                                    || "Failed".equals(p.getStatus().getPhase())))
                    .toList();
            lines.add(NodeLines.of(node, on));
        }
        lines.sort(Comparator.comparing(Overviews.NodeLine::name));
        return new Overviews.ClusterNodes(cluster, lines);
    }

    /** A raw object of the server, as the cluster has it (from the cache, which keeps no managedFields). */
    public HasMetadata raw(String service, String appmap, String name, String kind, String objectName) {
        AppMap appMap = appMap(service, appmap);
        Snapshot s = snapshot(appMap, server(service, appmap, name));
        for (HasMetadata o : s.all()) {
            if (o.getKind().equalsIgnoreCase(kind) && o.getMetadata().getName().equals(objectName)) {
                return o; // the caches keep no managedFields (the cluster bundle's LeanItemStore)
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
