/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterInfo;
import io.cengjiyun.cluster.NodeInfo;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registered cluster, connected: its client, the informers of what the platform reads (only objects with
 * the platform's managed-by label; nodes all), the group/versions and kinds it serves, and its state as of the
 * last check. A check that fails keeps what was known and says what is wrong.
 */
final class LiveCluster implements ClusterConnection, AutoCloseable {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String PLATFORM = "cengjiyun";
    /** The group/versions whose kinds are discovered: the platform chooses among them per cluster. */
    static final List<String> DISCOVERED = List.of(
            "batch/v1", "batch/v1beta1", "autoscaling/v2", "autoscaling/v2beta2", "policy/v1", "policy/v1beta1");

    private static final Logger LOG = LoggerFactory.getLogger(LiveCluster.class);
    /** How long a check waits for the API server's /readyz (the heartbeat has its own, shorter time-out). */
    private static final Duration CHECK_READYZ_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final String server;
    private final Instant registeredAt;
    private final Clock clock;
    private final Config config;
    private final HttpClient.Factory httpFactory;
    /**
     * Built on first use ({@link #client()}), not when the cluster is connected: building fabric8's client loads a
     * few thousand classes, which at start-up would hold up the framework's start-level thread (and the first 200 of
     * the API) for every registered cluster; the first check, on the checks' thread, builds it in the background.
     */
    private volatile KubernetesClient client;
    /** Guards building {@link #client} and {@link #closed}. */
    private final Object building = new Object();

    private boolean closed;
    private final Map<Class<?>, SharedIndexInformer<?>> informers = new ConcurrentHashMap<>();
    /** Events, one informer per platform namespace (events carry no labels), while some bundle wants them. */
    private final Map<String, SharedIndexInformer<Event>> events = new ConcurrentHashMap<>();
    /** The optional kinds some bundle wants now ({@link io.cengjiyun.cluster.CacheRequest}). */
    private volatile Set<Class<?>> wanted = Set.of();

    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
    private final Consumer<ClusterInfo> reachability;
    private volatile Set<String> served = Set.of();
    private volatile Set<String> kinds = Set.of();
    private volatile ClusterInfo info;
    /** When the API server last answered a check or a heartbeat; null: never. */
    private volatile Instant answeredAt;
    /**
     * {@link System#nanoTime()} of the API server's last answer of any kind (a response below 500 to any request, a
     * watched change); 0: none yet. A heartbeat that times out on a loaded machine while other requests are answered
     * does not make the cluster unreachable.
     */
    private volatile long heardNanos;
    /** Heartbeats that failed in a row (guarded by {@link #beats}). */
    private int failedBeats;
    /** Guards the heartbeat's state and what was last told ({@link #told}); never held across a request. */
    private final Object beats = new Object();
    /** Whether the cluster was last told reachable; null before the first check. */
    private Boolean told;
    /** Set when the cluster answers again after it did not: the next check restarts informers that lost their watch. */
    private volatile boolean resync;

    /** A listener of {@link #onChange}: an object of its own, so that two equal lambdas are two registrations. */
    private record Listener(String namespace, Consumer<HasMetadata> consumer) {
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /**
     * @param reachability told the state of each check that finds the cluster reachable when it was not, or the other
     *        way round (the first check always), on the checking thread
     */
    LiveCluster(
            String name,
            Config config,
            Instant registeredAt,
            HttpClient.Factory http,
            Clock clock,
            Consumer<ClusterInfo> reachability) {
        this.name = name;
        this.reachability = reachability;
        this.server = config.getMasterUrl();
        this.registeredAt = registeredAt;
        this.clock = clock;
        this.config = config;
        this.httpFactory = http;
        this.info =
                new ClusterInfo(name, server, false, null, List.of(), List.of(), "not checked yet", registeredAt, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public KubernetesClient client() {
        KubernetesClient built = client;
        if (built != null) {
            return built;
        }
        synchronized (building) {
            if (closed) {
                throw new IllegalStateException("cluster '" + name + "' is closed");
            }
            if (client == null) {
                client = Clusters.withBundleLoader(() -> new KubernetesClientBuilder()
                        .withConfig(config)
                        .withHttpClientFactory(httpFactory)
                        .withHttpClientBuilderConsumer(builder ->
                                builder.addOrReplaceInterceptor("cengjiyun-heard", new Interceptor() {
                                    @Override
                                    public void after(
                                            HttpRequest request,
                                            HttpResponse<?> response,
                                            AsyncBody.Consumer<List<ByteBuffer>> consumer) {
                                        if (response.code() < 500) {
                                            heard();
                                        }
                                    }
                                }))
                        .build());
            }
            return client;
        }
    }

    @Override
    public Set<String> servedApiVersions() {
        return served;
    }

    @Override
    public boolean serves(String apiVersion, String kind) {
        return kinds.contains(apiVersion + "/" + kind);
    }

    /** The state of the last check, with the nodes as the node informer has them now. */
    @Override
    public ClusterInfo info() {
        ClusterInfo last = info;
        List<NodeInfo> nodes = nodes();
        return new ClusterInfo(
                last.name(),
                last.server(),
                last.reachable(),
                last.version(),
                nodes.isEmpty() ? last.nodes() : nodes,
                last.apiVersions(),
                last.message(),
                last.registeredAt(),
                last.checkedAt(),
                answeredAt);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> List<T> cached(Class<T> kind, String namespace) {
        if (kind == Event.class && wanted.contains(Event.class)) {
            return (List<T>) cachedEvents(namespace);
        }
        SharedIndexInformer<T> informer = (SharedIndexInformer<T>) informers.get(kind);
        if (informer == null) {
            throw new IllegalArgumentException("cluster '" + name + "' caches no " + kind.getSimpleName() + " (cached: "
                    + informers.keySet().stream()
                            .map(c -> ((Class<?>) c).getSimpleName())
                            .sorted()
                            .toList() + ")");
        }
        return namespace == null
                ? informer.getStore().list()
                : informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    private List<Event> cachedEvents(String namespace) {
        if (namespace != null) {
            SharedIndexInformer<Event> informer = events.get(namespace);
            return informer == null ? List.of() : informer.getStore().list();
        }
        List<Event> all = new ArrayList<>();
        events.values().forEach(i -> all.addAll(i.getStore().list()));
        return all;
    }

    /**
     * Caches the optional kinds wanted now and drops those no longer wanted. The informers start at once if the
     * cluster has been reached, else at the next check.
     */
    synchronized void want(Set<Class<?>> kinds) {
        Set<Class<?>> before = wanted;
        wanted = Set.copyOf(kinds);
        for (Class<?> kind : before) {
            if (!kinds.contains(kind)) {
                if (kind == Event.class) {
                    events.values().forEach(SharedIndexInformer::close);
                    events.clear();
                } else {
                    SharedIndexInformer<?> informer = informers.remove(kind);
                    if (informer != null) {
                        informer.close();
                    }
                }
            }
        }
        if (info.reachable()) {
            Clusters.withBundleLoader(() -> {
                startWanted();
                return null;
            });
        }
    }

    /**
     * Checks the cluster: version, served API versions and kinds; (re)starts informers; the nodes from the cache.
     * Runs with this bundle's class loader as the thread's context loader ({@link Clusters#withBundleLoader}).
     */
    ClusterInfo refresh() {
        return Clusters.withBundleLoader(this::check);
    }

    private synchronized ClusterInfo check() {
        ClusterInfo checked = checkNow();
        tell(info());
        return checked;
    }

    private ClusterInfo checkNow() {
        Instant now = clock.instant();
        try {
            // an API server that answers its discovery before it is ready (just started: /readyz 500 while its
            // post-start hooks run) is not reachable yet: the heartbeat would say the opposite a second later.
            // Credentials refused (401, 403) are explained by the discovery requests below.
            Readiness ready = readyz(CHECK_READYZ_TIMEOUT);
            if (ready.failure() != null && (ready.status() == 0 || ready.status() >= 500)) {
                return unreachable(ready.failure(), now);
            }
            String version = client().getKubernetesVersion().getGitVersion();
            Set<String> groupVersions = new TreeSet<>(client().getAPIVersions().getVersions());
            client().getApiGroups()
                    .getGroups()
                    .forEach(g -> g.getVersions().forEach(v -> groupVersions.add(v.getGroupVersion())));
            Set<String> discovered = new TreeSet<>();
            for (String gv : DISCOVERED) {
                if (groupVersions.contains(gv)) {
                    for (APIResource r : client().getApiResources(gv).getResources()) {
                        discovered.add(gv + "/" + r.getKind());
                    }
                }
            }
            served = Set.copyOf(groupVersions);
            kinds = Set.copyOf(discovered);
            boolean again = resync;
            startInformers();
            // a cluster back after an outage is reachable once its caches are true again (relisted), not before
            awaitSynced(again ? Duration.ofSeconds(8) : Duration.ofSeconds(3));
            if (again) {
                resync = false;
            }
            answeredAt = clock.instant();
            info = new ClusterInfo(
                    name, server, true, version, nodes(), List.copyOf(groupVersions), null, registeredAt, now);
        } catch (RuntimeException e) {
            return unreachable(ClusterErrors.explain(name, server, e), now);
        }
        return info;
    }

    private ClusterInfo unreachable(String why, Instant now) {
        if (info.reachable() || info.message() == null || !info.message().equals(why)) {
            LOG.warn("{}", why);
        }
        info = new ClusterInfo(
                name,
                server,
                false,
                info.version(),
                info.nodes(),
                info.apiVersions(),
                why,
                registeredAt,
                now,
                answeredAt);
        return info;
    }

    private void startInformers() {
        inform(
                Deployment.class,
                () -> client().apps()
                        .deployments()
                        .inAnyNamespace()
                        .withLabel(MANAGED_BY, PLATFORM)
                        .runnableInformer(0));
        inform(
                StatefulSet.class,
                () -> client().apps()
                        .statefulSets()
                        .inAnyNamespace()
                        .withLabel(MANAGED_BY, PLATFORM)
                        .runnableInformer(0));
        inform(
                DaemonSet.class,
                () -> client().apps()
                        .daemonSets()
                        .inAnyNamespace()
                        .withLabel(MANAGED_BY, PLATFORM)
                        .runnableInformer(0));
        inform(
                Job.class,
                () -> client().batch()
                        .v1()
                        .jobs()
                        .inAnyNamespace()
                        .withLabel(MANAGED_BY, PLATFORM)
                        .runnableInformer(0));
        inform(
                Pod.class,
                () -> client().pods()
                        .inAnyNamespace()
                        .withLabel(MANAGED_BY, PLATFORM)
                        .runnableInformer(0));
        inform(
                PersistentVolumeClaim.class,
                () -> client().persistentVolumeClaims()
                        .inAnyNamespace()
                        .withLabel(MANAGED_BY, PLATFORM)
                        .runnableInformer(0));
        inform(
                io.fabric8.kubernetes.api.model.Service.class,
                () -> client().services()
                        .inAnyNamespace()
                        .withLabel(MANAGED_BY, PLATFORM)
                        .runnableInformer(0));
        inform(
                Namespace.class,
                () -> client().namespaces().withLabel(MANAGED_BY, PLATFORM).runnableInformer(0));
        inform(Node.class, () -> client().nodes().runnableInformer(0));
        if (serves("batch/v1", "CronJob")) {
            inform(
                    io.fabric8.kubernetes.api.model.batch.v1.CronJob.class,
                    () -> client().batch()
                            .v1()
                            .cronjobs()
                            .inAnyNamespace()
                            .withLabel(MANAGED_BY, PLATFORM)
                            .runnableInformer(0));
        } else if (serves("batch/v1beta1", "CronJob")) {
            inform(
                    io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob.class,
                    () -> client().batch()
                            .v1beta1()
                            .cronjobs()
                            .inAnyNamespace()
                            .withLabel(MANAGED_BY, PLATFORM)
                            .runnableInformer(0));
        }
        startWanted();
        if (serves("autoscaling/v2", "HorizontalPodAutoscaler")) {
            inform(
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class,
                    () -> client().autoscaling()
                            .v2()
                            .horizontalPodAutoscalers()
                            .inAnyNamespace()
                            .withLabel(MANAGED_BY, PLATFORM)
                            .runnableInformer(0));
        } else if (serves("autoscaling/v2beta2", "HorizontalPodAutoscaler")) {
            inform(
                    io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscaler.class,
                    () -> client().autoscaling()
                            .v2beta2()
                            .horizontalPodAutoscalers()
                            .inAnyNamespace()
                            .withLabel(MANAGED_BY, PLATFORM)
                            .runnableInformer(0));
        }
    }

    /** The informers of the optional kinds some bundle wants (and of each platform namespace's events). */
    private void startWanted() {
        Set<Class<?>> now = wanted;
        if (now.contains(io.fabric8.kubernetes.api.model.apps.ReplicaSet.class)) {
            inform(
                    io.fabric8.kubernetes.api.model.apps.ReplicaSet.class,
                    () -> client().apps()
                            .replicaSets()
                            .inAnyNamespace()
                            .withLabel(MANAGED_BY, PLATFORM)
                            .runnableInformer(0));
        }
        if (now.contains(ControllerRevision.class)) {
            inform(
                    ControllerRevision.class,
                    () -> client().apps()
                            .controllerRevisions()
                            .inAnyNamespace()
                            .withLabel(MANAGED_BY, PLATFORM)
                            .runnableInformer(0));
        }
        if (now.contains(Endpoints.class)) {
            inform(
                    Endpoints.class,
                    () -> client().endpoints()
                            .inAnyNamespace()
                            .withLabel(MANAGED_BY, PLATFORM)
                            .runnableInformer(0));
        }
        if (now.contains(Event.class)) {
            SharedIndexInformer<?> namespaces = informers.get(Namespace.class);
            if (namespaces != null) {
                for (Object ns : namespaces.getStore().list()) {
                    informEvents((Namespace) ns);
                }
            }
        }
    }

    /** Starts the event informer of a platform namespace (again, if it stopped); {@link #namespaceGone} closes it. */
    private void informEvents(Namespace namespace) {
        String ns = namespace.getMetadata().getName();
        if (!wanted.contains(Event.class)) {
            return;
        }
        SharedIndexInformer<Event> informer = fresh(
                events.get(ns),
                () -> client().v1().events().inNamespace(ns).runnableInformer(0),
                new NewestEvents(NewestEvents.KEEP));
        if (informer != null) {
            events.put(ns, informer);
            informer.start();
        }
    }

    /**
     * A new informer from {@code make}, with the lean store and the listeners' handler, not started yet; null while
     * {@code current} runs (a stopped one is closed: a cluster that was unreachable at its first list).
     */
    private <T extends HasMetadata> SharedIndexInformer<T> fresh(
            SharedIndexInformer<?> current, Supplier<SharedIndexInformer<T>> make) {
        return fresh(current, make, new LeanItemStore<>());
    }

    private <T extends HasMetadata> SharedIndexInformer<T> fresh(
            SharedIndexInformer<?> current, Supplier<SharedIndexInformer<T>> make, LeanItemStore<T> store) {
        if (current != null && current.isRunning() && !(resync && !current.isWatching())) {
            return null;
        }
        if (current != null) {
            current.close();
        }
        SharedIndexInformer<T> informer = make.get();
        informer.itemStore(store);
        informer.addEventHandler(handler());
        return informer;
    }

    private void namespaceGone(Namespace namespace) {
        SharedIndexInformer<Event> informer =
                events.remove(namespace.getMetadata().getName());
        if (informer != null) {
            informer.close();
        }
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler() {
        return new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                changed(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                changed(after);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                changed(object);
            }
        };
    }

    /** Starts an informer, or starts it again if it stopped (a cluster that was unreachable at its first list). */
    private <T extends HasMetadata> void inform(Class<T> kind, Supplier<SharedIndexInformer<T>> make) {
        SharedIndexInformer<T> informer = fresh(informers.get(kind), make);
        if (informer == null) {
            return;
        }
        if (kind == Namespace.class) {
            informer.addEventHandler(new ResourceEventHandler<T>() {
                @Override
                public void onAdd(T object) {
                    Clusters.withBundleLoader(() -> {
                        informEvents((Namespace) object);
                        return null;
                    });
                }

                @Override
                public void onUpdate(T before, T after) {}

                @Override
                public void onDelete(T object, boolean finalStateUnknown) {
                    namespaceGone((Namespace) object);
                }
            });
        }
        informers.put(kind, informer);
        informer.start().whenComplete((ok, error) -> {
            if (error != null) {
                LOG.debug(
                        "The {} informer of cluster {} did not start: {}",
                        kind.getSimpleName(),
                        name,
                        error.toString());
            }
        });
    }

    @Override
    public Subscription onChange(String namespace, Consumer<HasMetadata> listener) {
        Listener registered = new Listener(namespace, listener);
        listeners.add(registered);
        return () -> listeners.remove(registered);
    }

    /** The API server answered something. */
    private void heard() {
        heardNanos = System.nanoTime();
    }

    private void changed(HasMetadata object) {
        heard();
        String namespace =
                object.getMetadata() == null ? null : object.getMetadata().getNamespace();
        for (Listener l : listeners) {
            if (l.namespace() == null || l.namespace().equals(namespace)) {
                try {
                    l.consumer().accept(object);
                } catch (RuntimeException e) {
                    LOG.warn(
                            "A listener of cluster {} failed on {} {}: {}",
                            name,
                            object.getKind(),
                            object.getMetadata() == null
                                    ? ""
                                    : object.getMetadata().getName(),
                            e.toString());
                }
            }
        }
    }

    /**
     * Waits a little for the informers' lists: a cluster registered shows its nodes at once, and one back after an
     * outage has relisted what changed meanwhile before it is called reachable.
     */
    private void awaitSynced(Duration within) {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end && !informers.values().stream().allMatch(SharedIndexInformer::hasSynced)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * One heartbeat: {@code GET /readyz} within the timeout. The cluster is marked unreachable (and told) when the
     * beats failed at least twice in a row and it has not answered for {@code unreachableAfter}; a heartbeat that finds
     * an unreachable cluster answering again returns true: a full check (with {@link #resync}) is due at once.
     *
     * @param period the time between two heartbeats: the beat that ends the window decides (see
     *        {@link #unreachableNow})
     */
    boolean heartbeat(Duration timeout, Duration unreachableAfter, Duration period) {
        if (info.checkedAt() == null) {
            return false; // the first check decides
        }
        Readiness beat = readyz(timeout);
        String failure = beat.failure();
        ClusterInfo marked;
        synchronized (beats) {
            Instant now = clock.instant();
            if (failure == null) {
                failedBeats = 0;
                answeredAt = now;
                if (!info.reachable()) {
                    resync = true;
                    return true;
                }
                return false;
            }
            failedBeats++;
            Instant last = answeredAt;
            ClusterInfo was = info;
            long heard = heardNanos;
            // other answers speak for the cluster only against a time-out: a /readyz of 500 or a refused connection
            // is the API server's own word (it shuts down, say, while it still finishes other requests)
            Duration sinceHeard = heard == 0 || !beat.timedOut() ? null : Duration.ofNanos(System.nanoTime() - heard);
            if (failedBeats <= 2) {
                LOG.info(
                        "A heartbeat of cluster {} failed ({} in a row; {}): {}",
                        name,
                        failedBeats,
                        sinceHeard == null
                                ? "not a time-out, or nothing else answered"
                                : "another request answered " + sinceHeard.toMillis() + " ms ago",
                        failure);
            }
            if (unreachableNow(was.reachable(), failedBeats, last, now, sinceHeard, unreachableAfter, period)) {
                LOG.warn("{}", failure);
                info = new ClusterInfo(
                        name,
                        server,
                        false,
                        was.version(),
                        was.nodes(),
                        was.apiVersions(),
                        failure,
                        registeredAt,
                        now,
                        last);
                marked = info();
            } else {
                return false;
            }
        }
        tell(marked);
        return false;
    }

    /**
     * Whether a failed heartbeat makes a reachable cluster unreachable: at least two beats failed in a row, no check or
     * heartbeat answered for {@code unreachableAfter}, and no other request either (a heartbeat that times out on a
     * loaded machine while the watches and actions are answered is the machine's load, not an outage). The beat that
     * ends the window decides: one that comes less than half a period before its end counts, because beats come a
     * period apart (a few milliseconds more or less) and waiting for the next one would see an outage a whole period
     * late (measured: beats 2,995 ms after the last answer, so the fourth failed beat, not the third, told it).
     *
     * @param lastAnswered the last check or heartbeat answered, null: never
     * @param sinceHeard how long ago the API server last answered any request or watch; null: never, or the beat got a
     *        definite answer (not a time-out), for which other answers do not count
     */
    static boolean unreachableNow(
            boolean reachable,
            int failedBeats,
            Instant lastAnswered,
            Instant now,
            Duration sinceHeard,
            Duration unreachableAfter,
            Duration period) {
        Duration window = unreachableAfter.minus(period.dividedBy(2));
        return reachable
                && failedBeats >= 2
                && (lastAnswered == null || !now.isBefore(lastAnswered.plus(window)))
                && (sinceHeard == null || sinceHeard.compareTo(window) >= 0);
    }

    /**
     * What a {@code GET /readyz} within the timeout found: {@code failure} null when the API server said it is ready,
     * else why not, as the user reads it; {@code timedOut} when no answer came at all (a definite answer, such as a
     * /readyz of 500 while the API server starts or shuts down, or a refused connection, is not a time-out);
     * {@code status} the HTTP status answered, 0 when none came.
     */
    record Readiness(String failure, boolean timedOut, int status) {}

    private Readiness readyz(Duration timeout) {
        HttpClient http = client().getHttpClient();
        try {
            HttpRequest request = http.newHttpRequestBuilder()
                    .uri(java.net.URI.create(server).resolve("/readyz"))
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .build();
            HttpResponse<String> answer =
                    http.sendAsync(request, String.class).get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            if (answer.code() == 200) {
                return new Readiness(null, false, 200);
            }
            String body = answer.body() == null ? "" : answer.body().strip();
            return new Readiness(
                    "cluster '" + name + "' (" + server + ") is not ready: its /readyz answers " + answer.code()
                            + (body.isEmpty()
                                    ? ""
                                    : " (" + body.lines().reduce((a, b) -> b).orElse("") + ")")
                            + "; check its API server and etcd",
                    false,
                    answer.code());
        } catch (ExecutionException e) {
            return new Readiness(ClusterErrors.explain(name, server, e.getCause()), timedOut(e.getCause()), 0);
        } catch (TimeoutException e) {
            return new Readiness(ClusterErrors.explain(name, server, e), true, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Readiness(null, false, 0);
        } catch (RuntimeException e) {
            return new Readiness(ClusterErrors.explain(name, server, e), timedOut(e), 0);
        }
    }

    private static boolean timedOut(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.http.HttpTimeoutException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Tells the state if it is not the one last told (the first check always), once per transition. */
    private void tell(ClusterInfo checked) {
        synchronized (beats) {
            if (told != null && told == checked.reachable()) {
                return;
            }
            told = checked.reachable();
        }
        try {
            reachability.accept(checked);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Telling that cluster {} is {}reachable failed: {}",
                    name,
                    checked.reachable() ? "" : "un",
                    e.toString());
        }
    }

    @Override
    public boolean synced() {
        return !informers.isEmpty()
                && informers.values().stream().allMatch(SharedIndexInformer::hasSynced)
                && events.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    private List<NodeInfo> nodes() {
        SharedIndexInformer<?> informer = informers.get(Node.class);
        List<NodeInfo> nodes = new ArrayList<>();
        if (informer == null) {
            return nodes;
        }
        for (Object o : informer.getStore().list()) {
            Node node = (Node) o;
            boolean ready = node.getStatus() != null
                    && node.getStatus().getConditions() != null
                    && node.getStatus().getConditions().stream()
                            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            Map<String, Quantity> capacity =
                    node.getStatus() == null || node.getStatus().getAllocatable() == null
                            ? Map.of()
                            : node.getStatus().getAllocatable();
            nodes.add(new NodeInfo(
                    node.getMetadata().getName(),
                    ready,
                    node.getStatus() == null || node.getStatus().getNodeInfo() == null
                            ? null
                            : node.getStatus().getNodeInfo().getKubeletVersion(),
                    text(capacity.get("cpu")),
                    text(capacity.get("memory")),
                    text(capacity.get("pods"))));
        }
        nodes.sort((a, b) -> a.name().compareTo(b.name()));
        return nodes;
    }

    private static String text(Quantity q) {
        return q == null ? null : q.toString();
    }

    @Override
    public void close() {
        listeners.clear();
        informers.values().forEach(SharedIndexInformer::close);
        informers.clear();
        events.values().forEach(SharedIndexInformer::close);
        events.clear();
        KubernetesClient built;
        synchronized (building) {
            closed = true;
            built = client;
        }
        if (built != null) {
            built.close();
        }
    }
}
