/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import io.cengjiyun.lifecycle.ServerObjectContributor;
import io.cengjiyun.lifecycle.ServerObjects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A server whose image (or an init container's) is named by a registry of its service, {@code <address>/<repository>},
 * gets that registry's pull secret in its pods' {@code imagePullSecrets}, on every apply. The secret's name does not
 * change with the password: a new password reaches the pods through the secret itself, without a rollout. Pull secrets
 * the definition lists itself are kept.
 */
@Component(service = ServerObjectContributor.class)
public class RegistryImages implements ServerObjectContributor {
    private final Registries registries;

    @Activate
    public RegistryImages(@Reference Registries registries) {
        this.registries = registries;
    }

    @Override
    public void contribute(ServerObjects objects) {
        PodSpec pod = objects.podTemplate().getSpec();
        if (pod == null) {
            return;
        }
        List<String> images = Stream.concat(
                        pod.getContainers() == null ? Stream.<Container>empty() : pod.getContainers().stream(),
                        pod.getInitContainers() == null ? Stream.<Container>empty() : pod.getInitContainers().stream())
                .map(Container::getImage)
                .toList();
        if (images.stream().noneMatch(image -> image != null && image.indexOf('/') > 0)) {
            return; // only Docker Hub's short names: no registry of a service to look up
        }
        List<String> needed = new ArrayList<>();
        for (Registry r : registries.list(objects.service())) {
            if (images.stream().anyMatch(image -> RegistryRules.isFrom(image, r.address()))) {
                needed.add(RegistryRules.secretName(r.name()));
            }
        }
        if (needed.isEmpty()) {
            return;
        }
        List<LocalObjectReference> secrets =
                pod.getImagePullSecrets() == null ? new ArrayList<>() : new ArrayList<>(pod.getImagePullSecrets());
        for (String name : needed) {
            if (secrets.stream().noneMatch(s -> name.equals(s.getName()))) {
                secrets.add(new LocalObjectReference(name));
            }
        }
        pod.setImagePullSecrets(secrets);
    }
}
