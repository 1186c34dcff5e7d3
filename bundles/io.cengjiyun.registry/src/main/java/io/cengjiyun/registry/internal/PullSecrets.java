/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.Leader;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.event.DomainEvent;
import io.cengjiyun.api.event.Topics;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.lifecycle.ServerRuntime;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an image pull secret per registry ({@code cj-registry-<name>}, type {@code kubernetes.io/dockerconfigjson}) in
 * every appmap namespace of the registry's service: written at once when a registry is made, changed or removed (the
 * answer says, per appmap, whether it was applied), written into a new appmap's namespace when the appmap is created
 * (its domain event), and all of them written again when the bundle starts (for changes made while a cluster did not
 * answer). A changed password changes every secret in place, so pods that could not pull pull on their next retry,
 * without touching their servers. A registry shared with other services has its secret in their appmaps' namespaces
 * too; a service deleted is forgotten by the registries shared with it.
 */
@Component(
        service = {PullSecrets.class, EventHandler.class},
        property = {
            EventConstants.EVENT_TOPIC + "=" + Topics.APPMAP_CREATED,
            EventConstants.EVENT_TOPIC + "=" + Topics.SERVICE_DELETED
        })
public class PullSecrets implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PullSecrets.class);
    static final String LABEL = "cengjiyun.io/registry";

    /** Writes a secret to an appmap's namespace, or deletes it: the cluster side, replaceable in tests. */
    interface Writer {
        void apply(AppMap appMap, Secret secret);

        void delete(AppMap appMap, String name);
    }

    private final HierarchyStore store;
    private final Registries registries;
    private final Writer writer;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cengjiyun-registry-pull-secrets");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public PullSecrets(
            @Reference HierarchyStore store, @Reference Registries registries, @Reference ClusterRegistry clusters) {
        this(store, registries, new LiveWriter(clusters));
    }

    /**
     * The whole sync (every appmap's pull secrets) runs where the lead is: once when a runtime alone starts, once on
     * each replica that takes the lead. A sync after an action runs on the replica that did it (its events). One under
     * way when the lead goes finishes: it writes what the store says, which any replica may write.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setLeader(Leader leader) {
        background.execute(this::syncEverything);
    }

    /** DS wants an unbind for a dynamic reference; a sync under way finishes (see above). */
    void unsetLeader(Leader leader) {}

    PullSecrets(HierarchyStore store, Registries registries, Writer writer) {
        this.store = store;
        this.registries = registries;
        this.writer = writer;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        background.shutdownNow();
        background.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public void handleEvent(org.osgi.service.event.Event event) {
        DomainEvent e;
        try {
            e = DomainEvent.from(event);
        } catch (RuntimeException bad) {
            return;
        }
        if (Topics.SERVICE_DELETED.equals(e.topic()) && e.service() != null) {
            // its namespaces went with it; a later service of that name must be shared with again
            background.execute(() -> registries.forget(e.service()));
            return;
        }
        if (e.service() == null || e.appmap() == null) {
            return;
        }
        background.execute(() -> store.findAppMap(e.service(), e.appmap()).ifPresent(appMap -> {
            for (Registry r : registries.usable(e.service())) {
                sync(appMap, r, ignored -> {});
            }
        }));
    }

    /**
     * The registry's secret applied to every appmap namespace of its service and of the services it is shared with,
     * and deleted from those of the services it was shared with before and is not any more: each appmap's outcome.
     *
     * @param before the registry before the change, null for a new one
     */
    List<RegistryView.SecretSync> apply(Registry registry, Registry before) {
        List<RegistryView.SecretSync> outcomes = new ArrayList<>();
        for (AppMap appMap : appMapsOf(users(registry))) {
            sync(appMap, registry, outcomes::add);
        }
        if (before != null) {
            List<String> dropped = new ArrayList<>(before.sharedWith());
            dropped.removeAll(registry.sharedWith());
            delete(registry, appMapsOf(dropped), outcomes);
        }
        return outcomes;
    }

    /** The registry's secret deleted from every appmap namespace of the services that used it: each outcome. */
    List<RegistryView.SecretSync> remove(Registry registry) {
        List<RegistryView.SecretSync> outcomes = new ArrayList<>();
        delete(registry, appMapsOf(users(registry)), outcomes);
        return outcomes;
    }

    private void delete(Registry registry, List<AppMap> appMaps, List<RegistryView.SecretSync> outcomes) {
        String name = RegistryRules.secretName(registry.name());
        for (AppMap appMap : appMaps) {
            try {
                writer.delete(appMap, name);
                outcomes.add(new RegistryView.SecretSync(appMap.name(), appMap.effectiveNamespace(), "deleted", null));
            } catch (RuntimeException e) {
                outcomes.add(failed(appMap, "deleted", e));
            }
        }
    }

    /** Its own service first, then those it is shared with. */
    private static List<String> users(Registry registry) {
        List<String> services = new ArrayList<>();
        services.add(registry.service());
        services.addAll(registry.sharedWith());
        return services;
    }

    /** The appmaps of those services (a service that has gone has none). */
    private List<AppMap> appMapsOf(List<String> services) {
        List<AppMap> appMaps = new ArrayList<>();
        for (String service : services) {
            if (store.findService(service).isPresent()) {
                appMaps.addAll(store.listAppMaps(service));
            }
        }
        return appMaps;
    }

    private void sync(AppMap appMap, Registry registry, Consumer<RegistryView.SecretSync> outcome) {
        try {
            writer.apply(appMap, secret(appMap, registry));
            outcome.accept(new RegistryView.SecretSync(appMap.name(), appMap.effectiveNamespace(), "applied", null));
        } catch (RuntimeException e) {
            LOG.warn(
                    "The pull secret of registry '{}' could not be applied to appmap '{}' of service '{}': {}",
                    registry.name(),
                    appMap.name(),
                    appMap.service(),
                    e.getMessage());
            outcome.accept(failed(appMap, "applied", e));
        }
    }

    private static RegistryView.SecretSync failed(AppMap appMap, String what, RuntimeException e) {
        return new RegistryView.SecretSync(
                appMap.name(),
                appMap.effectiveNamespace(),
                "failed",
                "not " + what + " in namespace " + appMap.effectiveNamespace() + " of cluster '" + appMap.cluster()
                        + "': " + e.getMessage() + ". It is written again when the platform starts, or at the"
                        + " registry's next change (PUT it again to retry now).");
    }

    private void syncEverything() {
        try {
            List<Service> services = store.listServices();
            java.util.Set<String> names = new java.util.HashSet<>();
            services.forEach(service -> names.add(service.name()));
            for (Registry r : registries.sharedOnes()) { // a service deleted while the platform was down
                r.sharedWith().stream().filter(n -> !names.contains(n)).forEach(registries::forget);
            }
            for (Service service : services) {
                List<Registry> list = registries.usable(service.name());
                if (list.isEmpty()) {
                    continue;
                }
                for (AppMap appMap : store.listAppMaps(service.name())) {
                    for (Registry r : list) {
                        sync(appMap, r, ignored -> {});
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("The registries' pull secrets were not all written again at start: {}", e.getMessage());
        }
    }

    /** The pull secret of a registry in an appmap's namespace. */
    static Secret secret(AppMap appMap, Registry registry) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(RegistryRules.secretName(registry.name()))
                .withNamespace(appMap.effectiveNamespace())
                .addToLabels("app.kubernetes.io/managed-by", "cengjiyun")
                .addToLabels("cengjiyun.io/service", appMap.service())
                .addToLabels(LABEL, registry.name())
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .addToData(
                        ".dockerconfigjson",
                        Base64.getEncoder()
                                .encodeToString(
                                        registry.credentials().dockerConfig().getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    /** The registered clusters, as the platform's field manager. */
    private static final class LiveWriter implements Writer {
        private final ClusterRegistry clusters;

        LiveWriter(ClusterRegistry clusters) {
            this.clusters = clusters;
        }

        @Override
        public void apply(AppMap appMap, Secret secret) {
            run(
                    appMap,
                    k -> k.resource(secret)
                            .fieldManager(ServerRuntime.FIELD_MANAGER)
                            .forceConflicts()
                            .serverSideApply());
        }

        @Override
        public void delete(AppMap appMap, String name) {
            run(
                    appMap,
                    k -> k.secrets()
                            .inNamespace(appMap.effectiveNamespace())
                            .withName(name)
                            .delete());
        }

        private void run(AppMap appMap, Consumer<KubernetesClient> request) {
            KubernetesClient k = clusters.connection(appMap.cluster()).client();
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(PullSecrets.class.getClassLoader()); // fabric8 finds its models on it
            try {
                request.accept(k);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }
}
