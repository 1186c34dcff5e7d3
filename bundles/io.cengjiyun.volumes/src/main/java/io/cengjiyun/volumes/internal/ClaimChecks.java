/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.Volume;
import io.cengjiyun.api.validation.Checks;
import io.cengjiyun.lifecycle.ServerObjects;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checks of a server's claims against what the cluster has, so that a change Kubernetes would refuse is refused
 * with the field and the way out: a claim cannot shrink, grows only where its storage class allows expansion, and
 * keeps its storage class and access mode; a StatefulSet's claim templates never change once it exists; a named
 * storage class must exist. Without a cluster (tests building objects alone) nothing is checked.
 */
final class ClaimChecks {
    private final ClusterStorage storage;

    ClaimChecks(ClusterStorage storage) {
        this.storage = storage;
    }

    List<FieldError> check(ServerObjects objects) {
        Checks c = new Checks(new ArrayList<>());
        List<Volume> volumes = objects.definition().volumes();
        if (objects.cluster() == null || volumes == null) {
            return c.errors();
        }
        try {
            if (objects.definition().kind() == ServerKind.StatefulSet) {
                templates(c, objects, volumes);
            } else {
                claims(c, objects, volumes);
            }
        } catch (KubernetesClientException e) {
            throw new UnavailableException(
                    "Could not check the storage classes of server '" + objects.server()
                            + "': cluster '" + objects.cluster() + "' does not answer (" + e.getMessage()
                            + "). Nothing was"
                            + " applied; retry when the cluster answers.",
                    e);
        }
        return c.errors();
    }

    private void claims(Checks c, ServerObjects objects, List<Volume> volumes) {
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            if (!VolumeRules.PERSISTENT.equals(v.type())) {
                continue;
            }
            String f = "volumes[" + i + "]";
            String name = VolumeRules.claimName(objects.server(), v.name());
            PersistentVolumeClaim live = storage.claim(objects.cluster(), objects.namespace(), name);
            if (live == null || live.getSpec() == null) {
                storageClassExists(c, f, objects.cluster(), v);
                continue;
            }
            PersistentVolumeClaimSpec spec = live.getSpec();
            String what = "claim '" + name + "'";
            unchangedClass(c, f, what, v, spec.getStorageClassName());
            unchangedMode(c, f, what, v, spec.getAccessModes());
            String liveSize = requested(spec);
            BigDecimal before = VolumeRules.amount(liveSize);
            BigDecimal after = VolumeRules.amount(v.size());
            if (before == null || after == null || after.compareTo(before) == 0) {
                continue;
            }
            if (after.compareTo(before) < 0) {
                c.error(
                        f + ".size",
                        "is " + v.size() + ", but " + what + " has " + liveSize + ", and Kubernetes cannot"
                                + " shrink a claim: keep " + liveSize
                                + " or more, or give the volume another name for a new"
                                + " claim (the old one keeps its data until the server is deleted with its volumes)");
                continue;
            }
            String className = spec.getStorageClassName();
            StorageClass sc = className == null || className.isEmpty()
                    ? null
                    : storage.storageClass(objects.cluster(), className);
            if (sc == null || !Boolean.TRUE.equals(sc.getAllowVolumeExpansion())) {
                c.error(
                        f + ".size",
                        "is " + v.size() + ", but " + what + " has " + liveSize + " and "
                                + (className == null || className.isEmpty()
                                        ? "no storage class, so it cannot grow"
                                        : sc == null
                                                ? "its storage class '" + className
                                                        + "' no longer exists, so it cannot grow"
                                                : "its storage class '" + className + "' does not allow expansion"
                                                        + " (allowVolumeExpansion is not true)")
                                + ": keep " + liveSize + ", or ask the cluster's administrator to allow expansion");
            }
        }
    }

    /** A StatefulSet's claim templates cannot change; its claims are made from them, one per pod. */
    private void templates(Checks c, ServerObjects objects, List<Volume> volumes) {
        StatefulSet live = storage.statefulSet(objects.cluster(), objects.namespace(), objects.server());
        Map<String, PersistentVolumeClaim> liveTemplates = new LinkedHashMap<>();
        if (live != null && live.getSpec() != null && live.getSpec().getVolumeClaimTemplates() != null) {
            live.getSpec()
                    .getVolumeClaimTemplates()
                    .forEach(t -> liveTemplates.put(t.getMetadata().getName(), t));
        }
        String fix = "Kubernetes never changes the volume claim templates of a StatefulSet that exists. Keep the"
                + " volumes as they are, or delete the server (its claims are kept unless you ask) and create it again";
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            if (!VolumeRules.PERSISTENT.equals(v.type())) {
                continue;
            }
            String f = "volumes[" + i + "]";
            if (live == null) {
                storageClassExists(c, f, objects.cluster(), v);
                continue;
            }
            PersistentVolumeClaim t = liveTemplates.remove(v.name());
            String what = "StatefulSet '" + objects.server() + "'";
            if (t == null) {
                c.error(
                        f,
                        "is a new persistent volume, but " + what + " exists without a claim template '" + v.name()
                                + "'. " + fix + ".");
                continue;
            }
            String liveSize = requested(t.getSpec());
            BigDecimal before = VolumeRules.amount(liveSize);
            BigDecimal after = VolumeRules.amount(v.size());
            if (before != null && after != null && before.compareTo(after) != 0) {
                c.error(
                        f + ".size",
                        "is " + v.size() + ", but the claim template '" + v.name() + "' of " + what + " says "
                                + liveSize + ". " + fix + ".");
            }
            if (v.storageClass() != null && !v.storageClass().equals(t.getSpec().getStorageClassName())) {
                c.error(
                        f + ".storageClass",
                        "is '" + v.storageClass() + "', but the claim template '" + v.name() + "' of " + what + " says "
                                + shown(t.getSpec().getStorageClassName()) + ". " + fix + ".");
            }
            if (!List.of(VolumeRules.accessMode(v)).equals(t.getSpec().getAccessModes())) {
                c.error(
                        f + ".accessMode",
                        "is " + VolumeRules.accessMode(v) + ", but the claim template '" + v.name() + "' of " + what
                                + " says " + t.getSpec().getAccessModes() + ". " + fix + ".");
            }
        }
        if (live != null && !liveTemplates.isEmpty()) {
            c.error(
                    "volumes",
                    "no longer has the persistent volumes " + liveTemplates.keySet() + " that StatefulSet '"
                            + objects.server() + "' has claim templates for. " + fix + ".");
        }
    }

    private void storageClassExists(Checks c, String f, String cluster, Volume v) {
        if (v.storageClass() == null || storage.storageClass(cluster, v.storageClass()) != null) {
            return;
        }
        List<String> known = storage.storageClasses(cluster);
        c.error(
                f + ".storageClass",
                "'" + v.storageClass() + "' is no storage class of cluster '" + cluster + "': "
                        + (known.isEmpty()
                                ? "it has none, so claims cannot be provisioned; ask its administrator"
                                : "use one of " + String.join(", ", known)
                                        + ", or leave it out for the cluster's default"));
    }

    private static void unchangedClass(Checks c, String f, String what, Volume v, String liveClass) {
        if (v.storageClass() != null && !v.storageClass().equals(liveClass)) {
            c.error(
                    f + ".storageClass",
                    "is '" + v.storageClass() + "', but " + what + " exists with storage class "
                            + shown(liveClass) + ", and a claim's class cannot change: use " + shown(liveClass)
                            + " (or leave"
                            + " it out), or give the volume another name for a new claim");
        }
    }

    private static void unchangedMode(Checks c, String f, String what, Volume v, List<String> liveModes) {
        if (liveModes != null
                && !liveModes.isEmpty()
                && !Objects.equals(List.of(VolumeRules.accessMode(v)), liveModes)) {
            c.error(
                    f + ".accessMode",
                    "is " + VolumeRules.accessMode(v) + (v.accessMode() == null ? " (the default)" : "")
                            + ", but " + what + " exists with " + String.join(", ", liveModes)
                            + ", and a claim's access mode"
                            + " cannot change: use " + liveModes.get(0)
                            + ", or give the volume another name for a new claim");
        }
    }

    private static String requested(PersistentVolumeClaimSpec spec) {
        if (spec == null || spec.getResources() == null || spec.getResources().getRequests() == null) {
            return null;
        }
        Quantity q = spec.getResources().getRequests().get("storage");
        return q == null ? null : q.toString();
    }

    private static String shown(String storageClass) {
        return storageClass == null || storageClass.isEmpty() ? "none" : "'" + storageClass + "'";
    }
}
