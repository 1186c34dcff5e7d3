/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ServerDefinition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Definitions written as a user sends them, objects read as the API server would receive them. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private Fixtures() {}

    /** A definition from JSON; single quotes stand for double ones, to keep the tests readable. */
    static ServerDefinition definition(String json) {
        try {
            return JSON.readValue(json.replace('\'', '"'), ServerDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server 'web' of the kind with one container and these volumes. */
    static ServerDefinition web(String kind, String volumesJson) {
        return definition("""
                {'name': 'web', 'kind': '%s', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'volumes': %s}""".formatted(kind, volumesJson));
    }

    static JsonNode sent(Object object) {
        try {
            return JSON.readTree(KUBERNETES.asJson(object));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String json) {
        try {
            return JSON.readTree(json.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The errors by field, as a client reads them from the problem's list. */
    static Map<String, String> byField(List<FieldError> errors) {
        return errors.stream()
                .collect(Collectors.toMap(FieldError::field, FieldError::message, (a, b) -> a + " | " + b));
    }

    /** A claim as the cluster has it. */
    static PersistentVolumeClaim claim(String name, String size, String storageClass, String accessMode) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("shop-dev")
                .endMetadata()
                .withNewSpec()
                .withAccessModes(accessMode)
                .withStorageClassName(storageClass)
                .withNewResources()
                .addToRequests("storage", new Quantity(size))
                .endResources()
                .endSpec()
                .build();
    }
}
