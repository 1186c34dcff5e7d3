/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Quota;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The objects that place an appmap on its cluster: its namespace, a ResourceQuota with the appmap's quota and a
 * LimitRange with container defaults. Under a quota of cpu or memory Kubernetes admits only containers that state
 * requests and limits of them; the defaults let containers that state none run, and are capped by the quota so
 * that one such container always fits.
 */
final class PlacementObjects {
    static final String SERVICE_LABEL = "cengjiyun.io/service";
    static final String APPMAP_LABEL = "cengjiyun.io/appmap";
    static final String QUOTA = "cengjiyun-quota";
    static final String DEFAULTS = "cengjiyun-defaults";
    static final String DEFAULT_REQUEST_CPU = "100m";
    static final String DEFAULT_REQUEST_MEMORY = "128Mi";
    static final String DEFAULT_LIMIT_CPU = "500m";
    static final String DEFAULT_LIMIT_MEMORY = "512Mi";

    private PlacementObjects() {}

    static Map<String, String> labels(AppMap appMap) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LiveCluster.MANAGED_BY, LiveCluster.PLATFORM);
        labels.put(SERVICE_LABEL, appMap.service());
        labels.put(APPMAP_LABEL, appMap.name());
        return labels;
    }

    static Namespace namespace(AppMap appMap) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(appMap.effectiveNamespace())
                .withLabels(labels(appMap))
                .endMetadata()
                .build();
    }

    /** The quota's hard limits: cpu and memory bound both requests and limits; storage bounds the claims' requests. */
    static Map<String, Quantity> hard(Quota quota) {
        Map<String, Quantity> hard = new LinkedHashMap<>();
        if (quota == null) {
            return hard;
        }
        if (quota.cpu() != null) {
            hard.put("requests.cpu", new Quantity(quota.cpu()));
            hard.put("limits.cpu", new Quantity(quota.cpu()));
        }
        if (quota.memory() != null) {
            hard.put("requests.memory", new Quantity(quota.memory()));
            hard.put("limits.memory", new Quantity(quota.memory()));
        }
        if (quota.pods() != null) {
            hard.put("pods", new Quantity(String.valueOf(quota.pods())));
        }
        if (quota.storage() != null) {
            hard.put("requests.storage", new Quantity(quota.storage()));
        }
        return hard;
    }

    static ResourceQuota resourceQuota(AppMap appMap) {
        return new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName(QUOTA)
                .withNamespace(appMap.effectiveNamespace())
                .withLabels(labels(appMap))
                .endMetadata()
                .withNewSpec()
                .withHard(hard(appMap.quota()))
                .endSpec()
                .build();
    }

    static LimitRange limitRange(AppMap appMap) {
        Quota quota = appMap.quota();
        String cpu = quota == null ? null : quota.cpu();
        String memory = quota == null ? null : quota.memory();
        Map<String, Quantity> request = new LinkedHashMap<>();
        Map<String, Quantity> limit = new LinkedHashMap<>();
        capped(request, "cpu", DEFAULT_REQUEST_CPU, cpu);
        capped(request, "memory", DEFAULT_REQUEST_MEMORY, memory);
        capped(limit, "cpu", DEFAULT_LIMIT_CPU, cpu);
        capped(limit, "memory", DEFAULT_LIMIT_MEMORY, memory);
        return new LimitRangeBuilder()
                .withNewMetadata()
                .withName(DEFAULTS)
                .withNamespace(appMap.effectiveNamespace())
                .withLabels(labels(appMap))
                .endMetadata()
                .withNewSpec()
                .addNewLimit()
                .withType("Container")
                .withDefaultRequest(request)
                .withDefault(limit)
                .endLimit()
                .endSpec()
                .build();
    }

    /** The default, or the quota when that is smaller; nothing when the quota is zero (no container fits anyway). */
    private static void capped(Map<String, Quantity> into, String resource, String standard, String quota) {
        Quantity value = new Quantity(standard);
        if (quota != null) {
            BigDecimal bound = Quantity.getAmountInBytes(new Quantity(quota));
            if (bound.signum() == 0) {
                return;
            }
            if (bound.compareTo(Quantity.getAmountInBytes(value)) < 0) {
                value = new Quantity(quota);
            }
        }
        into.put(resource, value);
    }
}
