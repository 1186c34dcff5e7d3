/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The live objects of one server, as the informer caches hold them at one moment; pods being deleted included.
 *
 * @param controller null when it is not on the cluster
 * @param autoscaler null when there is none (any autoscaling version)
 * @param events the events of the namespace whose object is one of these
 */
record Snapshot(
        String server,
        String namespace,
        HasMetadata controller,
        List<ReplicaSet> replicaSets,
        List<ControllerRevision> revisions,
        List<Pod> pods,
        List<Service> services,
        List<Endpoints> endpoints,
        List<PersistentVolumeClaim> claims,
        HasMetadata autoscaler,
        List<Event> events) {

    /** The same objects with their events. */
    Snapshot withEvents(List<Event> found) {
        return new Snapshot(
                server,
                namespace,
                controller,
                replicaSets,
                revisions,
                pods,
                services,
                endpoints,
                claims,
                autoscaler,
                found);
    }

    /** Every object of the server, for raw reads and for matching events. */
    List<HasMetadata> all() {
        List<HasMetadata> all = new ArrayList<>();
        if (controller != null) {
            all.add(controller);
        }
        all.addAll(replicaSets);
        all.addAll(revisions);
        all.addAll(pods);
        all.addAll(services);
        all.addAll(endpoints);
        all.addAll(claims);
        if (autoscaler != null) {
            all.add(autoscaler);
        }
        return all;
    }

    /**
     * The events of a namespace that are about one of {@code objects} (by uid, or kind and name when no uid), or about a
     * pod of the server that is gone (its name starts with the server's and the pod is no longer there).
     */
    static List<Event> about(String server, List<HasMetadata> objects, List<Event> namespaceEvents) {
        Set<String> uids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (HasMetadata o : objects) {
            if (o.getMetadata().getUid() != null) {
                uids.add(o.getMetadata().getUid());
            }
            names.add(o.getKind() + "/" + o.getMetadata().getName());
        }
        List<Event> mine = new ArrayList<>();
        for (Event e : namespaceEvents) {
            var involved = e.getInvolvedObject();
            if (involved == null) {
                continue;
            }
            boolean known = involved.getUid() != null && uids.contains(involved.getUid());
            boolean named = involved.getUid() == null && names.contains(involved.getKind() + "/" + involved.getName());
            boolean gonePod = "Pod".equals(involved.getKind())
                    && involved.getName() != null
                    && involved.getName().startsWith(server + "-")
                    && !names.contains("Pod/" + involved.getName());
            if (known || named || gonePod) {
                mine.add(e);
            }
        }
        return mine;
    }
}
