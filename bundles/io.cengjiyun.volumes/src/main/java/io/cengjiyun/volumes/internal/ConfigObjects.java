/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.AppMap;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kubernetes object of a stored config map or secret, named as it is, in the appmap's namespace, with the
 * platform's labels of the appmap (no server's: it belongs to the appmap, and outlives every server that uses it).
 * A secret's values go in {@code data} (Base64), not {@code stringData}: server-side apply then owns each key, and a
 * key removed from the platform is removed from the Secret.
 */
final class ConfigObjects {
    static final String CONFIG_LABEL = "cengjiyun.io/config";

    private ConfigObjects() {}

    static HasMetadata of(AppMap appMap, AppConfig config) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(PodVolumes.MANAGED_BY, PodVolumes.PLATFORM);
        labels.put(PodVolumes.NAME, config.name());
        labels.put(PodVolumes.SERVICE, appMap.service());
        labels.put(PodVolumes.APPMAP, appMap.name());
        labels.put(CONFIG_LABEL, config.kind().id());
        if (config.kind() == ConfigKind.CONFIG_MAP) {
            ConfigMap map = new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(config.name())
                    .withNamespace(appMap.effectiveNamespace())
                    .withLabels(labels)
                    .endMetadata()
                    .withData(new TreeMap<>(config.data()))
                    .build();
            return map;
        }
        Map<String, String> encoded = new TreeMap<>();
        config.data()
                .forEach((k, v) ->
                        encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(config.name())
                .withNamespace(appMap.effectiveNamespace())
                .withLabels(labels)
                .endMetadata()
                .withType("Opaque")
                .withData(encoded)
                .build();
        return secret;
    }
}
