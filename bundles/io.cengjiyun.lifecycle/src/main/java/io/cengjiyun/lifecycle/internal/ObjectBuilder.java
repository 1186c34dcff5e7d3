/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.validation.HierarchyValidator;
import io.cengjiyun.lifecycle.ApiVersions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a stored server definition into the objects to apply: its controller, of the definition's kind, with the
 * pod template. Contributors add the rest. Pure: the same input gives equal objects, and nothing is sent anywhere.
 */
public final class ObjectBuilder {
    private final PodTemplates podTemplates = new PodTemplates(new KubernetesFields());

    /**
     * @throws ValidationException naming every invalid field of the definition, or the first field of a container,
     *         toleration or affinity that Kubernetes does not know
     */
    public BuiltServerObjects build(
            String service, String appMap, String namespace, ServerDefinition def, ApiVersions apiVersions) {
        // A stored definition was valid when stored; checking again guards against definitions written by an
        // older or newer bundle, and against callers that build from unchecked input.
        ValidationException.throwIfAny(HierarchyValidator.validate(def));
        Labels labels = new Labels(service, appMap, def.name());
        ObjectMeta meta = new ObjectMeta();
        meta.setName(def.name());
        meta.setNamespace(namespace);
        meta.setLabels(labels.withUser(def.labels()));
        meta.setAnnotations(def.annotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(def.annotations()));
        LabelSelector selector = new LabelSelector(null, Map.copyOf(labels.selector()));
        PodTemplateSpec template;
        HasMetadata controller;
        switch (def.kind()) {
            case Deployment -> {
                template = podTemplates.build(def, labels, null);
                controller = Workloads.deployment(def, meta, selector, template);
            }
            case StatefulSet -> {
                template = podTemplates.build(def, labels, null);
                controller = Workloads.statefulSet(def, meta, selector, template);
            }
            case DaemonSet -> {
                template = podTemplates.build(def, labels, null);
                controller = Workloads.daemonSet(def, meta, selector, template);
            }
            case Job -> {
                template = podTemplates.build(def, labels, Jobs.restartPolicy(def, Jobs.JOB_RESTART_POLICY));
                controller = Jobs.job(def, meta, template);
            }
            case CronJob -> {
                template = podTemplates.build(def, labels, Jobs.restartPolicy(def, Jobs.CRON_JOB_RESTART_POLICY));
                controller = Jobs.cronJob(apiVersions.cronJob(), def, meta, Jobs.jobTemplateMeta(meta), template);
            }
            default -> throw new IllegalArgumentException("Unknown server kind " + def.kind());
        }
        return new BuiltServerObjects(service, appMap, namespace, def, apiVersions, labels, controller, template);
    }
}
