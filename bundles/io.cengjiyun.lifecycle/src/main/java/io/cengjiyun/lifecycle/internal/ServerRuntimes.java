/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerDeployment;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.Topics;
import io.cengjiyun.api.validation.Rules;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterInfo;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.database.Database;
import io.cengjiyun.lifecycle.ApiVersions;
import io.cengjiyun.lifecycle.ServerCauses;
import io.cengjiyun.lifecycle.ServerObjectContributor;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.cengjiyun.lifecycle.ServerState;
import io.cengjiyun.lifecycle.ServerStatus;
import io.cengjiyun.rest.OpenApiSchemas;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The server runtime on real clusters: builds a server's objects (controller, then every contributor's), applies
 * them by server-side apply, and carries out the lifecycle actions of ARCHITECTURE's table: the shared flow here,
 * what differs per kind in the kind's {@link KindHandler}. The observed state
 * comes from the cluster's informer caches. It is also the store's {@link ServerDeployment}: what the store keeps,
 * it runs. Immediate, so that its contributors stay bound while nobody holds it (a delayed component is disposed,
 * its references cleared, when its last user lets go). It hears of deleted servers, appmaps and services, so that what
 * stop remembered of them leaves its memory too (their rows went with them).
 */
@Component(
        service = {ServerRuntime.class, ServerDeployment.class, OpenApiSchemas.class, EventHandler.class},
        immediate = true,
        property = {
            EventConstants.EVENT_TOPIC + "=" + Topics.SERVER_DELETED,
            EventConstants.EVENT_TOPIC + "=" + Topics.APPMAP_DELETED,
            EventConstants.EVENT_TOPIC + "=" + Topics.SERVICE_DELETED
        })
public class ServerRuntimes implements ServerRuntime, ServerDeployment, OpenApiSchemas, EventHandler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerRuntimes.class);

    /** Seconds a rollout may make no progress before it is FAILED, where the definition does not say. */
    static final int DEFAULT_PROGRESS_DEADLINE = 600;
    /** How long an action waits for the informers to see what it did, so that the state it answers is current. */
    private static final Duration CACHE_WAIT = Duration.ofSeconds(3);

    /** How one object reaches the cluster: server-side apply; a seam for the mock API server, which cannot create by it. */
    @FunctionalInterface
    interface ObjectApply {
        ObjectApply SERVER_SIDE = (k, object) ->
                k.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();

        HasMetadata apply(KubernetesClient k, HasMetadata object);
    }

    private final ClusterRegistry clusters;
    private final StopRecords stops;
    private final ObjectApply objectApply;
    private final ObjectBuilder builder = new ObjectBuilder();
    private final Object[] locks = new Object[256];
    /** Every contributor there is now, as they come and go. */
    private volatile List<ServerObjectContributor> contributors = List.of();
    /** Which sections each contributor owns, and which bundle owned each section since the start. */
    private final Sections sections = new Sections();

    @Activate
    public ServerRuntimes(@Reference ClusterRegistry clusters, @Reference Database db) {
        this(
                clusters,
                StopRecords.of(migrated(db)),
                ObjectApply.SERVER_SIDE,
                List.of(),
                new ServerActionLocks(db, java.time.Clock.systemUTC(), ServerActionLocks.WAIT));
    }

    /** One action at a time per server across replicas on one PostgreSQL. */
    private final ServerActionLocks actionLocks;

    /**
     * For unit tests: a mock cluster, stop records in memory, how objects are applied there, the given contributors,
     * and {@link ServerActionLocks#none()} (one runtime).
     */
    ServerRuntimes(
            ClusterRegistry clusters,
            StopRecords stops,
            ObjectApply objectApply,
            List<ServerObjectContributor> contributors,
            ServerActionLocks actionLocks) {
        this.clusters = clusters;
        this.actionLocks = actionLocks;
        this.stops = stops;
        this.objectApply = objectApply;
        contributors.forEach(this::addContributor);
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    private static StopMemory migrated(Database db) {
        db.migrate(
                "lifecycle",
                "io.cengjiyun.lifecycle",
                ServerRuntimes.class.getClassLoader(),
                List.of(
                        "V1__lifecycle.sql",
                        "V2__stopped_servers_go_with_their_appmap.sql",
                        "V3__server_action_locks.sql"));
        return new StopMemory(db);
    }

    private final List<ServerCauses> causes = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * A deleted server's, appmap's or service's stop memory leaves memory. The rows are gone already: a server's own
     * delete forgot its row, an appmap's went with the appmap (the store deletes what references it). A status read
     * racing the delete may have loaded an entry again; it goes here.
     */
    @Override
    public void handleEvent(org.osgi.service.event.Event event) {
        DomainEvent e;
        try {
            e = DomainEvent.from(event);
        } catch (IllegalArgumentException bad) {
            return;
        }
        if (e.service() == null) {
            return;
        }
        if (Topics.SERVER_DELETED.equals(e.topic()) && e.appmap() != null && e.server() != null) {
            stops.dropGone(e.service(), e.appmap(), e.server());
        } else if (Topics.APPMAP_DELETED.equals(e.topic()) && e.appmap() != null) {
            stops.dropGone(e.service(), e.appmap(), null);
        } else if (Topics.SERVICE_DELETED.equals(e.topic())) {
            stops.dropGone(e.service(), null, null);
        }
    }

    @Reference(
            name = "causes",
            service = ServerCauses.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeCauses")
    void addCauses(ServerCauses found) {
        causes.add(found);
    }

    void removeCauses(ServerCauses gone) {
        causes.remove(gone);
    }

    @Reference(
            name = "contributors",
            service = ServerObjectContributor.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeContributor")
    synchronized void addContributor(ServerObjectContributor contributor) {
        sections.bound(contributor);
        List<ServerObjectContributor> now = new ArrayList<>(contributors);
        now.add(contributor);
        contributors = List.copyOf(now);
    }

    synchronized void removeContributor(ServerObjectContributor contributor) {
        List<ServerObjectContributor> now = new ArrayList<>(contributors);
        now.remove(contributor);
        contributors = List.copyOf(now);
    }

    /** The sections of the running contributors, each with its JSON Schema. */
    Map<String, String> sectionSchemas() {
        return Sections.schemas(contributors);
    }

    /**
     * For {@code /openapi.json}: {@code ServerDefinition} with the schema of each running contributor's section under
     * {@code properties}.
     */
    @Override
    public Map<String, Object> schemas() {
        return Map.of("ServerDefinition", Sections.definitionSchema(sectionSchemas()));
    }

    // --- the store's deployment

    @Override
    public List<FieldError> validateSections(AppMap appMap, ServerDefinition definition) {
        List<FieldError> errors = new ArrayList<>();
        for (ServerObjectContributor contributor : contributorsFor(definition)) {
            errors.addAll(contributor.validate(appMap, definition));
        }
        return errors;
    }

    @Override
    public List<HasMetadata> render(AppMap appMap, Server server) {
        BuiltServerObjects objects =
                buildOnly(appMap, server, server.definition().replicas(), "render");
        KindHandler.annotations(objects.controller().getMetadata()).remove(APPLIED_AT_ANNOTATION);
        return objects.objects();
    }

    @Override
    public void check(AppMap appMap, ServerDefinition definition) {
        Server candidate = new Server(
                appMap.service(), appMap.name(), definition.name(), 0, definition, Instant.now(), Instant.now(), null);
        buildOnly(appMap, candidate, 1, "check"); // the contributors check what they make; nothing is applied
    }

    /** The objects the server's definition makes, with the running contributors; nothing is sent to the cluster. */
    private BuiltServerObjects buildOnly(AppMap appMap, Server server, Integer replicas, String what) {
        List<ServerObjectContributor> using = contributorsFor(server.definition());
        ClusterConnection c = clusters.connection(appMap.cluster());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ServerRuntimes.class.getClassLoader());
        try {
            return build(c, using, appMap, server, replicas, false);
        } catch (KubernetesClientException e) {
            throw translate(appMap, server, what, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void deploy(AppMap appMap, Server server) {
        apply(appMap, server);
    }

    @Override
    public void undeploy(AppMap appMap, Server server, boolean stop, boolean volumes) {
        delete(appMap, server, stop, volumes);
    }

    // --- actions

    @Override
    public ServerStatus apply(AppMap appMap, Server server) {
        List<ServerObjectContributor> using = contributorsFor(server);
        return action(appMap, server, "apply", () -> using, s -> {
            boolean stopped = s.stopped().isPresent();
            handler(server).apply(s, stopped);
        });
    }

    @Override
    public ServerStatus stop(AppMap appMap, Server server) {
        // a kind that applies to stop (CronJob) needs its contributors, the others do not
        return action(
                appMap,
                server,
                "stop",
                () -> contributorsFor(server),
                s -> handler(server).stop(s));
    }

    @Override
    public ServerStatus start(AppMap appMap, Server server) {
        List<ServerObjectContributor> using = contributorsFor(server);
        return action(appMap, server, "start", () -> using, s -> {
            handler(server).start(s, s.stopped());
            stops.forget(appMap.service(), appMap.name(), server.name());
        });
    }

    @Override
    public ServerStatus restart(AppMap appMap, Server server) {
        List<ServerObjectContributor> using = contributorsFor(server);
        return action(appMap, server, "restart", () -> using, s -> {
            if (s.stopped().isPresent()) {
                throw new ConflictException(
                        "server '" + server.name() + "' is stopped: start it (it starts with new pods)");
            }
            handler(server).restart(s);
        });
    }

    @Override
    public ServerStatus scale(AppMap appMap, Server server, int replicas) {
        KindHandler handler = handler(server);
        if (!handler.scalable()) {
            throw new ValidationException(
                    "replicas",
                    "a " + handler.kind() + " has no replicas to scale: only Deployment and" + " StatefulSet do");
        }
        if (replicas < 0 || replicas > Rules.MAX_REPLICAS) {
            throw new ValidationException("replicas", replicas + " is out of range: give 0 to " + Rules.MAX_REPLICAS);
        }
        if (server.definition().autoscaling() != null) {
            throw new ConflictException("server '" + server.name() + "' is autoscaled: change the autoscaling bounds"
                    + " instead, or turn autoscaling off");
        }
        return action(appMap, server, "scale", () -> contributorsFor(server), s -> handler.scale(s, replicas));
    }

    @Override
    public void delete(AppMap appMap, Server server, boolean stop, boolean volumes) {
        action(appMap, server, "delete", () -> contributorsFor(server), s -> {
            ClusterConnection c = s.cluster();
            String ns = s.namespace();
            String name = s.name();
            KindHandler handler = handler(server);
            ServerStatus now = status(appMap, server);
            boolean idle = s.stopped().isPresent()
                    || handler.cachedController(c, ns, name) == null
                    || now.state() == ServerState.STOPPED
                    || now.state() == ServerState.COMPLETED;
            if (!idle && !stop) {
                throw new ConflictException(
                        "server '" + name + "' is " + now.state() + " (" + now.message() + "): stop it"
                                + " first, or delete it with stop (?stop=true, or cj:deleteServer --stop). Nothing was deleted.");
            }
            KubernetesClient k = c.client();
            for (HasMetadata object : serverObjects(c, ns, name)) {
                k.resource(object)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                        .delete();
            }
            handler.deleteController(c, ns, name); // even if the informers have not seen it yet
            s.deleteAutoscaler();
            if (volumes) {
                k.persistentVolumeClaims()
                        .inNamespace(ns)
                        .withLabel(Labels.SERVER, name)
                        .delete();
            }
            stops.forget(appMap.service(), appMap.name(), name);
        });
    }

    @Override
    public ServerStatus reconcile(AppMap appMap, Server server) {
        ServerStatus now = status(appMap, server);
        if (now.drift() == null) {
            return now;
        }
        return apply(appMap, server);
    }

    // --- state

    @Override
    public boolean stopped(AppMap appMap, Server server) {
        return stops.find(appMap.service(), appMap.name(), server.name()).isPresent();
    }

    @Override
    public ServerStatus status(AppMap appMap, Server server) {
        ClusterConnection c = clusters.connection(appMap.cluster());
        String ns = appMap.effectiveNamespace();
        String name = server.name();
        ServerKind kind = server.definition().kind();
        KindHandler handler = handler(server);
        boolean stopped = stops.find(appMap.service(), appMap.name(), name).isPresent();
        List<Pod> pods = c.cached(Pod.class, ns).stream()
                .filter(p -> p.getMetadata().getLabels() != null
                        && name.equals(p.getMetadata().getLabels().get(Labels.SERVER)))
                .toList();
        HasMetadata controller = handler.cachedController(c, ns, name);
        ServerStatus status = handler.state(controller, stopped, pods);
        status = stalled(status, controller, server.definition(), pods);
        Long applied = controller == null ? null : revisionOf(controller);
        String drift = null;
        if (!stopped && controller == null) {
            drift = "its " + kind + " is not on the cluster (deleted outside the platform, or never applied): reconcile"
                    + " applies revision " + server.version();
        } else if (controller != null && (applied == null || applied != server.version())) {
            drift = "the cluster runs "
                    + (applied == null ? "objects the platform did not apply" : "revision " + applied)
                    + ", the stored definition is revision " + server.version() + ": reconcile applies it";
        }
        status = status.withRevisions(server.version(), applied, drift);
        status = withCause(appMap, server, status);
        ClusterInfo info = c.info();
        if (!info.reachable()) {
            String why = info.message() == null ? "cluster '" + appMap.cluster() + "' does not answer" : info.message();
            String seen = info.answeredAt() == null ? "" : " at " + info.answeredAt();
            status = status.unknown(
                    why + ". Last seen" + seen + ": " + status.state() + ", " + status.message(), info.answeredAt());
        }
        return status;
    }

    /** A server on its way (or failed) with the first cause a {@link ServerCauses} names at the head of its message. */
    private ServerStatus withCause(AppMap appMap, Server server, ServerStatus status) {
        if (!(status.state() == ServerState.DEPLOYING
                || status.state() == ServerState.UPDATING
                || status.state() == ServerState.FAILED
                || status.state() == ServerState.PENDING)) {
            return status;
        }
        for (ServerCauses source : causes) {
            try {
                String cause = source.firstCause(appMap, server, status);
                if (cause != null && !cause.isBlank()) {
                    return status.with(
                            status.state(),
                            status.message() != null && status.message().contains(cause)
                                    ? status.message()
                                    : cause + " (" + status.message() + ")");
                }
            } catch (RuntimeException e) {
                LOG.debug("Naming the cause of server {} failed: {}", server.name(), e.toString());
            }
        }
        return status;
    }

    /**
     * A rollout that has not finished within its progress deadline, with pods that are stuck, is FAILED. Kubernetes
     * says so for a Deployment itself (condition ProgressDeadlineExceeded); StatefulSets, DaemonSets and Jobs have no
     * such deadline, so it is counted from when the platform last applied them.
     */
    static ServerStatus stalled(ServerStatus status, HasMetadata controller, ServerDefinition def, List<Pod> pods) {
        if (controller == null
                || controller instanceof Deployment
                || !(status.state() == ServerState.DEPLOYING
                        || status.state() == ServerState.UPDATING
                        || (controller instanceof Job && status.state() == ServerState.RUNNING))) {
            return status;
        }
        String trouble = States.podTrouble(pods);
        Instant appliedAt = appliedAt(controller);
        if (trouble == null || appliedAt == null) {
            return status;
        }
        int deadline = def.updateStrategy() != null && def.updateStrategy().progressDeadlineSeconds() != null
                ? def.updateStrategy().progressDeadlineSeconds()
                : DEFAULT_PROGRESS_DEADLINE;
        if (Instant.now().isAfter(appliedAt.plusSeconds(deadline))) {
            return status.with(
                    ServerState.FAILED,
                    "the rollout stalled: no progress for more than " + deadline + " seconds; " + trouble);
        }
        return status;
    }

    static Long revisionOf(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(REVISION_ANNOTATION);
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant appliedAt(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(APPLIED_AT_ANNOTATION);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    // --- applying

    /**
     * The contributors a server needs: every running one, after checking that each part of the definition that
     * needs a contributor has one. A part without one means 503 and nothing applied, never a server without it.
     */
    private List<ServerObjectContributor> contributorsFor(Server server) {
        return contributorsFor(server.definition());
    }

    private List<ServerObjectContributor> contributorsFor(ServerDefinition def) {
        List<ServerObjectContributor> now = contributors;
        sections.requireOwners(def, now);
        return now;
    }

    private BuiltServerObjects build(
            ClusterConnection c,
            List<ServerObjectContributor> using,
            AppMap appMap,
            Server server,
            Integer replicas,
            boolean suspend) {
        ServerDefinition def = server.definition();
        BuiltServerObjects objects = builder.build(
                        appMap.service(),
                        appMap.name(),
                        appMap.effectiveNamespace(),
                        def,
                        ApiVersions.fromServedKinds(c::serves))
                .onCluster(c.name());
        HasMetadata controller = objects.controller();
        KindHandlers.of(def.kind())
                .shape(controller, replicas, suspend, defined -> autoscaledReplicas(c, appMap, def, defined));
        boolean stoppedScalable = replicas != null && replicas == 0;
        for (ServerObjectContributor contributor : using) {
            if (stoppedScalable && contributor instanceof AutoscalerContributor) {
                continue; // a stopped server has no autoscaler: it would scale it up again
            }
            contributor.contribute(objects);
        }
        Map<String, String> annotations = KindHandler.annotations(controller.getMetadata());
        annotations.put(REVISION_ANNOTATION, Long.toString(server.version()));
        annotations.put(APPLIED_AT_ANNOTATION, Instant.now().toString());
        return objects;
    }

    /**
     * With an autoscaler, the replicas are its to choose: while it runs, an apply keeps the number it set (else it
     * would undo its scaling); when it is (re)made, the server starts from its defined replicas within its bounds.
     */
    private static Integer autoscaledReplicas(
            ClusterConnection c, AppMap appMap, ServerDefinition def, Integer defined) {
        if (def.autoscaling() == null) {
            return defined;
        }
        String ns = appMap.effectiveNamespace();
        boolean autoscalerRuns = c.serves(ApiVersions.AUTOSCALING_V2, "HorizontalPodAutoscaler")
                ? KindHandler.find(
                                c.cached(
                                        io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class,
                                        ns),
                                def.name())
                        != null
                : KindHandler.find(
                                c.cached(
                                        io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscaler
                                                .class,
                                        ns),
                                def.name())
                        != null;
        if (autoscalerRuns) {
            Integer live = KindHandlers.of(def.kind()).liveReplicas(c.client(), ns, def.name());
            if (live != null && live > 0) {
                return live;
            }
        }
        int min =
                def.autoscaling().minReplicas() == null ? 1 : def.autoscaling().minReplicas();
        int max = def.autoscaling().maxReplicas() == null
                ? Math.max(min, 1)
                : def.autoscaling().maxReplicas();
        return Math.min(max, Math.max(defined == null ? min : defined, min));
    }

    private void applyObjects(
            ClusterConnection c,
            List<ServerObjectContributor> using,
            AppMap appMap,
            Server server,
            Integer replicas,
            boolean suspend) {
        BuiltServerObjects objects = build(c, using, appMap, server, replicas, suspend);
        KubernetesClient k = c.client();
        HasMetadata applied = objectApply.apply(k, objects.controller());
        OwnerReference owner = new OwnerReferenceBuilder()
                .withApiVersion(applied.getApiVersion())
                .withKind(applied.getKind())
                .withName(applied.getMetadata().getName())
                .withUid(applied.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
        objects.withOwner(owner);
        for (HasMetadata object : objects.objects().subList(1, objects.objects().size())) {
            objectApply.apply(k, object);
        }
        prune(c, appMap.effectiveNamespace(), server.name(), objects.objects());
    }

    /**
     * Deletes the server's objects that this apply no longer makes (a port removed, autoscaling turned off, the kind
     * changed), found in the informer caches: no request unless there is something to delete.
     */
    private static void prune(ClusterConnection c, String ns, String name, List<HasMetadata> keep) {
        Set<String> kept = new HashSet<>();
        keep.forEach(o -> kept.add(o.getKind() + "/" + o.getMetadata().getName()));
        for (HasMetadata live : serverObjects(c, ns, name)) {
            if (!kept.contains(live.getKind() + "/" + live.getMetadata().getName())) {
                c.client()
                        .resource(live)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                        .delete();
            }
        }
    }

    /**
     * The server's objects on the cluster, as the informers have them: controllers of every kind, Services and
     * autoscalers (not Jobs that a CronJob made, nor pods, nor claims: those go with their owners or stay).
     */
    private static List<HasMetadata> serverObjects(ClusterConnection c, String ns, String name) {
        List<HasMetadata> found = new ArrayList<>();
        Predicate<HasMetadata> ours = o -> o.getMetadata().getLabels() != null
                && name.equals(o.getMetadata().getLabels().get(Labels.SERVER));
        found.addAll(c.cached(Deployment.class, ns).stream().filter(ours).toList());
        found.addAll(c.cached(StatefulSet.class, ns).stream().filter(ours).toList());
        found.addAll(c.cached(DaemonSet.class, ns).stream().filter(ours).toList());
        found.addAll(c.cached(Job.class, ns).stream()
                .filter(ours)
                .filter(j -> j.getMetadata().getOwnerReferences() == null
                        || j.getMetadata().getOwnerReferences().stream().noneMatch(r -> "CronJob".equals(r.getKind())))
                .toList());
        found.addAll(c.cached(io.fabric8.kubernetes.api.model.Service.class, ns).stream()
                .filter(ours)
                .toList());
        if (c.serves(ApiVersions.BATCH_V1, "CronJob")) {
            found.addAll(c.cached(io.fabric8.kubernetes.api.model.batch.v1.CronJob.class, ns).stream()
                    .filter(ours)
                    .toList());
        } else {
            found.addAll(c.cached(io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob.class, ns).stream()
                    .filter(ours)
                    .toList());
        }
        if (c.serves(ApiVersions.AUTOSCALING_V2, "HorizontalPodAutoscaler")) {
            found.addAll(
                    c.cached(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class, ns).stream()
                            .filter(ours)
                            .toList());
        } else {
            found.addAll(
                    c
                            .cached(
                                    io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscaler.class,
                                    ns)
                            .stream()
                            .filter(ours)
                            .toList());
        }
        return found;
    }

    private static KindHandler handler(Server server) {
        return KindHandlers.of(server.definition().kind());
    }

    // --- running actions

    /**
     * An action on the server's cluster, one at a time per server; its answer is the state once the informers have
     * seen what it did (or after a short wait). A cluster that does not answer becomes a 503 that says what was not
     * done; a cluster that refuses, a 422 with its reason.
     */
    private ServerStatus action(
            AppMap appMap,
            Server server,
            String action,
            Supplier<List<ServerObjectContributor>> using,
            Consumer<ServerOnCluster> work) {
        ClusterConnection c = clusters.connection(appMap.cluster());
        ClusterInfo info = c.info();
        if (!info.reachable() && info.checkedAt() != null) { // known not to answer: say so now, not after a timeout
            throw unavailable(
                    appMap, server, action, info.message() == null ? "it does not answer" : info.message(), null);
        }
        synchronized (lock(appMap, server)) {
            try (ServerActionLocks.Held held =
                    actionLocks.take(appMap.service(), appMap.name(), server.name(), action)) {
                act(c, appMap, server, action, using, work);
            }
        }
        return awaitSeen(c, appMap, server, action);
    }

    private void act(
            ClusterConnection c,
            AppMap appMap,
            Server server,
            String action,
            Supplier<List<ServerObjectContributor>> using,
            Consumer<ServerOnCluster> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ServerRuntimes.class.getClassLoader()); // fabric8 finds its models on it
        try {
            work.accept(new ServerOnCluster(c, appMap, server, stops, new ServerOnCluster.Applying() {
                @Override
                public BuiltServerObjects build(Integer replicas, boolean suspend) {
                    return ServerRuntimes.this.build(c, using.get(), appMap, server, replicas, suspend);
                }

                @Override
                public void apply(Integer replicas, boolean suspend) {
                    applyObjects(c, using.get(), appMap, server, replicas, suspend);
                }
            }));
        } catch (KubernetesClientException e) {
            throw translate(appMap, server, action, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Waits briefly until the informers show the applied revision (or the deletion), then answers the state. */
    private ServerStatus awaitSeen(ClusterConnection c, AppMap appMap, Server server, String action) {
        long deadline = System.nanoTime() + CACHE_WAIT.toNanos();
        ServerStatus status = status(appMap, server);
        while (System.nanoTime() < deadline && !seen(c, appMap, server, action, status)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            status = status(appMap, server);
        }
        return status;
    }

    private boolean seen(ClusterConnection c, AppMap appMap, Server server, String action, ServerStatus status) {
        HasMetadata controller = handler(server).cachedController(c, appMap.effectiveNamespace(), server.name());
        return switch (action) {
            case "delete" -> controller == null;
            case "stop" -> status.state() == ServerState.STOPPED || status.state() == ServerState.STOPPING;
            default -> controller != null && status.drift() == null;
        };
    }

    private Object lock(AppMap appMap, Server server) {
        return locks[
                Math.floorMod((appMap.service() + "/" + appMap.name() + "/" + server.name()).hashCode(), locks.length)];
    }

    /** The 503 of an action the cluster did not take, saying why and what is kept. */
    private static UnavailableException unavailable(
            AppMap appMap, Server server, String action, String why, Throwable cause) {
        return new UnavailableException(
                "Could not " + action + " server '" + server.name() + "' on cluster '" + appMap.cluster() + "': " + why
                        + ". The stored definition is kept; the server's state shows what reached the cluster before"
                        + " the failure. Retry when the cluster answers.",
                cause);
    }

    static RuntimeException translate(AppMap appMap, Server server, String action, KubernetesClientException e) {
        // fabric8 gives a transport failure (refused, closed, timed out) the code -1 (0 in older versions)
        if (e.getCode() <= 0 || e.getCode() >= 500 || e.getCode() == 429) {
            return unavailable(appMap, server, action, ClusterErrorText.of(e), e);
        }
        if (e.getCode() == 409) {
            return new ConflictException("the cluster refused to " + action + " server '" + server.name() + "': "
                    + ClusterErrorText.of(e) + ". Try again.");
        }
        return new ValidationException(
                "definition",
                "the cluster refused to " + action + " server '" + server.name() + "': " + ClusterErrorText.of(e));
    }
}
