/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.UpdateStrategy;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;

/**
 * The controllers of long-running servers: Deployment, StatefulSet, DaemonSet (apps/v1 on every supported
 * cluster). A strategy left out of the definition is left to Kubernetes' default (RollingUpdate).
 */
final class Workloads {
    private static final String ROLLING_UPDATE = "RollingUpdate";

    private Workloads() {}

    static Deployment deployment(
            ServerDefinition def, ObjectMeta meta, LabelSelector selector, PodTemplateSpec template) {
        DeploymentSpec spec = new DeploymentSpec();
        spec.setReplicas(def.replicas());
        spec.setSelector(selector);
        spec.setTemplate(template);
        UpdateStrategy s = def.updateStrategy();
        if (s != null) {
            DeploymentStrategy strategy = new DeploymentStrategy();
            strategy.setType(type(s));
            if (ROLLING_UPDATE.equals(strategy.getType()) && (s.maxSurge() != null || s.maxUnavailable() != null)) {
                strategy.setRollingUpdate(
                        new RollingUpdateDeployment(intOrString(s.maxSurge()), intOrString(s.maxUnavailable())));
            }
            spec.setStrategy(strategy);
            spec.setMinReadySeconds(s.minReadySeconds());
            spec.setProgressDeadlineSeconds(s.progressDeadlineSeconds());
        }
        Deployment deployment = new Deployment();
        deployment.setMetadata(meta);
        deployment.setSpec(spec);
        return deployment;
    }

    /**
     * Pods are started and stopped all at once (Parallel): stop and start scale the whole set, which would
     * otherwise take one pod at a time. Rolling updates stay one pod at a time whatever the policy.
     */
    /** The suffix of a StatefulSet's headless Service, its serviceName. */
    static final String HEADLESS_SUFFIX = "-headless";

    static StatefulSet statefulSet(
            ServerDefinition def, ObjectMeta meta, LabelSelector selector, PodTemplateSpec template) {
        StatefulSetSpec spec = new StatefulSetSpec();
        // The headless Service of this name comes from the ports bundle whatever the ports' exposure (serviceName
        // cannot change once the set exists); it gives each pod its stable DNS name.
        spec.setServiceName(meta.getName() + HEADLESS_SUFFIX);
        spec.setReplicas(def.replicas());
        spec.setSelector(selector);
        spec.setTemplate(template);
        spec.setPodManagementPolicy("Parallel");
        UpdateStrategy s = def.updateStrategy();
        if (s != null) {
            StatefulSetUpdateStrategy strategy = new StatefulSetUpdateStrategy();
            strategy.setType(type(s));
            if (ROLLING_UPDATE.equals(strategy.getType()) && (s.partition() != null || s.maxUnavailable() != null)) {
                strategy.setRollingUpdate(
                        new RollingUpdateStatefulSetStrategy(intOrString(s.maxUnavailable()), s.partition()));
            }
            spec.setUpdateStrategy(strategy);
            spec.setMinReadySeconds(s.minReadySeconds());
        }
        StatefulSet statefulSet = new StatefulSet();
        statefulSet.setMetadata(meta);
        statefulSet.setSpec(spec);
        return statefulSet;
    }

    static DaemonSet daemonSet(
            ServerDefinition def, ObjectMeta meta, LabelSelector selector, PodTemplateSpec template) {
        DaemonSetSpec spec = new DaemonSetSpec();
        spec.setSelector(selector);
        spec.setTemplate(template);
        UpdateStrategy s = def.updateStrategy();
        if (s != null) {
            DaemonSetUpdateStrategy strategy = new DaemonSetUpdateStrategy();
            strategy.setType(type(s));
            if (ROLLING_UPDATE.equals(strategy.getType()) && (s.maxSurge() != null || s.maxUnavailable() != null)) {
                strategy.setRollingUpdate(
                        new RollingUpdateDaemonSet(intOrString(s.maxSurge()), intOrString(s.maxUnavailable())));
            }
            spec.setUpdateStrategy(strategy);
            spec.setMinReadySeconds(s.minReadySeconds());
        }
        DaemonSet daemonSet = new DaemonSet();
        daemonSet.setMetadata(meta);
        daemonSet.setSpec(spec);
        return daemonSet;
    }

    private static String type(UpdateStrategy s) {
        return s.type() == null ? ROLLING_UPDATE : s.type();
    }

    private static IntOrString intOrString(io.cengjiyun.api.IntOrString value) {
        if (value == null) {
            return null;
        }
        return new IntOrString(value.value());
    }
}
