/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.cengjiyun.api.ServerPort;
import io.cengjiyun.api.Service;
import io.cengjiyun.api.UpdateStrategy;
import io.cengjiyun.api.Volume;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HierarchyValidatorTest {

    static Container web() {
        return new Container(
                "web",
                "nginx:1.27",
                null,
                null,
                null,
                null,
                List.of(new EnvVar("MODE", "prod", null)),
                List.of(new ContainerPort("http", 8080, null)),
                new Resources(Map.of("cpu", "100m", "memory", "64Mi"), null),
                null);
    }

    static ServerDefinition valid() {
        return new ServerDefinition(
                "web",
                ServerKind.Deployment,
                2,
                null,
                List.of(web()),
                List.of(new ServerPort("http", 80, IntOrString.of(8080), null, "NodePort", null)),
                List.of(new Volume("data", "persistent", "1Gi", null, null, "/data", null, null, null, null, null)),
                new UpdateStrategy(null, IntOrString.of("25%"), IntOrString.of(0), null, null, null),
                new Autoscaling(1, 4, 70, null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    static Map<String, String> byField(List<FieldError> errors) {
        return errors.stream()
                .collect(Collectors.toMap(FieldError::field, FieldError::message, (a, b) -> a + " | " + b));
    }

    @Test
    void acceptsTheArchitectureExample() {
        assertEquals(List.of(), HierarchyValidator.validate(valid()));
    }

    @Test
    void namesEveryBadFieldOfAServer() {
        ServerDefinition bad = new ServerDefinition(
                "Web_1",
                null,
                -1,
                null,
                List.of(new Container(
                        "web",
                        " ",
                        "Sometimes",
                        null,
                        null,
                        null,
                        List.of(new EnvVar("1BAD", "x", null)),
                        List.of(new ContainerPort(null, 70000, "HTTP")),
                        new Resources(Map.of("cpu", "lots"), null),
                        null)),
                List.of(new ServerPort("http", 0, IntOrString.of("nope"), null, "Public", 80)),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        Map<String, String> errors = byField(HierarchyValidator.validate(bad));
        assertTrue(errors.get("name").contains("DNS-1123"), errors.toString());
        assertTrue(errors.containsKey("kind"));
        assertTrue(errors.containsKey("replicas"));
        assertTrue(errors.containsKey("containers[0].image"));
        assertTrue(errors.containsKey("containers[0].imagePullPolicy"));
        assertTrue(errors.containsKey("containers[0].env[0].name"));
        assertTrue(errors.containsKey("containers[0].ports[0].containerPort"));
        assertTrue(errors.containsKey("containers[0].ports[0].protocol"));
        assertTrue(errors.get("containers[0].resources.requests.cpu").contains("quantity"));
        // the ports are the ports bundle's to check (PortRulesTest.namesEveryBadFieldOfAPort)
        assertFalse(errors.keySet().stream().anyMatch(f -> f.startsWith("ports")), errors.toString());
    }

    @Test
    void requiresAtLeastOneContainer() {
        ServerDefinition def = new ServerDefinition(
                "web",
                ServerKind.Deployment,
                1,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertTrue(byField(HierarchyValidator.validate(def)).containsKey("containers"));
    }

    @Test
    void cronJobNeedsASchedule() {
        ServerDefinition v = valid();
        ServerDefinition def = new ServerDefinition(
                "tick",
                ServerKind.CronJob,
                null,
                null,
                v.containers(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "every minute",
                null,
                null,
                null,
                null,
                null);
        assertTrue(byField(HierarchyValidator.validate(def)).get("schedule").contains("five fields"));
    }

    @Test
    void volumesAreTheVolumesBundlesToCheck() {
        ServerDefinition v = valid();
        ServerDefinition def = new ServerDefinition(
                "web",
                ServerKind.Deployment,
                1,
                null,
                v.containers(),
                null,
                List.of(new Volume(
                        "data", "persistent", null, null, "ReadWriteAll", "data", "../x", null, null, null, null)),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        // VolumeRulesTest.persistentVolumeNeedsSizeAndAbsoluteMount names these
        assertEquals(List.of(), HierarchyValidator.validate(def));
    }

    @Test
    void autoscalingBoundsMustBeOrdered() {
        ServerDefinition v = valid();
        ServerDefinition def = new ServerDefinition(
                "web",
                ServerKind.Deployment,
                1,
                null,
                v.containers(),
                null,
                null,
                null,
                new Autoscaling(5, 2, 70, null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertTrue(byField(HierarchyValidator.validate(def)).containsKey("autoscaling.minReplicas"));
    }

    private static List<FieldError> withBehavior(AutoscalingBehavior behavior) {
        return HierarchyValidator.validate(valid().withAutoscaling(new Autoscaling(1, 4, 70, null, behavior)));
    }

    @Test
    void acceptsAKubernetesAutoscalingBehavior() {
        ScalingRules up = new ScalingRules(
                0, "Max", List.of(new ScalingPolicy("Pods", 4, 15), new ScalingPolicy("Percent", 100, 15)));
        ScalingRules down = new ScalingRules(3600, "Disabled", List.of(new ScalingPolicy("Percent", 10, 1800)));
        assertEquals(List.of(), withBehavior(new AutoscalingBehavior(up, down)));
        assertEquals(
                List.of(),
                withBehavior(new AutoscalingBehavior(null, new ScalingRules(5, null, null))),
                "every field is optional: Kubernetes fills in the rest");
        assertEquals(List.of(), withBehavior(new AutoscalingBehavior(null, null)));
    }

    @Test
    void namesEveryBadFieldOfAnAutoscalingBehavior() {
        ScalingRules up = new ScalingRules(
                -1,
                "Fastest",
                java.util.Arrays.asList(new ScalingPolicy("Replicas", 0, 1801), null, new ScalingPolicy(null, -4, 0)));
        ScalingRules down = new ScalingRules(3601, null, List.of(new ScalingPolicy("Percent", null, null)));

        Map<String, String> errors = byField(withBehavior(new AutoscalingBehavior(up, down)));

        String upField = "autoscaling.behavior.scaleUp";
        assertEquals("-1 is out of range: use 0 to 3600", errors.get(upField + ".stabilizationWindowSeconds"));
        assertEquals("'Fastest' is not one of Max, Min, Disabled", errors.get(upField + ".selectPolicy"));
        assertEquals("'Replicas' is not one of Pods, Percent", errors.get(upField + ".policies[0].type"));
        assertTrue(
                errors.get(upField + ".policies[0].value").startsWith("0 is not above 0: give the pods"),
                errors.toString());
        assertEquals("1801 is out of range: use 1 to 1800", errors.get(upField + ".policies[0].periodSeconds"));
        assertTrue(
                errors.get(upField + ".policies[1]").contains("give type, value and periodSeconds"), errors.toString());
        assertTrue(errors.get(upField + ".policies[2].type").startsWith("is required"), errors.toString());
        assertTrue(errors.get(upField + ".policies[2].value").startsWith("-4 is not above 0"), errors.toString());
        assertEquals("0 is out of range: use 1 to 1800", errors.get(upField + ".policies[2].periodSeconds"));
        String downField = "autoscaling.behavior.scaleDown";
        assertEquals("3601 is out of range: use 0 to 3600", errors.get(downField + ".stabilizationWindowSeconds"));
        assertEquals("is required, e.g. 4", errors.get(downField + ".policies[0].value"));
        assertEquals("is required, e.g. 15", errors.get(downField + ".policies[0].periodSeconds"));
        assertEquals(12, errors.size(), errors.toString());
    }

    @Test
    void anEmptyListOfScalingPoliciesIsRefusedAsKubernetesDoes() {
        Map<String, String> errors =
                byField(withBehavior(new AutoscalingBehavior(new ScalingRules(null, null, List.of()), null)));

        assertTrue(
                errors.get("autoscaling.behavior.scaleUp.policies").contains("leave policies out"), errors.toString());
    }

    @Test
    void rolloutThatCannotProgressIsRefused() {
        ServerDefinition v = valid();
        ServerDefinition def = new ServerDefinition(
                "web",
                ServerKind.Deployment,
                1,
                null,
                v.containers(),
                null,
                null,
                new UpdateStrategy(null, IntOrString.of(0), IntOrString.of("0%"), null, null, null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertTrue(byField(HierarchyValidator.validate(def)).containsKey("updateStrategy"));
    }

    @Test
    void serviceNameMustBeADnsLabel() {
        assertTrue(byField(HierarchyValidator.validate(Service.of("../etc", null, null)))
                .containsKey("name"));
        assertTrue(byField(HierarchyValidator.validate(Service.of("a".repeat(64), null, null)))
                .get("name")
                .contains("at most 63"));
        assertEquals(List.of(), HierarchyValidator.validate(Service.of("shop", "Shop", "The web shop")));
    }

    @Test
    void defaultNamespaceMustFitALabel() {
        AppMap m = AppMap.of("s".repeat(40), "a".repeat(30), "local", null, "dev", null);
        assertTrue(byField(HierarchyValidator.validate(m)).get("namespace").contains("explicit namespace"));
    }

    @Test
    void appMapQuotaQuantitiesAreChecked() {
        AppMap m = AppMap.of("shop", "dev", "local", null, "dev", new Quota("two", "1Gi", -1, "10Gi"));
        Map<String, String> errors = byField(HierarchyValidator.validate(m));
        assertTrue(errors.containsKey("quota.cpu"));
        assertTrue(errors.containsKey("quota.pods"));
    }

    static ServerDefinition ofKind(ServerKind kind, String schedule, UpdateStrategy strategy, JobSettings job) {
        return new ServerDefinition(
                "work",
                kind,
                null,
                null,
                List.of(web()),
                null,
                null,
                strategy,
                null,
                null,
                null,
                null,
                schedule,
                null,
                null,
                null,
                null,
                job);
    }

    static ServerDefinition withPod(List<Map<String, Object>> tolerations, String serviceAccount, Integer grace) {
        return new ServerDefinition(
                "web",
                ServerKind.Deployment,
                1,
                null,
                List.of(web()),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                tolerations,
                Map.of("nodeAffinity", Map.of()),
                serviceAccount,
                grace,
                null);
    }

    @Test
    void acceptsAJobAndACronJobWithEveryJobSetting() {
        JobSettings jobOnly = new JobSettings(3, 2, 4, 600, 3600, null, null, null, null, null, "OnFailure");
        JobSettings cron = new JobSettings(1, 1, 0, 60, 0, "Forbid", 30, 3, 1, true, "Never");
        assertEquals(List.of(), HierarchyValidator.validate(ofKind(ServerKind.Job, null, null, jobOnly)));
        assertEquals(List.of(), HierarchyValidator.validate(ofKind(ServerKind.CronJob, "*/5 * * * *", null, cron)));
    }

    @Test
    void jobSettingsAreOnlyForJobsAndCronJobs() {
        JobSettings job = new JobSettings(1, null, null, null, null, null, null, null, null, null, null);
        Map<String, String> errors =
                byField(HierarchyValidator.validate(ofKind(ServerKind.Deployment, null, null, job)));
        assertTrue(errors.get("job").contains("only a Job or a CronJob"), errors.toString());
    }

    @Test
    void jobNumbersMustNotBeNegative() {
        JobSettings job = new JobSettings(-1, -2, -3, 0, -5, null, -6, -7, -8, null, null);
        Map<String, String> errors =
                byField(HierarchyValidator.validate(ofKind(ServerKind.CronJob, "@hourly", null, job)));
        for (String field : List.of(
                "completions",
                "parallelism",
                "backoffLimit",
                "activeDeadlineSeconds",
                "ttlSecondsAfterFinished",
                "startingDeadlineSeconds",
                "successfulJobsHistoryLimit",
                "failedJobsHistoryLimit")) {
            assertTrue(errors.get("job." + field).contains("out of range"), field + ": " + errors);
        }
    }

    @Test
    void concurrencyPolicyIsAllowForbidOrReplace() {
        JobSettings job = new JobSettings(null, null, null, null, null, "Queue", null, null, null, null, "Always");
        Map<String, String> errors =
                byField(HierarchyValidator.validate(ofKind(ServerKind.CronJob, "@daily", null, job)));
        assertEquals("'Queue' is not one of Allow, Forbid, Replace", errors.get("job.concurrencyPolicy"));
        assertEquals("'Always' is not one of Never, OnFailure", errors.get("job.restartPolicy"));
    }

    @Test
    void cronJobSettingsAreRefusedOnAJob() {
        JobSettings job = new JobSettings(null, null, null, null, null, "Forbid", 10, 1, 1, false, null);
        Map<String, String> errors = byField(HierarchyValidator.validate(ofKind(ServerKind.Job, null, null, job)));
        for (String field : List.of(
                "concurrencyPolicy",
                "startingDeadlineSeconds",
                "successfulJobsHistoryLimit",
                "failedJobsHistoryLimit",
                "suspend")) {
            assertTrue(errors.get("job." + field).contains("only a CronJob"), field + ": " + errors);
        }
    }

    @Test
    void aJobHasNeitherReplicasNorAnUpdateStrategy() {
        ServerDefinition def = new ServerDefinition(
                "once",
                ServerKind.Job,
                3,
                null,
                List.of(web()),
                null,
                null,
                new UpdateStrategy("RollingUpdate", null, null, null, null, null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        Map<String, String> errors = byField(HierarchyValidator.validate(def));
        assertTrue(errors.get("replicas").contains("job.completions"), errors.toString());
        assertTrue(errors.get("updateStrategy").contains("no update strategy"), errors.toString());
    }

    @Test
    void eachControllerTakesOnlyItsOwnStrategies() {
        UpdateStrategy onDelete = new UpdateStrategy("OnDelete", null, null, null, null, null);
        UpdateStrategy recreate = new UpdateStrategy("Recreate", IntOrString.of(1), null, null, null, null);
        UpdateStrategy surge = new UpdateStrategy(null, IntOrString.of(1), null, null, null, 60);
        assertTrue(byField(HierarchyValidator.validate(ofKind(ServerKind.Deployment, null, onDelete, null)))
                .get("updateStrategy.type")
                .contains("not OnDelete"));
        Map<String, String> daemon =
                byField(HierarchyValidator.validate(ofKind(ServerKind.DaemonSet, null, recreate, null)));
        assertTrue(daemon.get("updateStrategy.type").contains("not Recreate"), daemon.toString());
        assertTrue(daemon.get("updateStrategy").contains("for RollingUpdate"), daemon.toString());
        Map<String, String> stateful =
                byField(HierarchyValidator.validate(ofKind(ServerKind.StatefulSet, null, surge, null)));
        assertTrue(stateful.containsKey("updateStrategy.maxSurge"), stateful.toString());
        assertFalse(
                stateful.containsKey("updateStrategy.progressDeadlineSeconds"),
                "the platform times a StatefulSet's rollout");
        assertEquals(List.of(), HierarchyValidator.validate(ofKind(ServerKind.StatefulSet, null, onDelete, null)));
    }

    @Test
    void acceptsKubernetesTolerations() {
        List<Map<String, Object>> tolerations = List.of(
                Map.of("key", "dedicated", "operator", "Equal", "value", "batch", "effect", "NoSchedule"),
                Map.of("operator", "Exists"),
                Map.of(
                        "key",
                        "node.kubernetes.io/unreachable",
                        "operator",
                        "Exists",
                        "effect",
                        "NoExecute",
                        "tolerationSeconds",
                        30));
        assertEquals(List.of(), HierarchyValidator.validate(withPod(tolerations, "deployer", 30)));
    }

    @Test
    void namesEveryBadToleration() {
        List<Map<String, Object>> tolerations = List.of(
                Map.of("key", "dedicated", "operator", "Matches", "effect", "NoRun"),
                Map.of("operator", "Equal", "value", "x"),
                Map.of("key", "a", "operator", "Exists", "value", "x", "tolerationSeconds", 5, "keys", "b"));
        Map<String, String> errors = byField(HierarchyValidator.validate(withPod(tolerations, null, null)));
        assertEquals("'Matches' is not one of Exists, Equal", errors.get("tolerations[0].operator"));
        assertEquals(
                "'NoRun' is not one of NoSchedule, PreferNoSchedule, NoExecute", errors.get("tolerations[0].effect"));
        assertTrue(errors.get("tolerations[1].operator").contains("without a key"), errors.toString());
        assertTrue(errors.get("tolerations[2].value").contains("operator Exists"), errors.toString());
        assertTrue(errors.get("tolerations[2].tolerationSeconds").contains("NoExecute"), errors.toString());
        assertTrue(errors.get("tolerations[2].keys").contains("not a toleration field"), errors.toString());
    }

    @Test
    void serviceAccountAndGracePeriodAreChecked() {
        Map<String, String> errors = byField(HierarchyValidator.validate(withPod(null, "Deployer!", -1)));
        assertTrue(errors.get("serviceAccountName").contains("not a service account name"), errors.toString());
        assertTrue(errors.get("terminationGracePeriodSeconds").contains("out of range"), errors.toString());
    }
}
