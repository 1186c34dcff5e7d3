/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Quota;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.DomainEvents;
import io.cengjiyun.api.event.Topics;
import io.cengjiyun.api.validation.Checks;
import io.cengjiyun.cluster.Allotment;
import io.cengjiyun.cluster.CacheRequest;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterInfo;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.database.Database;
import io.cengjiyun.database.Sealer;
import io.cengjiyun.database.Sealing;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster registry: clusters and allotments in the platform's database (kubeconfigs sealed), one
 * {@link LiveCluster} per cluster, each checked every refreshSeconds on a background thread. Start-up never
 * waits for a cluster: an unreachable one is shown as such and retried.
 */
@Component(service = ClusterRegistry.class, configurationPid = Clusters.PID)
@Designate(ocd = ClusterConfig.class)
public class Clusters implements ClusterRegistry {
    static final String PID = "io.cengjiyun.cluster";
    /** The most pods an allotment may bound a service to on one cluster. */
    public static final int MAX_ALLOTTED_PODS = 1_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(Clusters.class);

    private final Database db;
    private final HierarchyStore store;
    private final Sealer box;
    private final Clock clock;
    private final DomainEvents events;
    private final KubeconfigFolder kubeconfigs;
    private final int requestTimeoutMillis;
    private final HttpClient.Factory http = new JdkHttpClientFactory();
    private final Map<String, LiveCluster> live = new ConcurrentHashMap<>();
    /** The digest of each live cluster's kubeconfig: a change made by another replica shows in it. */
    private final Map<String, String> kubeconfigDigests = new ConcurrentHashMap<>();
    /** The kinds each bundle's {@link CacheRequest} wants, as it said when it came. */
    private final Map<CacheRequest, Set<Class<?>>> requests = new ConcurrentHashMap<>();

    /** Heartbeats: the tick and one beat per cluster at a time, never behind a slow check. */
    private final ScheduledExecutorService heartbeats = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "cengjiyun-cluster-heartbeat");
        t.setDaemon(true);
        t.setContextClassLoader(Clusters.class.getClassLoader());
        return t;
    });

    private final Set<String> beating = ConcurrentHashMap.newKeySet();
    /** When each cluster last got a check because it answered again: not more than one per RECOVERY_PAUSE. */
    private final Map<String, Long> recovered = new ConcurrentHashMap<>();

    private static final long RECOVERY_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private final Duration heartbeatTimeout;
    private final Duration unreachableAfter;
    private final int heartbeatSeconds;

    /** The first check of the clusters waits until the runtime has started and serves ({@link StartGate}). */
    private final StartGate startGate;

    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cengjiyun-cluster-checks");
        t.setDaemon(true);
        t.setContextClassLoader(Clusters.class.getClassLoader());
        return t;
    });

    @Activate
    public Clusters(
            @Reference Database db,
            @Reference HierarchyStore store,
            @Reference Sealing sealing,
            @Reference DomainEvents events,
            BundleContext context,
            ClusterConfig config) {
        this(
                db,
                store,
                sealing.sealer(
                        config.keyFile().isBlank() ? "cluster.key" : config.keyFile(),
                        "cluster credentials",
                        "register the clusters again"),
                Clock.systemUTC(),
                config,
                kubeconfigFolder(context, config),
                events,
                StartGate.of(context));
    }

    /** The folder of kubeconfig files: configured, or {@code clusters} in the runtime's etc/ (none in tests). */
    private static KubeconfigFolder kubeconfigFolder(BundleContext context, ClusterConfig config) {
        if (!config.kubeconfigDir().isBlank()) {
            return new KubeconfigFolder(Path.of(config.kubeconfigDir()));
        }
        String etc = context.getProperty("felix.fileinstall.dir");
        return new KubeconfigFolder(etc == null ? null : Path.of(etc).resolve("clusters"));
    }

    Clusters(Database db, HierarchyStore store, Sealer box, Clock clock, ClusterConfig config) {
        this(db, store, box, clock, config, new KubeconfigFolder(null), event -> {}, StartGate.open());
    }

    Clusters(
            Database db,
            HierarchyStore store,
            Sealer box,
            Clock clock,
            ClusterConfig config,
            KubeconfigFolder kubeconfigs,
            DomainEvents events,
            StartGate startGate) {
        this.kubeconfigs = kubeconfigs;
        this.startGate = startGate;
        this.events = events;
        if (config.refreshSeconds() < 1
                || config.requestTimeoutSeconds() < 1
                || config.heartbeatSeconds() < 1
                || config.unreachableAfterSeconds() < 1) {
            throw new IllegalArgumentException("refreshSeconds, requestTimeoutSeconds, heartbeatSeconds and"
                    + " unreachableAfterSeconds of configuration " + PID + " must be positive");
        }
        this.heartbeatSeconds = config.heartbeatSeconds();
        this.unreachableAfter = Duration.ofSeconds(config.unreachableAfterSeconds());
        this.heartbeatTimeout = Duration.ofMillis(Math.max(1000, config.unreachableAfterSeconds() * 500L));
        this.db = db;
        this.store = store;
        this.box = box;
        this.clock = clock;
        this.requestTimeoutMillis = config.requestTimeoutSeconds() * 1000;
        db.migrate(
                "cluster",
                "io.cengjiyun.cluster",
                Clusters.class.getClassLoader(),
                List.of("V1__cluster.sql", "V2__allotments_without_cascade.sql"));
        for (ClusterRows.Stored stored : db.read("read the clusters", ClusterRows::all)) {
            adopt(stored);
        }
        checks.scheduleWithFixedDelay(this::refreshAll, 0, config.refreshSeconds(), TimeUnit.SECONDS);
        heartbeats.scheduleWithFixedDelay(this::beat, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
    }

    @Deactivate
    void close() {
        heartbeats.shutdownNow();
        checks.shutdownNow();
        live.values().forEach(LiveCluster::close);
        live.clear();
    }

    /**
     * A heartbeat of each cluster whose last one is done: a cluster that stops answering is unreachable within
     * unreachableAfterSeconds; one that answers again is checked at once (its informers relisted) instead of at the
     * next refresh.
     */
    private void beat() {
        for (LiveCluster cluster : live.values()) {
            String name = cluster.name();
            if (!beating.add(name)) {
                continue;
            }
            try {
                heartbeats.execute(() -> {
                    try {
                        if (cluster.heartbeat(
                                heartbeatTimeout, unreachableAfter, Duration.ofSeconds(heartbeatSeconds))) {
                            recover(cluster);
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("The heartbeat of cluster {} failed: {}", name, e.toString());
                    } finally {
                        beating.remove(name);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                beating.remove(name); // closing
            }
        }
    }

    /** A check at once of a cluster that answers again, at most one per RECOVERY_PAUSE (a check that fails). */
    private void recover(LiveCluster cluster) {
        long now = System.nanoTime();
        Long last = recovered.get(cluster.name());
        if (last != null && now - last < RECOVERY_PAUSE_NANOS) {
            return;
        }
        recovered.put(cluster.name(), now);
        try {
            checks.execute(() -> {
                if (live.get(cluster.name()) == cluster) {
                    LOG.info("Cluster {} answers again: checking it and relisting its caches", cluster.name());
                    cluster.refresh();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void refreshAll() {
        try {
            startGate.await(Duration.ofSeconds(60), Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // closing
        }
        try {
            if (db.shared()) {
                syncWithDatabase();
            }
        } catch (RuntimeException e) {
            LOG.warn("Reading the registered clusters failed: {}", e.toString());
        }
        try {
            kubeconfigs.scan(this::storedKubeconfig, this::register);
        } catch (RuntimeException e) {
            LOG.warn("Reading the kubeconfigs of {} failed: {}", kubeconfigs, e.toString());
        }
        for (LiveCluster cluster : live.values()) {
            try {
                cluster.refresh();
            } catch (RuntimeException e) {
                LOG.warn("Checking cluster {} failed: {}", cluster.name(), e.toString());
            }
        }
    }

    /** The kubeconfig a cluster is registered with now, or null. */
    private String storedKubeconfig(String name) {
        return db.read("read cluster '" + name + "'", ClusterRows::all).stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .map(c -> box.open(
                        c.sealedKubeconfig(), "credentials of cluster '" + name + "'", "register the cluster again"))
                .orElse(null);
    }

    @Override
    public List<ClusterInfo> clusters() {
        List<ClusterInfo> all = new ArrayList<>();
        live.values().forEach(c -> all.add(c.info()));
        all.sort((a, b) -> a.name().compareTo(b.name()));
        return all;
    }

    @Override
    public ClusterInfo cluster(String name) {
        return liveCluster(name).info();
    }

    @Override
    public ClusterConnection connection(String name) {
        return liveCluster(name);
    }

    @Override
    public ClusterInfo refresh(String name) {
        return liveCluster(name).refresh();
    }

    @Override
    public synchronized ClusterInfo register(String name, String kubeconfig) {
        Checks checks = new Checks(new ArrayList<>());
        checks.dnsLabel("name", name, Checks.MAX_LABEL);
        Config config = null;
        if (kubeconfig == null || kubeconfig.isBlank()) {
            checks.error(
                    "kubeconfig", "is missing: give the content of a kubeconfig file (its current context is used)");
        } else {
            try {
                config = parse(kubeconfig);
            } catch (IllegalArgumentException e) {
                checks.error("kubeconfig", e.getMessage());
            }
        }
        ValidationException.throwIfAny(checks.errors());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String server = config.getMasterUrl();
        Instant registered = db.write(
                "register cluster '" + name + "'", c -> ClusterRows.upsert(c, name, server, box.seal(kubeconfig), now));
        return install(name, kubeconfig, digest(kubeconfig), registered).refresh();
    }

    /** Connects a cluster with this kubeconfig as the live one of its name, closing the one it replaces. */
    private LiveCluster install(String name, String kubeconfig, String digest, Instant registeredAt) {
        LiveCluster fresh = connect(name, kubeconfig, registeredAt);
        LiveCluster old = live.put(name, fresh);
        kubeconfigDigests.put(name, digest);
        if (old != null) {
            old.close();
        }
        return fresh;
    }

    @Override
    public synchronized void remove(String name) {
        liveCluster(name);
        List<String> users = new ArrayList<>();
        for (Service service : store.listServices()) {
            for (AppMap appMap : store.listAppMaps(service.name())) {
                if (name.equals(appMap.cluster())) {
                    users.add(service.name() + "/" + appMap.name());
                }
            }
        }
        if (!users.isEmpty()) {
            throw new ConflictException(
                    "cluster '" + name + "' holds the appmaps " + users + ": delete or move them first");
        }
        db.write("remove cluster '" + name + "'", c -> {
            List<String> allotted = ClusterRows.servicesAllotted(c, name);
            if (!allotted.isEmpty()) {
                throw new ConflictException("cluster '" + name + "' is allotted to the services " + allotted
                        + ": remove it from their allotments first");
            }
            return ClusterRows.delete(c, name);
        });
        forget(name);
    }

    private void forget(String name) {
        LiveCluster gone = live.remove(name);
        kubeconfigDigests.remove(name);
        if (gone != null) {
            gone.close();
        }
    }

    /**
     * The clusters as the database has them, which other replicas sharing it change: a cluster registered elsewhere
     * is connected, one registered again with another kubeconfig reconnected, one removed closed. Every
     * refreshSeconds, and for a name this runtime does not know ({@link #liveCluster}).
     */
    synchronized void syncWithDatabase() {
        List<ClusterRows.Stored> stored = db.read("read the clusters", ClusterRows::all);
        Set<String> names = new HashSet<>();
        for (ClusterRows.Stored row : stored) {
            names.add(row.name());
            adopt(row);
        }
        for (String name : List.copyOf(live.keySet())) {
            if (!names.contains(name)) {
                LOG.info("Cluster {} was removed (by another replica): closing its connection", name);
                forget(name);
            }
        }
    }

    /** Connects a stored cluster unless it is live with the same kubeconfig; true when it is live after. */
    private boolean adopt(ClusterRows.Stored stored) {
        String name = stored.name();
        try {
            String kubeconfig = box.open(
                    stored.sealedKubeconfig(), "credentials of cluster '" + name + "'", "register the cluster again");
            String digest = digest(kubeconfig);
            if (live.containsKey(name) && digest.equals(kubeconfigDigests.get(name))) {
                return true;
            }
            boolean known = live.containsKey(name);
            install(name, kubeconfig, digest, stored.createdAt());
            if (known) {
                LOG.info("Cluster {} was registered again (by another replica): reconnected", name);
            }
            return true;
        } catch (RuntimeException e) {
            LOG.error("Cluster '{}' cannot be connected: {}", name, e.getMessage());
            return false;
        }
    }

    private static String digest(String text) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<Allotment> allotments(String service) {
        requireService(service);
        return db.read("read the allotments of service '" + service + "'", c -> ClusterRows.allotments(c, service));
    }

    @Override
    public List<Allotment> allot(String service, List<Allotment> allotments) {
        if (allotments == null) {
            throw new ValidationException(
                    "body",
                    "is empty: send a list, e.g. [{\"cluster\": \"local\", \"cpu\": \"4\","
                            + " \"memory\": \"8Gi\", \"pods\": 50, \"storage\": \"20Gi\"}]");
        }
        Checks checks = new Checks(new ArrayList<>());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < allotments.size(); i++) {
            Allotment a = allotments.get(i);
            String at = "[" + i + "]";
            if (a == null) {
                checks.error(at, "is null: give {cluster, cpu, memory, pods, storage}");
                continue;
            }
            if (checks.dnsLabel(at + ".cluster", a.cluster(), Checks.MAX_LABEL)) {
                if (!seen.add(a.cluster())) {
                    checks.error(at + ".cluster", "'" + a.cluster() + "' is listed twice: list each cluster once");
                } else if (!live.containsKey(a.cluster())) {
                    checks.error(
                            at + ".cluster",
                            "'" + a.cluster() + "' is not a registered cluster: register it first"
                                    + " (POST /api/v1/clusters)");
                }
            }
            checks.quantity(at + ".cpu", a.cpu());
            checks.quantity(at + ".memory", a.memory());
            checks.quantity(at + ".storage", a.storage());
            checks.range(at + ".pods", a.pods(), 0, MAX_ALLOTTED_PODS);
        }
        ValidationException.throwIfAny(checks.errors());
        requireService(service);
        ValidationException.throwIfAny(heldBack(service, allotments));
        db.write("set the allotments of service '" + service + "'", c -> {
            ClusterRows.replaceAllotments(c, service, allotments);
            return null;
        });
        return allotments(service);
    }

    /**
     * The appmaps a service has placed must stay within its allotments: an allotment cannot drop below what they
     * reserve, nor go while appmaps are on its cluster.
     */
    private List<FieldError> heldBack(String service, List<Allotment> allotments) {
        Map<String, Map<String, Quota>> byCluster = new TreeMap<>();
        for (AppMap appMap : store.listAppMaps(service)) {
            byCluster
                    .computeIfAbsent(appMap.cluster(), c -> new LinkedHashMap<>())
                    .put(appMap.name(), appMap.quota());
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < allotments.size(); i++) {
            Allotment a = allotments.get(i);
            errors.addAll(QuotaCheck.holds("[" + i + "]", a, byCluster.getOrDefault(a.cluster(), Map.of())));
            byCluster.remove(a.cluster());
        }
        byCluster.forEach((cluster, appMaps) -> errors.add(new FieldError(
                "body",
                "leaves out cluster '" + cluster
                        + "', on which service '" + service + "' has the appmaps " + appMaps.keySet()
                        + ": keep its allotment, or delete those appmaps first")));
        return errors;
    }

    private void requireService(String service) {
        if (store.findService(service).isEmpty()) {
            throw new NotFoundException("service '" + service + "'");
        }
    }

    private LiveCluster liveCluster(String name) {
        LiveCluster cluster = live.get(name);
        if (cluster == null && db.shared()) { // registered through another replica since this one last looked
            cluster = adoptRegistered(name);
        }
        if (cluster == null) {
            throw new NotFoundException("cluster '" + name + "'");
        }
        return cluster;
    }

    private synchronized LiveCluster adoptRegistered(String name) {
        LiveCluster cluster = live.get(name);
        if (cluster != null) {
            return cluster;
        }
        for (ClusterRows.Stored row : db.read("read cluster '" + name + "'", ClusterRows::all)) {
            if (row.name().equals(name) && adopt(row)) {
                LOG.info("Cluster {} was registered by another replica: connected", name);
                cluster = live.get(name);
                cluster.refresh(); // checked and its caches listed, as a registration here does
                return cluster;
            }
        }
        return null;
    }

    private LiveCluster connect(String name, String kubeconfig, Instant registeredAt) {
        LiveCluster cluster = withBundleLoader(
                () -> new LiveCluster(name, parse(kubeconfig), registeredAt, http, clock, this::reachability));
        cluster.want(wanted());
        return cluster;
    }

    /** A bundle wants more kinds cached (the whiteboard of {@link CacheRequest}). */
    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCacheRequest(CacheRequest request) {
        Set<Class<?>> kinds = new HashSet<>();
        for (Class<? extends HasMetadata> kind : request.kinds()) {
            if (CacheRequest.OPTIONAL_KINDS.contains(kind)) {
                kinds.add(kind);
            } else {
                LOG.warn(
                        "A bundle asked to cache {}, which is not one of the optional kinds {}: ignored",
                        kind.getName(),
                        CacheRequest.OPTIONAL_KINDS.stream()
                                .map(Class::getSimpleName)
                                .sorted()
                                .toList());
            }
        }
        requests.put(request, kinds);
        wantedChanged();
    }

    void removeCacheRequest(CacheRequest request) {
        if (requests.remove(request) != null) {
            wantedChanged();
        }
    }

    private Set<Class<?>> wanted() {
        Set<Class<?>> all = new HashSet<>();
        requests.values().forEach(all::addAll);
        return all;
    }

    private void wantedChanged() {
        Set<Class<?>> now = wanted();
        live.values().forEach(cluster -> cluster.want(now));
    }

    /** Tells that a cluster became reachable or unreachable (or was found so at its first check). */
    private void reachability(ClusterInfo info) {
        events.publish(DomainEvent.builder(info.reachable() ? Topics.CLUSTER_REACHABLE : Topics.CLUSTER_UNREACHABLE)
                .cluster(info.name())
                .cause(info.message())
                .timestamp(info.checkedAt())
                .build());
    }

    /**
     * fabric8 finds its model classes with ServiceLoader on the thread's context loader; a request thread's loader
     * (Jersey's, or a test's) may see a second copy of them ("APIGroup not a subtype"). This bundle's loader sees one.
     */
    static <T> T withBundleLoader(java.util.function.Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Clusters.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** @throws IllegalArgumentException saying what is wrong with the kubeconfig */
    private Config parse(String kubeconfig) {
        Config config;
        try {
            config = withBundleLoader(() -> Config.fromKubeconfig(kubeconfig));
        } catch (RuntimeException e) {
            String why = e.getMessage() == null
                    ? e.toString()
                    : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("is not a usable kubeconfig (" + why.strip() + "): give the content of a"
                    + " kubeconfig file, as kubectl uses it");
        }
        if (config.getMasterUrl() == null
                || config.getMasterUrl().isBlank()
                || config.getMasterUrl().equals("https://kubernetes.default.svc/")) {
            throw new IllegalArgumentException(
                    "names no API server: its current context must point at a cluster with a" + " server address");
        }
        config.setRequestTimeout(requestTimeoutMillis);
        // A check must fail fast: the periodic check is the retry (fabric8 would retry 10 times with back-off).
        config.setRequestRetryBackoffLimit(0);
        config.setConnectionTimeout(Math.min(requestTimeoutMillis, 5000));
        // HTTP/1.1, a pooled connection per request under way, not one HTTP/2 connection for every request: under CI's
        // load (a load average of 16 on 2 cores) a runtime's 14 informer lists, its heartbeats and its actions all
        // timed out together for 10 s on the one HTTP/2 connection of JDK 17's client while the API server answered
        // the other runtimes; a stalled connection now holds up one request, not the cluster. (Watches and execs are
        // WebSockets, on connections of their own either way.)
        config.setHttp2Disable(true);
        return config;
    }
}
