/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.NotFoundException;
import io.cengjiyun.api.Server;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.Volume;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterRegistry;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The persistent volume claims of an appmap with who uses them, from the cluster's informer caches (the platform's
 * claims only: those of its servers and of their StatefulSets' templates) and the stored definitions. No request to
 * the cluster.
 */
final class VolumesLookup {
    static final String MISSING = "Missing";
    private static final Pattern ORDINAL = Pattern.compile("\\d+");

    private final HierarchyStore store;
    private final ClusterRegistry clusters;

    VolumesLookup(HierarchyStore store, ClusterRegistry clusters) {
        this.store = store;
        this.clusters = clusters;
    }

    AppMap appMap(String service, String appmap) {
        return store.findAppMap(service, appmap)
                .orElseThrow(() -> new NotFoundException("appmap '" + appmap + "' of service '" + service + "'"));
    }

    List<ClaimView> claims(String service, String appmap) {
        AppMap appMap = appMap(service, appmap);
        List<Server> servers = store.listServers(service, appmap);
        ClusterConnection connection = clusters.connection(appMap.cluster());
        List<PersistentVolumeClaim> live;
        try {
            live = connection.cached(PersistentVolumeClaim.class, appMap.effectiveNamespace());
        } catch (IllegalArgumentException e) { // no informers: the cluster has not been reached since it was registered
            throw new UnavailableException(
                    "the claims of appmap '" + appmap + "' are unknown: cluster '"
                            + appMap.cluster() + "' has not been reached yet ("
                            + connection.info().message() + "). Its stored"
                            + " volumes are in the servers' definitions; ask again once the cluster answers.",
                    null);
        }
        return claims(servers, live);
    }

    static List<ClaimView> claims(List<Server> servers, List<PersistentVolumeClaim> live) {
        List<ClaimView> views = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (PersistentVolumeClaim pvc : live) {
            String name = pvc.getMetadata().getName();
            seen.add(name);
            Map<String, String> labels = pvc.getMetadata().getLabels() == null
                    ? Map.of()
                    : pvc.getMetadata().getLabels();
            Set<String> users = new TreeSet<>();
            String volume = null;
            for (Server s : servers) {
                String v = volumeOf(s, name);
                if (v != null) {
                    users.add(s.name());
                    volume = volume == null ? v : volume;
                }
            }
            var spec = pvc.getSpec();
            var status = pvc.getStatus();
            views.add(new ClaimView(
                    name,
                    labels.get(PodVolumes.SERVER),
                    volume,
                    status == null ? null : status.getPhase(),
                    status == null || status.getCapacity() == null
                            ? null
                            : shown(status.getCapacity().get("storage")),
                    spec == null
                                    || spec.getResources() == null
                                    || spec.getResources().getRequests() == null
                            ? null
                            : shown(spec.getResources().getRequests().get("storage")),
                    spec == null ? null : spec.getStorageClassName(),
                    spec == null || spec.getAccessModes() == null ? List.of() : List.copyOf(spec.getAccessModes()),
                    List.copyOf(users)));
        }
        for (Server s : servers) {
            if (s.definition().kind() == ServerKind.StatefulSet
                    || s.definition().volumes() == null) {
                continue; // a StatefulSet's claims are made per pod by Kubernetes, and named after them
            }
            for (Volume v : s.definition().volumes()) {
                if (v == null || !VolumeRules.PERSISTENT.equals(v.type())) {
                    continue;
                }
                String name = VolumeRules.claimName(s.name(), v.name());
                if (seen.add(name)) {
                    views.add(new ClaimView(
                            name,
                            s.name(),
                            v.name(),
                            MISSING,
                            null,
                            v.size(),
                            v.storageClass(),
                            List.of(VolumeRules.accessMode(v)),
                            List.of(s.name())));
                }
            }
        }
        views.sort(Comparator.comparing(ClaimView::name));
        return views;
    }

    /**
     * The persistent volume of the server that the claim belongs to: {@code <server>-<volume>}, or for a StatefulSet
     * {@code <volume>-<server>-<ordinal>}; null if none.
     */
    static String volumeOf(Server server, String claim) {
        List<Volume> volumes = server.definition().volumes();
        if (volumes == null) {
            return null;
        }
        boolean statefulSet = server.definition().kind() == ServerKind.StatefulSet;
        for (Volume v : volumes) {
            if (v == null || !VolumeRules.PERSISTENT.equals(v.type())) {
                continue;
            }
            if (!statefulSet && claim.equals(VolumeRules.claimName(server.name(), v.name()))) {
                return v.name();
            }
            String prefix = v.name() + "-" + server.name() + "-";
            if (statefulSet
                    && claim.startsWith(prefix)
                    && ORDINAL.matcher(claim.substring(prefix.length())).matches()) {
                return v.name();
            }
        }
        return null;
    }

    private static String shown(Quantity q) {
        return q == null ? null : q.toString();
    }
}
