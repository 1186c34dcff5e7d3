/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.validation;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Autoscaling;
import io.cengjiyun.api.AutoscalingBehavior;
import io.cengjiyun.api.Container;
import io.cengjiyun.api.ContainerPort;
import io.cengjiyun.api.EnvVar;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.IntOrString;
import io.cengjiyun.api.JobSettings;
import io.cengjiyun.api.Quota;
import io.cengjiyun.api.Resources;
import io.cengjiyun.api.ScalingPolicy;
import io.cengjiyun.api.ScalingRules;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ServerKind;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.UpdateStrategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates services, appmaps and the core fields of server definitions; returns every problem, not just the first.
 * The sections of a definition that a contributor owns (ports, volumes, an extension's) are the contributor's to
 * check ({@code ServerObjectContributor.validate}), so each rule has one home.
 */
public final class HierarchyValidator {
    private static final Pattern ENV_NAME = Pattern.compile(Rules.ENV_NAME);
    private static final Pattern LABEL_KEY = Pattern.compile(Rules.LABEL_KEY);
    private static final Pattern LABEL_VALUE = Pattern.compile(Rules.LABEL_VALUE);
    private static final Pattern CRON = Pattern.compile(Rules.CRON);
    private static final List<String> PULL_POLICIES = Rules.names(Rules.PullPolicy.class);
    private static final List<String> PROTOCOLS = Rules.names(Rules.Protocol.class);
    private static final List<String> STRATEGIES = Rules.names(Rules.Strategy.class);
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(Rules.DNS_SUBDOMAIN);
    private static final List<String> CONCURRENCY_POLICIES = Rules.names(Rules.ConcurrencyPolicy.class);
    private static final List<String> JOB_RESTART_POLICIES = Rules.names(Rules.JobRestartPolicy.class);
    private static final List<String> TOLERATION_FIELDS =
            List.of("key", "operator", "value", "effect", "tolerationSeconds");
    private static final List<String> TOLERATION_OPERATORS = Rules.names(Rules.TolerationOperator.class);
    private static final List<String> TAINT_EFFECTS = Rules.names(Rules.TaintEffect.class);
    private static final int MAX_REPLICAS = Rules.MAX_REPLICAS;
    private static final List<String> SELECT_POLICIES = Rules.names(Rules.SelectPolicy.class);
    private static final List<String> SCALING_POLICY_TYPES = Rules.names(Rules.ScalingPolicyType.class);
    private static final int MAX_STABILIZATION_WINDOW_SECONDS = Rules.MAX_STABILIZATION_WINDOW_SECONDS;
    private static final int MAX_PERIOD_SECONDS = Rules.MAX_PERIOD_SECONDS;

    private HierarchyValidator() {}

    public static List<FieldError> validate(Service service) {
        Checks c = new Checks(new ArrayList<>());
        c.dnsLabel("name", service.name(), Checks.MAX_LABEL);
        c.maxLength("displayName", service.displayName(), Rules.MAX_DISPLAY_NAME);
        c.maxLength("description", service.description(), Rules.MAX_DESCRIPTION);
        return c.errors();
    }

    /**
     * Errors of changing an appmap from {@code current} to {@code changed}: an appmap is one namespace on one cluster
     * for its life, since moving it would leave its namespace behind.
     */
    public static List<FieldError> validateChange(AppMap current, AppMap changed) {
        List<FieldError> errors = new ArrayList<>();
        String hint = ": an appmap cannot move; create another appmap there (and delete this one)";
        if (!java.util.Objects.equals(current.cluster(), changed.cluster())) {
            errors.add(new FieldError(
                    "cluster",
                    "'" + changed.cluster() + "' differs from the appmap's cluster '" + current.cluster() + "'"
                            + hint));
        }
        if (!current.effectiveNamespace().equals(changed.effectiveNamespace())) {
            errors.add(new FieldError(
                    "namespace",
                    "'" + changed.effectiveNamespace() + "' differs from the appmap's namespace '"
                            + current.effectiveNamespace() + "'" + hint));
        }
        return errors;
    }

    public static List<FieldError> validate(AppMap appMap) {
        Checks c = new Checks(new ArrayList<>());
        boolean named = c.dnsLabel("name", appMap.name(), Checks.MAX_LABEL);
        c.dnsLabel("cluster", appMap.cluster(), Checks.MAX_LABEL);
        if (appMap.namespace() != null) {
            c.optionalDnsLabel("namespace", appMap.namespace(), Checks.MAX_LABEL);
        } else if (named
                && appMap.service() != null
                && appMap.effectiveNamespace().length() > Checks.MAX_LABEL) {
            c.error(
                    "namespace",
                    "the default namespace '" + appMap.effectiveNamespace() + "' is longer than " + Checks.MAX_LABEL
                            + " characters: give a shorter appmap name or an explicit namespace");
        }
        c.optionalDnsLabel("environment", appMap.environment(), Checks.MAX_LABEL);
        quota(c, "quota", appMap.quota());
        return c.errors();
    }

    static void quota(Checks c, String field, Quota quota) {
        if (quota == null) {
            return;
        }
        c.quantity(field + ".cpu", quota.cpu());
        c.quantity(field + ".memory", quota.memory());
        c.quantity(field + ".storage", quota.storage());
        c.range(field + ".pods", quota.pods(), 0, Rules.MAX_QUOTA_PODS);
    }

    public static List<FieldError> validate(ServerDefinition def) {
        Checks c = new Checks(new ArrayList<>());
        c.dnsLabel("name", def.name(), Checks.MAX_LABEL);
        if (def.kind() == null) {
            c.error("kind", "is required: one of Deployment, StatefulSet, DaemonSet, Job, CronJob");
        }
        c.range("replicas", def.replicas(), 0, MAX_REPLICAS);
        if (def.kind() == ServerKind.DaemonSet && def.replicas() != null) {
            c.error("replicas", "a DaemonSet runs one pod per node: leave replicas out");
        }
        if (isJob(def.kind()) && def.replicas() != null) {
            c.error(
                    "replicas",
                    "a " + def.kind() + " runs job.completions pods, job.parallelism at a time: leave replicas out");
        }
        if (def.kind() == ServerKind.CronJob) {
            if (c.required("schedule", def.schedule(), "'*/5 * * * *'")
                    && !CRON.matcher(def.schedule().trim()).matches()) {
                c.error(
                        "schedule",
                        "'" + def.schedule() + "' is not a cron schedule: use five fields, e.g. '*/5 * * * *'");
            }
        } else if (def.schedule() != null) {
            c.error("schedule", "only a CronJob has a schedule: remove it or set kind to CronJob");
        }
        if (def.containers() == null || def.containers().isEmpty()) {
            c.error(
                    "containers",
                    "at least one container is required, e.g. [{\"name\": \"web\", \"image\": \"nginx:1.27\"}]");
        } else {
            containers(c, "containers", def.containers(), new HashSet<>(), new HashSet<>(), new HashSet<>());
        }
        if (def.initContainers() != null) {
            containers(c, "initContainers", def.initContainers(), new HashSet<>(), new HashSet<>(), new HashSet<>());
        }
        strategy(c, def.kind(), def.updateStrategy());
        autoscaling(c, def.kind(), def.autoscaling());
        labels(c, "labels", def.labels(), true);
        labels(c, "annotations", def.annotations(), false);
        labels(c, "nodeSelector", def.nodeSelector(), true);
        tolerations(c, def.tolerations());
        if (def.serviceAccountName() != null
                && (def.serviceAccountName().length() > Rules.MAX_SUBDOMAIN
                        || !DNS_SUBDOMAIN.matcher(def.serviceAccountName()).matches())) {
            c.error(
                    "serviceAccountName",
                    "'" + Checks.abbreviate(def.serviceAccountName()) + "' is not a service account"
                            + " name: use lower-case letters, digits, '-' and '.', e.g. 'deployer'");
        }
        c.range("terminationGracePeriodSeconds", def.terminationGracePeriodSeconds(), 0, Integer.MAX_VALUE);
        job(c, def.kind(), def.job());
        return c.errors();
    }

    private static boolean isJob(ServerKind kind) {
        return kind == ServerKind.Job || kind == ServerKind.CronJob;
    }

    private static void containers(
            Checks c,
            String field,
            List<Container> containers,
            Set<String> names,
            Set<String> portNames,
            Set<Integer> portNumbers) {
        for (int i = 0; i < containers.size(); i++) {
            String f = field + "[" + i + "]";
            Container ct = containers.get(i);
            if (ct == null) {
                c.error(f, "is empty: give at least a name and an image");
                continue;
            }
            if (c.dnsLabel(f + ".name", ct.name(), Checks.MAX_LABEL) && !names.add(ct.name())) {
                c.error(
                        f + ".name",
                        "'" + ct.name() + "' is used by another container: container names must be unique");
            }
            if (c.required(f + ".image", ct.image(), "'nginx:1.27'")
                    && ct.image().chars().anyMatch(Character::isWhitespace)) {
                c.error(
                        f + ".image",
                        "'" + ct.image() + "' contains white space: give a reference such as 'registry/name:tag'");
            }
            c.oneOf(f + ".imagePullPolicy", ct.imagePullPolicy(), PULL_POLICIES);
            env(c, f + ".env", ct.env());
            containerPorts(c, f + ".ports", ct.ports(), portNames, portNumbers);
            resources(c, f + ".resources", ct.resources());
        }
    }

    private static void env(Checks c, String field, List<EnvVar> env) {
        if (env == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < env.size(); i++) {
            EnvVar e = env.get(i);
            String f = field + "[" + i + "].name";
            if (e == null || e.name() == null || e.name().isEmpty()) {
                c.error(f, "is required, e.g. 'MODE'");
            } else if (!ENV_NAME.matcher(e.name()).matches()) {
                c.error(
                        f,
                        "'" + e.name()
                                + "' is not a valid variable name: use letters, digits, '_', '-' and '.', not starting with a digit");
            } else if (!seen.add(e.name())) {
                c.error(f, "'" + e.name() + "' is set twice: keep one");
            }
        }
    }

    private static void containerPorts(
            Checks c, String field, List<ContainerPort> ports, Set<String> names, Set<Integer> numbers) {
        if (ports == null) {
            return;
        }
        for (int i = 0; i < ports.size(); i++) {
            ContainerPort p = ports.get(i);
            String f = field + "[" + i + "]";
            if (p == null) {
                c.error(f, "is empty: give a containerPort");
                continue;
            }
            if (c.required(f + ".containerPort", p.containerPort(), "8080")) {
                c.port(f + ".containerPort", p.containerPort());
                numbers.add(p.containerPort());
            }
            c.portName(f + ".name", p.name());
            if (p.name() != null) {
                names.add(p.name());
            }
            c.oneOf(f + ".protocol", p.protocol(), PROTOCOLS);
        }
    }

    private static void resources(Checks c, String field, Resources r) {
        if (r == null) {
            return;
        }
        quantities(c, field + ".requests", r.requests());
        quantities(c, field + ".limits", r.limits());
    }

    private static void quantities(Checks c, String field, Map<String, String> values) {
        if (values != null) {
            values.forEach((k, v) -> c.quantity(field + "." + k, v));
        }
    }

    private static void strategy(Checks c, ServerKind kind, UpdateStrategy s) {
        if (s == null) {
            return;
        }
        if (isJob(kind)) {
            c.error("updateStrategy", "a " + kind + " runs to completion and has no update strategy: remove it");
            return;
        }
        c.oneOf("updateStrategy.type", s.type(), STRATEGIES);
        strategyForKind(c, kind, s);
        c.countOrPercent("updateStrategy.maxSurge", s.maxSurge());
        c.countOrPercent("updateStrategy.maxUnavailable", s.maxUnavailable());
        if (isZero(s.maxSurge()) && isZero(s.maxUnavailable())) {
            c.error("updateStrategy", "maxSurge and maxUnavailable cannot both be 0: the rollout could never progress");
        }
        c.range("updateStrategy.partition", s.partition(), 0, MAX_REPLICAS);
        if (s.partition() != null && kind != null && kind != ServerKind.StatefulSet) {
            c.error("updateStrategy.partition", "only a StatefulSet has a partition");
        }
        c.range("updateStrategy.minReadySeconds", s.minReadySeconds(), 0, Rules.MAX_MIN_READY_SECONDS);
        c.range(
                "updateStrategy.progressDeadlineSeconds",
                s.progressDeadlineSeconds(),
                1,
                Rules.MAX_PROGRESS_DEADLINE_SECONDS);
    }

    /** Each controller knows only some strategies and fields; the cluster would refuse or ignore the others. */
    private static void strategyForKind(Checks c, ServerKind kind, UpdateStrategy s) {
        if (kind == ServerKind.Deployment && "OnDelete".equals(s.type())) {
            c.error("updateStrategy.type", "a Deployment is updated by RollingUpdate or Recreate, not OnDelete");
        }
        if ((kind == ServerKind.StatefulSet || kind == ServerKind.DaemonSet) && "Recreate".equals(s.type())) {
            c.error("updateStrategy.type", "a " + kind + " is updated by RollingUpdate or OnDelete, not Recreate");
        }
        if (s.type() != null
                && !"RollingUpdate".equals(s.type())
                && (s.maxSurge() != null || s.maxUnavailable() != null || s.partition() != null)) {
            c.error(
                    "updateStrategy",
                    "maxSurge, maxUnavailable and partition are for RollingUpdate, not " + s.type()
                            + ": remove them or the type");
        }
        if (kind == ServerKind.StatefulSet && s.maxSurge() != null) {
            c.error("updateStrategy.maxSurge", "a StatefulSet never runs more pods than its replicas: remove maxSurge");
        }
        // progressDeadlineSeconds: Kubernetes times a Deployment's rollout itself, the platform times a StatefulSet's
        // and a DaemonSet's (a stalled rollout is FAILED); Jobs have no update strategy at all.
    }

    private static void job(Checks c, ServerKind kind, JobSettings j) {
        if (j == null) {
            return;
        }
        if (kind != null && !isJob(kind)) {
            c.error("job", "only a Job or a CronJob has job settings: remove them or set kind to Job or CronJob");
            return;
        }
        c.range("job.completions", j.completions(), 0, Integer.MAX_VALUE);
        c.range("job.parallelism", j.parallelism(), 0, Integer.MAX_VALUE);
        c.range("job.backoffLimit", j.backoffLimit(), 0, Integer.MAX_VALUE);
        c.range("job.activeDeadlineSeconds", j.activeDeadlineSeconds(), 1, Integer.MAX_VALUE);
        c.range("job.ttlSecondsAfterFinished", j.ttlSecondsAfterFinished(), 0, Integer.MAX_VALUE);
        c.range("job.startingDeadlineSeconds", j.startingDeadlineSeconds(), 0, Integer.MAX_VALUE);
        c.range("job.successfulJobsHistoryLimit", j.successfulJobsHistoryLimit(), 0, Integer.MAX_VALUE);
        c.range("job.failedJobsHistoryLimit", j.failedJobsHistoryLimit(), 0, Integer.MAX_VALUE);
        c.oneOf("job.concurrencyPolicy", j.concurrencyPolicy(), CONCURRENCY_POLICIES);
        c.oneOf("job.restartPolicy", j.restartPolicy(), JOB_RESTART_POLICIES);
        if (kind == ServerKind.Job) {
            cronJobOnly(c, "job.concurrencyPolicy", j.concurrencyPolicy());
            cronJobOnly(c, "job.startingDeadlineSeconds", j.startingDeadlineSeconds());
            cronJobOnly(c, "job.successfulJobsHistoryLimit", j.successfulJobsHistoryLimit());
            cronJobOnly(c, "job.failedJobsHistoryLimit", j.failedJobsHistoryLimit());
            cronJobOnly(c, "job.suspend", j.suspend());
        }
    }

    private static void cronJobOnly(Checks c, String field, Object value) {
        if (value != null) {
            c.error(field, "only a CronJob has it: remove it or set kind to CronJob");
        }
    }

    /** Light checks of the pod's tolerations; the lifecycle checks them in full against Kubernetes' model. */
    private static void tolerations(Checks c, List<Map<String, Object>> tolerations) {
        if (tolerations == null) {
            return;
        }
        for (int i = 0; i < tolerations.size(); i++) {
            String f = "tolerations[" + i + "]";
            Map<String, Object> t = tolerations.get(i);
            if (t == null || t.isEmpty()) {
                c.error(
                        f,
                        "is empty: give e.g. {\"key\": \"dedicated\", \"operator\": \"Exists\", \"effect\": \"NoSchedule\"}");
                continue;
            }
            t.keySet().stream()
                    .filter(k -> !TOLERATION_FIELDS.contains(k))
                    .forEach(k -> c.error(
                            f + "." + k, "is not a toleration field: use " + String.join(", ", TOLERATION_FIELDS)));
            String key = text(c, f + ".key", t.get("key"));
            String operator = text(c, f + ".operator", t.get("operator"));
            String value = text(c, f + ".value", t.get("value"));
            String effect = text(c, f + ".effect", t.get("effect"));
            if (key != null && !key.isEmpty() && !LABEL_KEY.matcher(key).matches()) {
                c.error(
                        f + ".key",
                        "'" + Checks.abbreviate(key) + "' is not a valid taint key: use an optional DNS prefix"
                                + " and '/', then letters, digits, '-', '_' and '.'");
            }
            c.oneOf(f + ".operator", operator, TOLERATION_OPERATORS);
            if ((key == null || key.isEmpty()) && !"Exists".equals(operator)) {
                c.error(f + ".operator", "a toleration without a key matches every taint only with operator Exists");
            }
            if ("Exists".equals(operator) && value != null && !value.isEmpty()) {
                c.error(f + ".value", "must be empty with operator Exists: remove it or use operator Equal");
            }
            if (effect != null && !effect.isEmpty()) {
                c.oneOf(f + ".effect", effect, TAINT_EFFECTS);
            }
            Object seconds = t.get("tolerationSeconds");
            if (seconds != null && !(seconds instanceof Integer || seconds instanceof Long)) {
                c.error(f + ".tolerationSeconds", "'" + seconds + "' is not a whole number of seconds");
            } else if (seconds != null && !"NoExecute".equals(effect)) {
                c.error(f + ".tolerationSeconds", "only applies to effect NoExecute: set the effect or remove it");
            }
        }
    }

    private static String text(Checks c, String field, Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        c.error(field, "'" + value + "' is not text: give it in quotes");
        return null;
    }

    private static boolean isZero(IntOrString v) {
        return v != null && ((v.isInt() && v.intValue() == 0) || "0%".equals(v.strValue()));
    }

    private static void autoscaling(Checks c, ServerKind kind, Autoscaling a) {
        if (a == null) {
            return;
        }
        if (kind != null && kind != ServerKind.Deployment && kind != ServerKind.StatefulSet) {
            c.error("autoscaling", "only a Deployment or a StatefulSet can be autoscaled");
        }
        if (c.required("autoscaling.maxReplicas", a.maxReplicas(), "4")) {
            c.range("autoscaling.maxReplicas", a.maxReplicas(), 1, MAX_REPLICAS);
        }
        c.range("autoscaling.minReplicas", a.minReplicas(), 1, MAX_REPLICAS);
        if (a.minReplicas() != null && a.maxReplicas() != null && a.minReplicas() > a.maxReplicas()) {
            c.error("autoscaling.minReplicas", a.minReplicas() + " is above maxReplicas " + a.maxReplicas());
        }
        c.range("autoscaling.cpuUtilization", a.cpuUtilization(), 1, Rules.MAX_UTILIZATION);
        c.range("autoscaling.memoryUtilization", a.memoryUtilization(), 1, Rules.MAX_UTILIZATION);
        if (a.cpuUtilization() == null && a.memoryUtilization() == null) {
            c.error(
                    "autoscaling.cpuUtilization",
                    "give a target: cpuUtilization or memoryUtilization (percent of requests), e.g. 70");
        }
        behavior(c, a.behavior());
    }

    /** As Kubernetes validates an autoscaler's behavior, so that the cluster does not refuse it at apply. */
    private static void behavior(Checks c, AutoscalingBehavior b) {
        if (b == null) {
            return;
        }
        scalingRules(c, "autoscaling.behavior.scaleUp", b.scaleUp());
        scalingRules(c, "autoscaling.behavior.scaleDown", b.scaleDown());
    }

    private static void scalingRules(Checks c, String field, ScalingRules r) {
        if (r == null) {
            return;
        }
        c.range(
                field + ".stabilizationWindowSeconds",
                r.stabilizationWindowSeconds(),
                0,
                MAX_STABILIZATION_WINDOW_SECONDS);
        c.oneOf(field + ".selectPolicy", r.selectPolicy(), SELECT_POLICIES);
        List<ScalingPolicy> policies = r.policies();
        if (policies == null) {
            return;
        }
        if (policies.isEmpty()) {
            c.error(
                    field + ".policies",
                    "is empty: give at least one policy, e.g. [{\"type\": \"Pods\", \"value\": 4, \"periodSeconds\": 15}],"
                            + " or leave policies out for Kubernetes' defaults");
        }
        for (int i = 0; i < policies.size(); i++) {
            scalingPolicy(c, field + ".policies[" + i + "]", policies.get(i));
        }
    }

    private static void scalingPolicy(Checks c, String field, ScalingPolicy p) {
        if (p == null) {
            c.error(
                    field,
                    "is empty: give type, value and periodSeconds, e.g. {\"type\": \"Pods\", \"value\": 4,"
                            + " \"periodSeconds\": 15}");
            return;
        }
        if (c.required(field + ".type", p.type(), "'Pods' or 'Percent'")) {
            c.oneOf(field + ".type", p.type(), SCALING_POLICY_TYPES);
        }
        if (c.required(field + ".value", p.value(), "4") && p.value() < 1) {
            c.error(
                    field + ".value",
                    p.value() + " is not above 0: give the pods (type Pods) or the percent of the current replicas"
                            + " (type Percent) the autoscaler may add or remove in a period, e.g. 4");
        }
        if (c.required(field + ".periodSeconds", p.periodSeconds(), "15")) {
            c.range(field + ".periodSeconds", p.periodSeconds(), 1, MAX_PERIOD_SECONDS);
        }
    }

    private static void labels(Checks c, String field, Map<String, String> labels, boolean checkValues) {
        if (labels == null) {
            return;
        }
        labels.forEach((k, v) -> {
            if (k == null
                    || k.length() > Rules.MAX_LABEL_KEY
                    || !LABEL_KEY.matcher(k).matches()) {
                c.error(
                        field + "." + k,
                        "is not a valid key: use an optional DNS prefix and '/', then letters, digits, '-', '_' and '.'");
            }
            if (checkValues
                    && v != null
                    && (v.length() > Rules.MAX_LABEL_VALUE
                            || !LABEL_VALUE.matcher(v).matches())) {
                c.error(
                        field + "." + k,
                        "'" + Checks.abbreviate(v)
                                + "' is not a valid value: at most " + Rules.MAX_LABEL_VALUE
                                + " letters, digits, '-', '_' and '.'");
            }
        });
    }
}
