/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.ServerDefinition;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pod template of a server: its containers and the pod fields of its definition. */
final class PodTemplates {
    private final KubernetesFields fields;

    PodTemplates(KubernetesFields fields) {
        this.fields = fields;
    }

    /**
     * @param restartPolicy null for the Kubernetes default (Always), which is the only one a Deployment,
     *        StatefulSet or DaemonSet accepts
     */
    PodTemplateSpec build(ServerDefinition def, Labels labels, String restartPolicy) {
        ObjectMeta meta = new ObjectMeta();
        meta.setLabels(labels.withUser(def.labels()));
        meta.setAnnotations(copy(def.annotations()));
        PodSpec spec = new PodSpec();
        spec.setContainers(containers("containers", def.containers()));
        spec.setInitContainers(containers("initContainers", def.initContainers()));
        spec.setNodeSelector(copy(def.nodeSelector()));
        spec.setTolerations(tolerations(def.tolerations()));
        if (def.affinity() != null && !def.affinity().isEmpty()) {
            spec.setAffinity(fields.convert(def.affinity(), Affinity.class, "affinity", "the affinity"));
        }
        spec.setServiceAccountName(def.serviceAccountName());
        if (def.terminationGracePeriodSeconds() != null) {
            spec.setTerminationGracePeriodSeconds(
                    def.terminationGracePeriodSeconds().longValue());
        }
        spec.setRestartPolicy(restartPolicy);
        PodTemplateSpec template = new PodTemplateSpec();
        template.setMetadata(meta);
        template.setSpec(spec);
        return template;
    }

    private List<Container> containers(String field, List<io.cengjiyun.api.Container> given) {
        List<Container> result = new ArrayList<>();
        if (given == null) {
            return result;
        }
        for (int i = 0; i < given.size(); i++) {
            io.cengjiyun.api.Container c = given.get(i);
            result.add(fields.convert(c, Container.class, field + "[" + i + "]", "container '" + c.name() + "'"));
        }
        return result;
    }

    private List<Toleration> tolerations(List<Map<String, Object>> given) {
        List<Toleration> result = new ArrayList<>();
        if (given == null) {
            return result;
        }
        for (int i = 0; i < given.size(); i++) {
            result.add(fields.convert(given.get(i), Toleration.class, "tolerations[" + i + "]", "a toleration"));
        }
        return result;
    }

    /** A copy, so that contributors changing the template never change the stored definition. */
    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
    }
}
