/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.lifecycle.ApiVersions;
import io.cengjiyun.lifecycle.ServerObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The objects of one server being applied, as {@link ObjectBuilder} makes them and contributors extend them. */
public final class BuiltServerObjects implements ServerObjects {
    private final String service;
    private final String appMap;
    private final String namespace;
    private final ServerDefinition definition;
    private final ApiVersions apiVersions;
    private final Labels labels;
    private final HasMetadata controller;
    private final PodTemplateSpec podTemplate;
    private final List<HasMetadata> added = new ArrayList<>();

    private String cluster;

    /** Says which cluster the objects are for. */
    BuiltServerObjects onCluster(String name) {
        this.cluster = name;
        return this;
    }

    @Override
    public String cluster() {
        return cluster;
    }

    BuiltServerObjects(
            String service,
            String appMap,
            String namespace,
            ServerDefinition definition,
            ApiVersions apiVersions,
            Labels labels,
            HasMetadata controller,
            PodTemplateSpec podTemplate) {
        this.service = service;
        this.appMap = appMap;
        this.namespace = namespace;
        this.definition = definition;
        this.apiVersions = apiVersions;
        this.labels = labels;
        this.controller = controller;
        this.podTemplate = podTemplate;
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public String appMap() {
        return appMap;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String server() {
        return definition.name();
    }

    @Override
    public ServerDefinition definition() {
        return definition;
    }

    @Override
    public ApiVersions apiVersions() {
        return apiVersions;
    }

    @Override
    public HasMetadata controller() {
        return controller;
    }

    @Override
    public PodTemplateSpec podTemplate() {
        return podTemplate;
    }

    @Override
    public void add(HasMetadata object) {
        Objects.requireNonNull(object, "object");
        ObjectMeta meta = object.getMetadata() == null ? new ObjectMeta() : object.getMetadata();
        if (meta.getNamespace() != null && !meta.getNamespace().equals(namespace)) {
            throw new IllegalArgumentException(object.getKind() + " '" + meta.getName() + "' names namespace '"
                    + meta.getNamespace() + "', but server '" + server() + "' is in '" + namespace + "'");
        }
        meta.setNamespace(namespace);
        Map<String, String> merged = new LinkedHashMap<>();
        if (meta.getLabels() != null) {
            merged.putAll(meta.getLabels());
        }
        merged.putAll(labels.platform());
        meta.setLabels(merged);
        object.setMetadata(meta);
        added.add(object);
    }

    @Override
    public List<HasMetadata> objects() {
        List<HasMetadata> all = new ArrayList<>(added.size() + 1);
        all.add(controller);
        all.addAll(added);
        return List.copyOf(all);
    }

    /**
     * Makes the applied controller the owner of every added object but PersistentVolumeClaims, so that Kubernetes
     * deletes them with it; a claim holds data and goes only when the user asks.
     */
    public BuiltServerObjects withOwner(OwnerReference owner) {
        Objects.requireNonNull(owner, "owner");
        for (HasMetadata object : added) {
            if (object instanceof PersistentVolumeClaim) {
                continue;
            }
            List<OwnerReference> refs = new ArrayList<>();
            if (object.getMetadata().getOwnerReferences() != null) {
                object.getMetadata().getOwnerReferences().stream()
                        .filter(r -> !Objects.equals(r.getUid(), owner.getUid()))
                        .forEach(refs::add);
            }
            refs.add(owner);
            object.getMetadata().setOwnerReferences(refs);
        }
        return this;
    }
}
