package io.cengjiyun.api.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.Autoscaling;
import io.cengjiyun.api.Container;
import io.cengjiyun.api.ContainerPort;
import io.cengjiyun.api.EnvVar;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.IntOrString;
import io.cengjiyun.api.Quota;
import io.cengjiyun.api.Resources;
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
        return new Container("web", "nginx:1.27", null, null, null, null, List.of(new EnvVar("MODE", "prod", null)),
                List.of(new ContainerPort("http", 8080, null)), new Resources(Map.of("cpu", "100m", "memory", "64Mi"), null), null);
    }

    static ServerDefinition valid() {
        return new ServerDefinition("web", ServerKind.Deployment, 2, null, List.of(web()),
                List.of(new ServerPort("http", 80, IntOrString.of(8080), null, "NodePort", null)),
                List.of(new Volume("data", "persistent", "1Gi", null, null, "/data", null, null, null, null, null)),
                new UpdateStrategy(null, IntOrString.of("25%"), IntOrString.of(0), null, null, null),
                new Autoscaling(1, 4, 70, null), null, null, null, null);
    }

    static Map<String, String> byField(List<FieldError> errors) {
        return errors.stream().collect(Collectors.toMap(FieldError::field, FieldError::message, (a, b) -> a + " | " + b));
    }

    @Test
    void acceptsTheArchitectureExample() {
        assertEquals(List.of(), HierarchyValidator.validate(valid()));
    }

    @Test
    void namesEveryBadFieldOfAServer() {
        ServerDefinition bad = new ServerDefinition("Web_1", null, -1, null,
                List.of(new Container("web", " ", "Sometimes", null, null, null, List.of(new EnvVar("1BAD", "x", null)),
                        List.of(new ContainerPort(null, 70000, "HTTP")), new Resources(Map.of("cpu", "lots"), null), null)),
                List.of(new ServerPort("http", 0, IntOrString.of("nope"), null, "Public", 80)), null, null, null, null, null, null, null);
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
        assertTrue(errors.containsKey("ports[0].port"));
        assertTrue(errors.containsKey("ports[0].targetPort"));
        assertTrue(errors.containsKey("ports[0].exposure"));
        assertTrue(errors.containsKey("ports[0].nodePort"));
    }

    @Test
    void requiresAtLeastOneContainer() {
        ServerDefinition def = new ServerDefinition("web", ServerKind.Deployment, 1, null, List.of(), null, null, null, null, null, null, null, null);
        assertTrue(byField(HierarchyValidator.validate(def)).containsKey("containers"));
    }

    @Test
    void refusesTargetPortNamingNoContainerPort() {
        ServerDefinition v = valid();
        ServerDefinition def = new ServerDefinition("web", ServerKind.Deployment, 1, null, v.containers(),
                List.of(new ServerPort("http", 80, IntOrString.of("metrics"), null, null, null)), null, null, null, null, null, null, null);
        assertTrue(byField(HierarchyValidator.validate(def)).get("ports[0].targetPort").contains("http"));
    }

    @Test
    void refusesDuplicatePortNamesAndNumbers() {
        ServerDefinition v = valid();
        ServerDefinition def = new ServerDefinition("web", ServerKind.Deployment, 1, null, v.containers(),
                List.of(new ServerPort("http", 80, null, null, null, null), new ServerPort("http", 80, null, null, null, null)),
                null, null, null, null, null, null, null);
        Map<String, String> errors = byField(HierarchyValidator.validate(def));
        assertTrue(errors.containsKey("ports[1].name"));
        assertTrue(errors.containsKey("ports[1].port"));
    }

    @Test
    void cronJobNeedsASchedule() {
        ServerDefinition v = valid();
        ServerDefinition def = new ServerDefinition("tick", ServerKind.CronJob, null, null, v.containers(), null, null, null, null, null, null, null, "every minute");
        assertTrue(byField(HierarchyValidator.validate(def)).get("schedule").contains("five fields"));
    }

    @Test
    void persistentVolumeNeedsSizeAndAbsoluteMount() {
        ServerDefinition v = valid();
        ServerDefinition def = new ServerDefinition("web", ServerKind.Deployment, 1, null, v.containers(), null,
                List.of(new Volume("data", "persistent", null, null, "ReadWriteAll", "data", "../x", null, null, null, null)),
                null, null, null, null, null, null);
        Map<String, String> errors = byField(HierarchyValidator.validate(def));
        assertTrue(errors.containsKey("volumes[0].size"));
        assertTrue(errors.containsKey("volumes[0].accessMode"));
        assertTrue(errors.containsKey("volumes[0].mountPath"));
        assertTrue(errors.containsKey("volumes[0].subPath"));
    }

    @Test
    void autoscalingBoundsMustBeOrdered() {
        ServerDefinition v = valid();
        ServerDefinition def = new ServerDefinition("web", ServerKind.Deployment, 1, null, v.containers(), null, null, null,
                new Autoscaling(5, 2, 70, null), null, null, null, null);
        assertTrue(byField(HierarchyValidator.validate(def)).containsKey("autoscaling.minReplicas"));
    }

    @Test
    void rolloutThatCannotProgressIsRefused() {
        ServerDefinition v = valid();
        ServerDefinition def = new ServerDefinition("web", ServerKind.Deployment, 1, null, v.containers(), null, null,
                new UpdateStrategy(null, IntOrString.of(0), IntOrString.of("0%"), null, null, null), null, null, null, null, null);
        assertTrue(byField(HierarchyValidator.validate(def)).containsKey("updateStrategy"));
    }

    @Test
    void serviceNameMustBeADnsLabel() {
        assertTrue(byField(HierarchyValidator.validate(Service.of("../etc", null, null))).containsKey("name"));
        assertTrue(byField(HierarchyValidator.validate(Service.of("a".repeat(64), null, null))).get("name").contains("at most 63"));
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
}
