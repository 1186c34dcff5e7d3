/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.Autoscaling;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.lifecycle.ApiVersions;
import io.cengjiyun.lifecycle.ServerObjectContributor;
import io.cengjiyun.lifecycle.ServerObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Adds the HorizontalPodAutoscaler of a server that has autoscaling, in the version the cluster serves
 * (autoscaling/v2, or v2beta2 before Kubernetes 1.23): both have the same shape, in different classes.
 */
@Component(service = ServerObjectContributor.class)
public final class AutoscalerContributor implements ServerObjectContributor {

    /** The JSON Schema of {@code autoscaling}; the core validator checks the bounds and that a target is given. */
    static final String SCHEMA = """
            {"type": "object", "description": "A HorizontalPodAutoscaler of a Deployment or a StatefulSet.",
             "additionalProperties": false, "required": ["maxReplicas"],
             "properties": {
              "minReplicas": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 1},
              "maxReplicas": {"type": "integer", "minimum": 1, "maximum": 1000},
              "cpuUtilization": {"type": "integer", "minimum": 1, "maximum": 1000},
              "memoryUtilization": {"type": "integer", "minimum": 1, "maximum": 1000}}}
            """;

    @Override
    public java.util.Map<String, String> sectionSchemas() {
        return java.util.Map.of("autoscaling", SCHEMA);
    }

    @Override
    public void contribute(ServerObjects objects) {
        Autoscaling a = objects.definition().autoscaling();
        if (a == null) {
            return;
        }
        ServerKind kind = objects.definition().kind();
        if (kind != ServerKind.Deployment && kind != ServerKind.StatefulSet) {
            throw new ValidationException(
                    "autoscaling",
                    "only a Deployment or a StatefulSet can be autoscaled, not a " + kind
                            + ": remove autoscaling or change the kind");
        }
        ObjectMeta meta = new ObjectMeta();
        meta.setName(objects.server());
        HasMetadata controller = objects.controller();
        objects.add(
                ApiVersions.AUTOSCALING_V2.equals(objects.apiVersions().autoscaler())
                        ? v2(meta, controller, a)
                        : v2beta2(meta, controller, a));
    }

    private static HasMetadata v2(ObjectMeta meta, HasMetadata target, Autoscaling a) {
        var ref = new io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference(
                target.getApiVersion(), target.getKind(), target.getMetadata().getName());
        List<io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec> metrics = new ArrayList<>();
        addV2(metrics, "cpu", a.cpuUtilization());
        addV2(metrics, "memory", a.memoryUtilization());
        var spec = new io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec();
        spec.setScaleTargetRef(ref);
        spec.setMinReplicas(a.minReplicas());
        spec.setMaxReplicas(a.maxReplicas());
        spec.setMetrics(metrics);
        var hpa = new io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler();
        hpa.setMetadata(meta);
        hpa.setSpec(spec);
        return hpa;
    }

    private static void addV2(
            List<io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec> metrics,
            String resource,
            Integer utilization) {
        if (utilization == null) {
            return;
        }
        var target = new io.fabric8.kubernetes.api.model.autoscaling.v2.MetricTarget();
        target.setType("Utilization");
        target.setAverageUtilization(utilization);
        var source = new io.fabric8.kubernetes.api.model.autoscaling.v2.ResourceMetricSource();
        source.setName(resource);
        source.setTarget(target);
        var metric = new io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec();
        metric.setType("Resource");
        metric.setResource(source);
        metrics.add(metric);
    }

    private static HasMetadata v2beta2(ObjectMeta meta, HasMetadata target, Autoscaling a) {
        var ref = new io.fabric8.kubernetes.api.model.autoscaling.v2beta2.CrossVersionObjectReference(
                target.getApiVersion(), target.getKind(), target.getMetadata().getName());
        List<io.fabric8.kubernetes.api.model.autoscaling.v2beta2.MetricSpec> metrics = new ArrayList<>();
        addV2beta2(metrics, "cpu", a.cpuUtilization());
        addV2beta2(metrics, "memory", a.memoryUtilization());
        var spec = new io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscalerSpec();
        spec.setScaleTargetRef(ref);
        spec.setMinReplicas(a.minReplicas());
        spec.setMaxReplicas(a.maxReplicas());
        spec.setMetrics(metrics);
        var hpa = new io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscaler();
        hpa.setMetadata(meta);
        hpa.setSpec(spec);
        return hpa;
    }

    private static void addV2beta2(
            List<io.fabric8.kubernetes.api.model.autoscaling.v2beta2.MetricSpec> metrics,
            String resource,
            Integer utilization) {
        if (utilization == null) {
            return;
        }
        var target = new io.fabric8.kubernetes.api.model.autoscaling.v2beta2.MetricTarget();
        target.setType("Utilization");
        target.setAverageUtilization(utilization);
        var source = new io.fabric8.kubernetes.api.model.autoscaling.v2beta2.ResourceMetricSource();
        source.setName(resource);
        source.setTarget(target);
        var metric = new io.fabric8.kubernetes.api.model.autoscaling.v2beta2.MetricSpec();
        metric.setType("Resource");
        metric.setResource(source);
        metrics.add(metric);
    }
}
