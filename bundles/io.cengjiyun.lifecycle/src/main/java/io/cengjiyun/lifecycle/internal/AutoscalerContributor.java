/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.cengjiyun.api.Autoscaling;
import io.cengjiyun.api.AutoscalingBehavior;
import io.cengjiyun.api.ScalingPolicy;
import io.cengjiyun.api.ScalingRules;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.api.validation.Rules;
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

    /**
     * The schema of one direction of {@code behavior}, written out under scaleUp and scaleDown: {@code /openapi.json}
     * is OpenAPI 3.0, where a reference would point into the whole document.
     */
    private static final String SCALING_RULES = """
            {"type": "object", "additionalProperties": false,
             "properties": {
              "stabilizationWindowSeconds": {"type": "integer", "minimum": 0, "maximum": %1$d},
              "selectPolicy": {"type": "string", "enum": %2$s},
              "policies": {"type": "array", "minItems": 1,
               "items": {"type": "object", "additionalProperties": false,
                "required": ["type", "value", "periodSeconds"],
                "properties": {
                 "type": {"type": "string", "enum": %3$s},
                 "value": {"type": "integer", "minimum": 1},
                 "periodSeconds": {"type": "integer", "minimum": 1, "maximum": %4$d}}}}}}""".formatted(
                    Rules.MAX_STABILIZATION_WINDOW_SECONDS,
                    json(Rules.names(Rules.SelectPolicy.class)),
                    json(Rules.names(Rules.ScalingPolicyType.class)),
                    Rules.MAX_PERIOD_SECONDS);

    /** The JSON Schema of {@code autoscaling}; the core validator checks the bounds and that a target is given. */
    static final String SCHEMA = """
            {"type": "object", "description": "A HorizontalPodAutoscaler of a Deployment or a StatefulSet.",
             "additionalProperties": false, "required": ["maxReplicas"],
             "properties": {
              "minReplicas": {"type": "integer", "minimum": 1, "maximum": %2$d, "default": 1},
              "maxReplicas": {"type": "integer", "minimum": 1, "maximum": %2$d},
              "cpuUtilization": {"type": "integer", "minimum": 1, "maximum": %3$d},
              "memoryUtilization": {"type": "integer", "minimum": 1, "maximum": %3$d},
              "behavior": {"type": "object", "description": "How fast it scales up and down, as the\
             HorizontalPodAutoscaler's spec.behavior; a field left out keeps Kubernetes' default.",
               "additionalProperties": false,
               "properties": {"scaleUp": %1$s, "scaleDown": %1$s}}}}
            """.formatted(SCALING_RULES, Rules.MAX_REPLICAS, Rules.MAX_UTILIZATION);

    /** A JSON array of the names, for the schemas above. */
    private static String json(java.util.List<String> names) {
        return names.stream().map(n -> "\"" + n + "\"").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

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
        spec.setBehavior(behaviorV2(a.behavior()));
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
        spec.setBehavior(behaviorV2beta2(a.behavior()));
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

    private static io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior behaviorV2(
            AutoscalingBehavior b) {
        if (b == null) {
            return null;
        }
        var behavior = new io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior();
        behavior.setScaleUp(rulesV2(b.scaleUp()));
        behavior.setScaleDown(rulesV2(b.scaleDown()));
        return behavior;
    }

    private static io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules rulesV2(ScalingRules r) {
        if (r == null) {
            return null;
        }
        var rules = new io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules();
        rules.setStabilizationWindowSeconds(r.stabilizationWindowSeconds());
        rules.setSelectPolicy(r.selectPolicy());
        if (r.policies() != null) {
            List<io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy> policies = new ArrayList<>();
            for (ScalingPolicy p : r.policies()) {
                var policy = new io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy();
                policy.setType(p.type());
                policy.setValue(p.value());
                policy.setPeriodSeconds(p.periodSeconds());
                policies.add(policy);
            }
            rules.setPolicies(policies);
        }
        return rules;
    }

    private static io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscalerBehavior behaviorV2beta2(
            AutoscalingBehavior b) {
        if (b == null) {
            return null;
        }
        var behavior = new io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscalerBehavior();
        behavior.setScaleUp(rulesV2beta2(b.scaleUp()));
        behavior.setScaleDown(rulesV2beta2(b.scaleDown()));
        return behavior;
    }

    private static io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HPAScalingRules rulesV2beta2(ScalingRules r) {
        if (r == null) {
            return null;
        }
        var rules = new io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HPAScalingRules();
        rules.setStabilizationWindowSeconds(r.stabilizationWindowSeconds());
        rules.setSelectPolicy(r.selectPolicy());
        if (r.policies() != null) {
            List<io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HPAScalingPolicy> policies = new ArrayList<>();
            for (ScalingPolicy p : r.policies()) {
                var policy = new io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HPAScalingPolicy();
                policy.setType(p.type());
                policy.setValue(p.value());
                policy.setPeriodSeconds(p.periodSeconds());
                policies.add(policy);
            }
            rules.setPolicies(policies);
        }
        return rules;
    }
}
