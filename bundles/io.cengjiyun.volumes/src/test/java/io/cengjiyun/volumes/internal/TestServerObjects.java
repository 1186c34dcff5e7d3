/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.lifecycle.ApiVersions;
import io.cengjiyun.lifecycle.ServerObjects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of server 'web' in appmap 'dev' of service 'shop' (namespace shop-dev), shaped as the lifecycle
 * builds them: the pod template carries the user's labels under the platform's, and {@link #add} sets the
 * namespace and the platform's labels. The lifecycle's own implementation is not exported.
 * Copied from the ports bundle's tests; the pod has a container 'web', a sidecar 'log' and an init container 'init'.
 */
final class TestServerObjects implements ServerObjects {
    static final Map<String, String> PLATFORM = Map.of(
            "app.kubernetes.io/managed-by",
            "cengjiyun",
            "app.kubernetes.io/name",
            "web",
            "cengjiyun.io/service",
            "shop",
            "cengjiyun.io/appmap",
            "dev",
            "cengjiyun.io/server",
            "web");

    private final ServerDefinition definition;
    private final String cluster;
    private final HasMetadata controller;
    private final PodTemplateSpec template = new PodTemplateSpec();
    private final List<HasMetadata> added = new ArrayList<>();

    TestServerObjects(ServerDefinition definition, String cluster) {
        this.definition = definition;
        this.cluster = cluster;
        Map<String, String> podLabels = new LinkedHashMap<>();
        if (definition.labels() != null) {
            podLabels.putAll(definition.labels());
        }
        podLabels.putAll(PLATFORM);
        ObjectMeta podMeta = new ObjectMeta();
        podMeta.setLabels(podLabels);
        template.setMetadata(podMeta);
        PodSpec pod = new PodSpec();
        pod.setContainers(new ArrayList<>(List.of(container("web"), container("log"))));
        pod.setInitContainers(new ArrayList<>(List.of(container("init"))));
        template.setSpec(pod);
        ObjectMeta meta = new ObjectMeta();
        meta.setName(definition.name());
        meta.setNamespace(namespace());
        meta.setLabels(new LinkedHashMap<>(PLATFORM));
        if (definition.kind() == ServerKind.StatefulSet) {
            StatefulSetSpec spec = new StatefulSetSpec();
            spec.setTemplate(template);
            StatefulSet s = new StatefulSet();
            s.setMetadata(meta);
            s.setSpec(spec);
            controller = s;
        } else {
            DeploymentSpec spec = new DeploymentSpec();
            spec.setTemplate(template);
            Deployment d = new Deployment();
            d.setMetadata(meta);
            d.setSpec(spec);
            controller = d;
        }
    }

    @Override
    public String service() {
        return "shop";
    }

    @Override
    public String appMap() {
        return "dev";
    }

    @Override
    public String cluster() {
        return cluster;
    }

    @Override
    public String namespace() {
        return "shop-dev";
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
        return ApiVersions.current();
    }

    @Override
    public HasMetadata controller() {
        return controller;
    }

    @Override
    public PodTemplateSpec podTemplate() {
        return template;
    }

    @Override
    public void add(HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        meta.setNamespace(namespace());
        Map<String, String> labels = new LinkedHashMap<>();
        if (meta.getLabels() != null) {
            labels.putAll(meta.getLabels());
        }
        labels.putAll(PLATFORM);
        meta.setLabels(labels);
        added.add(object);
    }

    @Override
    public List<HasMetadata> objects() {
        List<HasMetadata> all = new ArrayList<>();
        all.add(controller);
        all.addAll(added);
        return all;
    }

    private static Container container(String name) {
        Container c = new Container();
        c.setName(name);
        c.setImage("busybox:1.36");
        return c;
    }

    List<HasMetadata> added() {
        return added;
    }
}
