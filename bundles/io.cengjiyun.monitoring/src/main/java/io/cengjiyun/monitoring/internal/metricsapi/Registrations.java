/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterInfo;
import io.cengjiyun.cluster.ClusterRegistry;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the metrics API on every connected cluster that has none, one round at a time (the component repeats
 * them, so clusters registered later get it too), and removes it again. A cluster whose APIService
 * {@value RegistrationObjects#API_SERVICE} is not the platform's is not touched at all. One whose APIService another
 * runtime of the platform holds, and that answers, is left to that runtime; a runtime that stopped answering is taken
 * over. Removal deletes only what still carries this runtime's instance annotation.
 */
final class Registrations {
    private static final Logger LOG = LoggerFactory.getLogger(Registrations.class);
    static final String FIELD_MANAGER = "cengjiyun";

    /**
     * How one object reaches the cluster: Service and Endpoints by server-side apply; the APIService is created, or
     * merge-patched with the labels, annotations and spec the platform owns, because Kubernetes 1.20's aggregator has
     * no field manager ("FieldManager must be installed to run apply": the API server panics and resets the stream).
     * A seam for the mock API server, which cannot create by apply.
     */
    @FunctionalInterface
    interface ObjectApply {
        ObjectApply LIVE = (client, object) -> {
            if (object instanceof GenericKubernetesResource apiService) {
                var apiServices = client.genericKubernetesResources(RegistrationObjects.API_SERVICES);
                String name = apiService.getMetadata().getName();
                if (apiServices.withName(name).get() == null) {
                    apiServices.resource(apiService).create();
                } else {
                    apiServices
                            .withName(name)
                            .patch(PatchContext.of(PatchType.JSON_MERGE), RegistrationObjects.ownedFields(apiService));
                }
            } else {
                client.resource(object)
                        .fieldManager(FIELD_MANAGER)
                        .forceConflicts()
                        .serverSideApply();
            }
        };

        void apply(KubernetesClient client, HasMetadata object);
    }

    private final ClusterRegistry clusters;
    private final FrontProxies proxies;
    private final String instance;
    private final String caPem;
    private final int port;
    /** The configured address to advertise; null: found per cluster. */
    private final InetAddress configured;
    /** Finds this machine's address as the cluster's API server reaches it. */
    private final Function<ClusterConnection, InetAddress> discover;

    private final ObjectApply objectApply;
    private final Clock clock;
    private final Map<String, ClusterStatus> status = new ConcurrentHashMap<>();
    /** The clusters this activation applied something to: what removal visits. */
    private final Set<String> touched = ConcurrentHashMap.newKeySet();

    Registrations(
            ClusterRegistry clusters,
            FrontProxies proxies,
            String instance,
            String caPem,
            int port,
            InetAddress configured,
            Function<ClusterConnection, InetAddress> discover,
            ObjectApply objectApply,
            Clock clock) {
        this.clusters = clusters;
        this.proxies = proxies;
        this.instance = instance;
        this.caPem = caPem;
        this.port = port;
        this.configured = configured;
        this.discover = discover;
        this.objectApply = objectApply;
        this.clock = clock;
    }

    Map<String, ClusterStatus> status() {
        return Map.copyOf(status);
    }

    /** True if any cluster is in error: the next round should come sooner. */
    boolean anyError() {
        return status.values().stream().anyMatch(s -> s.state() == ClusterStatus.State.ERROR);
    }

    /** One round: every registered cluster once. Never throws: each cluster's trouble goes into its status. */
    void round() {
        Set<String> names = new HashSet<>();
        List<ClusterInfo> infos;
        try {
            infos = clusters.clusters();
        } catch (RuntimeException e) {
            LOG.warn("Metrics API: cannot list the registered clusters: {}", e.getMessage());
            return;
        }
        for (ClusterInfo info : infos) {
            names.add(info.name());
            ClusterStatus next;
            try {
                next = info.reachable()
                        ? registerOn(info.name())
                        : error(info.name(), "the cluster is not reachable: " + info.message());
            } catch (KubernetesClientException e) {
                next = error(info.name(), KubeErrors.describe(e));
            } catch (RuntimeException e) {
                next = error(info.name(), e.getMessage() == null ? e.toString() : e.getMessage());
            }
            record(next);
        }
        for (String gone : new ArrayList<>(status.keySet())) {
            if (!names.contains(gone)) {
                status.remove(gone);
                proxies.remove(gone);
                touched.remove(gone);
            }
        }
    }

    private ClusterStatus registerOn(String cluster) {
        ClusterConnection connection = clusters.connection(cluster);
        KubernetesClient client = connection.client();
        ConfigMap authentication = client.configMaps()
                .inNamespace(FrontProxy.NAMESPACE)
                .withName(FrontProxy.CONFIG_MAP)
                .get();
        if (authentication == null) {
            proxies.remove(cluster);
            return error(
                    cluster,
                    "there is no ConfigMap " + FrontProxy.NAMESPACE + "/" + FrontProxy.CONFIG_MAP
                            + ": the API server does not publish how it proxies to aggregated APIs");
        }
        GenericKubernetesResource existing = client.genericKubernetesResources(RegistrationObjects.API_SERVICES)
                .withName(RegistrationObjects.API_SERVICE)
                .get();
        if (existing != null && !RegistrationObjects.platforms(existing)) {
            proxies.remove(cluster);
            return new ClusterStatus(
                    cluster,
                    ClusterStatus.State.FOREIGN,
                    null,
                    "the APIService " + RegistrationObjects.API_SERVICE + " is not the platform's (service "
                            + serviceOf(existing) + "): the cluster has a metrics API, nothing was changed",
                    clock.instant());
        }
        String holder = existing == null ? null : RegistrationObjects.instanceOf(existing);
        if (existing != null && !instance.equals(holder) && RegistrationObjects.available(existing)) {
            proxies.remove(cluster);
            return new ClusterStatus(
                    cluster,
                    ClusterStatus.State.OTHER_RUNTIME,
                    null,
                    "runtime " + holder + " serves it and answers; this runtime takes over if it stops answering",
                    clock.instant());
        }
        proxies.put(FrontProxy.of(cluster, authentication.getData()));
        InetAddress address = configured != null ? configured : discover.apply(connection);
        touched.add(cluster);
        objectApply.apply(client, RegistrationObjects.service(instance));
        objectApply.apply(client, RegistrationObjects.endpoints(instance, ip(address), port));
        objectApply.apply(client, RegistrationObjects.apiService(instance, caPem));
        return new ClusterStatus(cluster, ClusterStatus.State.SERVED, endpoint(address, port), null, clock.instant());
    }

    /**
     * Removes the APIService, the Service and the Endpoints from every cluster this activation registered on, each
     * only if it still carries this runtime's annotation (another runtime may have taken over). The APIService goes
     * first, so the API server stops sending requests before the address goes.
     *
     * @return per cluster, what was removed or why not
     */
    Map<String, String> removeAll() {
        Map<String, String> outcome = new ConcurrentHashMap<>();
        for (String cluster : touched) {
            try {
                outcome.put(cluster, removeFrom(clusters.connection(cluster).client()));
            } catch (KubernetesClientException e) {
                outcome.put(cluster, "not removed: " + KubeErrors.describe(e));
            } catch (RuntimeException e) {
                outcome.put(cluster, "not removed: " + e.getMessage());
            }
            proxies.remove(cluster);
        }
        touched.clear();
        status.clear();
        return outcome;
    }

    /** Visible for the component's parallel removal. */
    Set<String> touched() {
        return Set.copyOf(touched);
    }

    String removeFrom(KubernetesClient client) {
        List<String> removed = new ArrayList<>();
        var apiServices = client.genericKubernetesResources(RegistrationObjects.API_SERVICES);
        GenericKubernetesResource apiService =
                apiServices.withName(RegistrationObjects.API_SERVICE).get();
        if (ours(apiService)) {
            apiServices.withName(RegistrationObjects.API_SERVICE).delete();
            removed.add("APIService " + RegistrationObjects.API_SERVICE);
        }
        Service service = client.services()
                .inNamespace(RegistrationObjects.NAMESPACE)
                .withName(RegistrationObjects.NAME)
                .get();
        if (ours(service)) {
            client.services()
                    .inNamespace(RegistrationObjects.NAMESPACE)
                    .withName(RegistrationObjects.NAME)
                    .delete();
            removed.add("Service");
        }
        Endpoints endpoints = client.endpoints()
                .inNamespace(RegistrationObjects.NAMESPACE)
                .withName(RegistrationObjects.NAME)
                .get();
        if (ours(endpoints)) {
            client.endpoints()
                    .inNamespace(RegistrationObjects.NAMESPACE)
                    .withName(RegistrationObjects.NAME)
                    .delete();
            removed.add("Endpoints");
        }
        return removed.isEmpty()
                ? "nothing of this runtime's was left"
                : "removed " + String.join(", ", removed) + " (" + RegistrationObjects.NAMESPACE + "/"
                        + RegistrationObjects.NAME + ")";
    }

    private boolean ours(HasMetadata object) {
        return object != null
                && RegistrationObjects.platforms(object)
                && instance.equals(RegistrationObjects.instanceOf(object));
    }

    private void record(ClusterStatus next) {
        ClusterStatus before = status.get(next.cluster());
        if (next.sameAs(before)) {
            return; // keep the first time it came to this, and log it once
        }
        status.put(next.cluster(), next);
        switch (next.state()) {
            case SERVED ->
                LOG.info(
                        "Metrics API: cluster {} has the APIService {} pointing at this runtime ({})",
                        next.cluster(),
                        RegistrationObjects.API_SERVICE,
                        next.endpoint());
            case FOREIGN, OTHER_RUNTIME ->
                LOG.info("Metrics API: cluster {} left alone: {}", next.cluster(), next.detail());
            case ERROR -> LOG.warn("Metrics API: cluster {} not served: {}", next.cluster(), next.detail());
        }
    }

    private ClusterStatus error(String cluster, String why) {
        return new ClusterStatus(cluster, ClusterStatus.State.ERROR, null, why, clock.instant());
    }

    /** The address as an Endpoints object takes it: without the scope of an interface's IPv6 address. */
    static String ip(InetAddress address) {
        String host = address.getHostAddress();
        int scope = host.indexOf('%');
        return scope < 0 ? host : host.substring(0, scope);
    }

    static String endpoint(InetAddress address, int port) {
        String host = ip(address);
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @SuppressWarnings("unchecked")
    private static String serviceOf(GenericKubernetesResource apiService) {
        Object spec = apiService.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> s && s.get("service") instanceof Map<?, ?> service) {
            return service.get("namespace") + "/" + service.get("name");
        }
        return "none: served by the API server itself";
    }

    /** The API server's host in the client's URL. */
    static String apiServerHost(KubernetesClient client) {
        return URI.create(client.getMasterUrl().toString()).getHost();
    }
}
