/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.lifecycle.ApiVersions;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Definitions written as a user sends them, and objects read as the API server would receive them. */
final class Definitions {
    static final ApiVersions CURRENT = ApiVersions.current();
    static final ApiVersions KUBERNETES_1_20 = new ApiVersions("batch/v1beta1", "autoscaling/v2beta2");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private Definitions() {}

    /** A definition from JSON; single quotes stand for double ones, to keep the tests readable. */
    static ServerDefinition definition(String json) {
        try {
            return JSON.readValue(json.replace('\'', '"'), ServerDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fabric8 object as the JSON the client sends. */
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

    static BuiltServerObjects build(String json, ApiVersions versions) {
        return new ObjectBuilder().build("shop", "dev", "shop-dev", definition(json), versions);
    }
}
