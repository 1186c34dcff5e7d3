/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.AppMapPlacement;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Quota;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.cluster.Allotment;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterInfo;
import io.cengjiyun.cluster.ClusterRegistry;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places appmaps on their clusters: checks them against the service's allotments, and applies their namespace,
 * ResourceQuota and LimitRange by server-side apply (field manager {@value #FIELD_MANAGER}).
 */
@Component(service = AppMapPlacement.class)
public class Placements implements AppMapPlacement {
    static final String FIELD_MANAGER = "cengjiyun";
    private static final Logger LOG = LoggerFactory.getLogger(Placements.class);

    private final ClusterRegistry clusters;
    private final HierarchyStore store;

    @Activate
    public Placements(@Reference ClusterRegistry clusters, @Reference HierarchyStore store) {
        this.clusters = clusters;
        this.store = store;
    }

    @Override
    public void check(AppMap appMap) {
        Allotment allotment = allotment(appMap);
        Map<String, Quota> others = new LinkedHashMap<>();
        for (AppMap other : store.listAppMaps(appMap.service())) {
            if (other.cluster().equals(appMap.cluster()) && !other.name().equals(appMap.name())) {
                others.put(other.name(), other.quota());
            }
        }
        ValidationException.throwIfAny(QuotaCheck.fits(appMap.service(), appMap.quota(), allotment, others));
    }

    private Allotment allotment(AppMap appMap) {
        String service = appMap.service();
        try {
            clusters.cluster(appMap.cluster());
        } catch (NotFoundException e) {
            throw new ValidationException(
                    "cluster", "'" + appMap.cluster() + "' is not a registered cluster: " + allottedOnes(service));
        }
        return clusters.allotments(service).stream()
                .filter(a -> a.cluster().equals(appMap.cluster()))
                .findFirst()
                .orElseThrow(() -> new ValidationException(
                        "cluster",
                        "'" + appMap.cluster() + "' is not allotted to service '" + service + "': "
                                + allottedOnes(service)));
    }

    private String allottedOnes(String service) {
        List<String> allotted =
                clusters.allotments(service).stream().map(Allotment::cluster).toList();
        String how = "a platform administrator allots a cluster with PUT /api/v1/services/" + service + "/allotments";
        return allotted.isEmpty()
                ? "no cluster is allotted to service '" + service + "' yet; " + how
                : "service '" + service + "' may use " + allotted + "; to use another, " + how;
    }

    @Override
    public void place(AppMap appMap) {
        ClusterConnection cluster = connection(appMap);
        String ns = appMap.effectiveNamespace();
        String what = "appmap '" + appMap.name() + "' of service '" + appMap.service() + "'";
        List<String> done = new ArrayList<>();
        boolean created = false;
        try {
            KubernetesClient client = cluster.client();
            Namespace existing = Clusters.withBundleLoader(
                    () -> client.namespaces().withName(ns).get());
            if (existing != null) {
                requireOurs(appMap, cluster.name(), existing);
            }
            created = existing == null;
            apply(client, PlacementObjects.namespace(appMap));
            done.add("namespace " + ns + (created ? " created" : " updated"));
            if (PlacementObjects.hard(appMap.quota()).isEmpty()) {
                // No bound at all (an allotment without bounds): no quota object, and none left from before.
                Clusters.withBundleLoader(() -> client.resourceQuotas()
                        .inNamespace(ns)
                        .withName(PlacementObjects.QUOTA)
                        .delete());
                done.add("no ResourceQuota (the appmap has no quota)");
            } else {
                apply(client, PlacementObjects.resourceQuota(appMap));
                done.add("ResourceQuota " + PlacementObjects.QUOTA + " applied");
            }
            apply(client, PlacementObjects.limitRange(appMap));
            LOG.info(
                    "Placed {} on cluster {}: {}, LimitRange {} applied",
                    what,
                    cluster.name(),
                    String.join(", ", done),
                    PlacementObjects.DEFAULTS);
        } catch (KubernetesClientException | IllegalStateException e) {
            throw notPlaced(appMap, cluster, what, done, created, e);
        }
    }

    private static void apply(KubernetesClient client, HasMetadata object) {
        Clusters.withBundleLoader(() -> client.resource(object)
                .fieldManager(FIELD_MANAGER)
                .forceConflicts()
                .serverSideApply());
    }

    /** The namespace must be this appmap's: made by the platform for the same service and appmap, and not going. */
    private static void requireOurs(AppMap appMap, String cluster, Namespace existing) {
        String ns = appMap.effectiveNamespace();
        Map<String, String> labels = existing.getMetadata().getLabels() == null
                ? Map.of()
                : existing.getMetadata().getLabels();
        if (!LiveCluster.PLATFORM.equals(labels.get(LiveCluster.MANAGED_BY))) {
            throw new ConflictException("namespace '" + ns + "' already exists on cluster '" + cluster
                    + "' and was not made"
                    + " by the platform (it lacks the label " + LiveCluster.MANAGED_BY + "=" + LiveCluster.PLATFORM
                    + "): the appmap was not placed; give the appmap another namespace (field namespace), or delete that"
                    + " namespace first");
        }
        String service = labels.get(PlacementObjects.SERVICE_LABEL);
        String name = labels.get(PlacementObjects.APPMAP_LABEL);
        if (!appMap.service().equals(service) || !appMap.name().equals(name)) {
            throw new ConflictException(
                    "namespace '" + ns + "' on cluster '" + cluster + "' belongs to appmap '" + name + "' of service '"
                            + service + "': the appmap was not placed; give it another namespace (field namespace)");
        }
        if (existing.getMetadata().getDeletionTimestamp() != null) {
            throw new ConflictException(
                    "namespace '" + ns + "' on cluster '" + cluster + "' is still being deleted (since "
                            + existing.getMetadata().getDeletionTimestamp()
                            + "): the appmap was not placed; try again once it is"
                            + " gone (usually seconds)");
        }
    }

    private RuntimeException notPlaced(
            AppMap appMap,
            ClusterConnection cluster,
            String what,
            List<String> done,
            boolean created,
            RuntimeException error) {
        String why = ClusterErrors.explain(cluster.name(), cluster.info().server(), error);
        String ns = appMap.effectiveNamespace();
        StringBuilder message =
                new StringBuilder(what + " was not placed on cluster '" + cluster.name() + "': " + why + ".");
        message.append(
                done.isEmpty()
                        ? " Nothing was changed on the cluster."
                        : " Done before the failure: " + String.join(", ", done) + ".");
        if (created) {
            try {
                Clusters.withBundleLoader(
                        () -> cluster.client().namespaces().withName(ns).delete());
                message.append(" The namespace it had created was deleted again.");
            } catch (KubernetesClientException | IllegalStateException again) {
                message.append(" The namespace ")
                        .append(ns)
                        .append(" it had created could not be deleted again (")
                        .append(again.getMessage())
                        .append("): delete it, or create the appmap again, which takes it over.");
            }
        }
        LOG.warn("{}", message);
        if (error instanceof KubernetesClientException kce && kce.getCode() == 409) {
            return new ConflictException(message.toString());
        }
        return new UnavailableException(message.toString(), error);
    }

    @Override
    public void remove(AppMap appMap) {
        ClusterConnection cluster = connection(appMap);
        String ns = appMap.effectiveNamespace();
        String what = "appmap '" + appMap.name() + "' of service '" + appMap.service() + "'";
        try {
            KubernetesClient client = cluster.client();
            Namespace existing = Clusters.withBundleLoader(
                    () -> client.namespaces().withName(ns).get());
            if (existing == null) {
                return;
            }
            Map<String, String> labels = existing.getMetadata().getLabels() == null
                    ? Map.of()
                    : existing.getMetadata().getLabels();
            if (!LiveCluster.PLATFORM.equals(labels.get(LiveCluster.MANAGED_BY))
                    || !Objects.equals(appMap.service(), labels.get(PlacementObjects.SERVICE_LABEL))
                    || !Objects.equals(appMap.name(), labels.get(PlacementObjects.APPMAP_LABEL))) {
                LOG.warn(
                        "Namespace {} on cluster {} is not {}'s (labels {}): left alone",
                        ns,
                        cluster.name(),
                        what,
                        labels);
                return;
            }
            Clusters.withBundleLoader(() -> client.namespaces().withName(ns).delete());
            LOG.info("Removed {} from cluster {}: namespace {} deleted", what, cluster.name(), ns);
        } catch (KubernetesClientException | IllegalStateException e) {
            throw new UnavailableException(
                    "namespace '" + ns + "' of " + what + " was not deleted from cluster '"
                            + cluster.name() + "': "
                            + ClusterErrors.explain(
                                    cluster.name(), cluster.info().server(), e)
                            + ". The appmap is kept; delete it again once the cluster answers.",
                    e);
        }
    }

    /** The appmap's cluster; one known not to answer is a 503 at once, nothing tried on it. */
    private ClusterConnection connection(AppMap appMap) {
        try {
            ClusterConnection cluster = clusters.connection(appMap.cluster());
            ClusterInfo info = cluster.info();
            if (!info.reachable() && info.checkedAt() != null) {
                throw new UnavailableException(
                        "nothing was done for appmap '" + appMap.name() + "' of service '" + appMap.service()
                                + "' on cluster '" + appMap.cluster() + "': "
                                + (info.message() == null ? "it does not answer" : info.message())
                                + ". The appmap is kept as it was; try again once the cluster answers.",
                        null);
            }
            return cluster;
        } catch (NotFoundException e) {
            throw new UnavailableException(
                    "appmap '" + appMap.name() + "' of service '" + appMap.service() + "' is on cluster '"
                            + appMap.cluster()
                            + "', which is no longer registered: nothing was done on it; register the cluster"
                            + " again (POST /api/v1/clusters)",
                    e);
        }
    }
}
