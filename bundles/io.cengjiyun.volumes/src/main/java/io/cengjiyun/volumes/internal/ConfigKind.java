/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

/**
 * The two kinds of an appmap's configuration, each applied as the Kubernetes object of the same name in the
 * appmap's namespace and mounted by volumes of the type {@link #volumeType()}.
 */
enum ConfigKind {
    CONFIG_MAP("configmap", "config map", "config", "ConfigMap"),
    SECRET("secret", "secret", "secret", "Secret");

    private final String id;
    private final String noun;
    private final String volumeType;
    private final String kubernetesKind;

    ConfigKind(String id, String noun, String volumeType, String kubernetesKind) {
        this.id = id;
        this.noun = noun;
        this.volumeType = volumeType;
        this.kubernetesKind = kubernetesKind;
    }

    /** As stored and in the pod annotation: {@code configmap}, {@code secret}. */
    String id() {
        return id;
    }

    /** For messages: "config map". */
    String noun() {
        return noun;
    }

    /** The {@code type} of a volume that mounts one. */
    String volumeType() {
        return volumeType;
    }

    String kubernetesKind() {
        return kubernetesKind;
    }

    /**
     * The pod-template annotation that carries the digest of one's data, so that a change of the data changes the
     * template and rolls the pods. Both prefixes are 12 characters: a name of at most {@link ConfigRules#MAX_NAME}
     * keeps the annotation's name within Kubernetes' 63.
     */
    String hashAnnotation(String name) {
        return (this == CONFIG_MAP ? "cengjiyun.io/config-hash-" : "cengjiyun.io/secret-hash-") + name;
    }

    static ConfigKind ofVolumeType(String type) {
        for (ConfigKind k : values()) {
            if (k.volumeType.equals(type)) {
                return k;
            }
        }
        return null;
    }

    static ConfigKind ofId(String id) {
        for (ConfigKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("no config kind " + id);
    }
}
