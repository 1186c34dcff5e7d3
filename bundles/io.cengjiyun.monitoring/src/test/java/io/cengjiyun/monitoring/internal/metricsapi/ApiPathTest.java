/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ApiPathTest {
    private static final String V1BETA1 = "/apis/metrics.k8s.io/v1beta1";

    @Test
    void discoveryAndHealth() {
        assertEquals(ApiPath.Kind.GROUP_LIST, ApiPath.parse("/apis").kind());
        assertEquals(ApiPath.Kind.GROUP, ApiPath.parse("/apis/metrics.k8s.io").kind());
        assertEquals(ApiPath.Kind.RESOURCES, ApiPath.parse(V1BETA1).kind());
        assertEquals(ApiPath.Kind.RESOURCES, ApiPath.parse(V1BETA1 + "/").kind());
        assertEquals(ApiPath.Kind.HEALTH, ApiPath.parse("/healthz").kind());
        assertEquals(ApiPath.Kind.HEALTH, ApiPath.parse("/readyz").kind());
        assertEquals(ApiPath.Kind.HEALTH, ApiPath.parse("/livez/ping").kind());
        assertEquals(ApiPath.Kind.UNKNOWN, ApiPath.parse("/openapi/v2").kind());
    }

    @Test
    void metricsPathsSayWhatAReviewNeeds() {
        assertEquals(new ApiPath(ApiPath.Kind.METRICS, "nodes", null, null), ApiPath.parse(V1BETA1 + "/nodes"));
        assertEquals(new ApiPath(ApiPath.Kind.METRICS, "nodes", null, "n1"), ApiPath.parse(V1BETA1 + "/nodes/n1"));
        assertEquals(new ApiPath(ApiPath.Kind.METRICS, "pods", null, null), ApiPath.parse(V1BETA1 + "/pods"));
        ApiPath list = ApiPath.parse(V1BETA1 + "/namespaces/dev/pods");
        assertEquals(new ApiPath(ApiPath.Kind.METRICS, "pods", "dev", null), list);
        assertEquals("list", list.verb());
        ApiPath one = ApiPath.parse(V1BETA1 + "/namespaces/dev/pods/web-1");
        assertEquals("get", one.verb());
        assertEquals("dev/web-1", one.qualifiedName());
    }

    @Test
    void otherPathsUnderTheVersionAreUnknown() {
        assertEquals(
                ApiPath.Kind.UNKNOWN, ApiPath.parse(V1BETA1 + "/namespaces/dev").kind());
        assertEquals(
                ApiPath.Kind.UNKNOWN,
                ApiPath.parse(V1BETA1 + "/namespaces/dev/pods/a/b").kind());
        assertEquals(ApiPath.Kind.UNKNOWN, ApiPath.parse(V1BETA1 + "/nodes/a/b").kind());
        assertEquals(
                ApiPath.Kind.UNKNOWN,
                ApiPath.parse(V1BETA1 + "/namespaces//pods").kind());
        assertEquals(ApiPath.Kind.UNKNOWN, ApiPath.parse(V1BETA1 + "/services").kind());
    }
}
