/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import static io.cengjiyun.volumes.internal.Fixtures.byField;
import static io.cengjiyun.volumes.internal.Fixtures.claim;
import static io.cengjiyun.volumes.internal.Fixtures.definition;
import static io.cengjiyun.volumes.internal.Fixtures.json;
import static io.cengjiyun.volumes.internal.Fixtures.sent;
import static io.cengjiyun.volumes.internal.Fixtures.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.UnavailableException;
import io.cengjiyun.api.ValidationException;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VolumesContributorTest {
    private static final String DATA = "[{'name': 'data', 'type': 'persistent', 'size': '1Gi', 'mountPath': '/data'}]";
    private static final JsonNode LABELS = json("""
            {'app.kubernetes.io/managed-by': 'cengjiyun', 'app.kubernetes.io/name': 'web', 'cengjiyun.io/service': 'shop',
             'cengjiyun.io/appmap': 'dev', 'cengjiyun.io/server': 'web'}""");

    private final List<ConfigRef> configs = new ArrayList<>(List.of(
            new ConfigRef(ConfigKind.CONFIG_MAP, "app-config", false, "c0ffee"),
            new ConfigRef(ConfigKind.CONFIG_MAP, "rolling", true, "abc123"),
            new ConfigRef(ConfigKind.SECRET, "db", true, "5ec12e7")));
    private final List<String> indexReads = new ArrayList<>();
    private final FakeStorage storage = new FakeStorage();
    private final VolumesContributor contributor = new VolumesContributor(
            (service, appmap) -> {
                indexReads.add(service + "/" + appmap);
                return configs;
            },
            storage);

    private TestServerObjects contribute(ServerDefinition def, String cluster) {
        TestServerObjects objects = new TestServerObjects(def, cluster);
        contributor.contribute(objects);
        return objects;
    }

    private TestServerObjects contribute(ServerDefinition def) {
        return contribute(def, null);
    }

    private Map<String, String> refused(ServerDefinition def, String cluster) {
        return byField(assertThrows(ValidationException.class, () -> contribute(def, cluster))
                .errors());
    }

    private static JsonNode pod(TestServerObjects objects) {
        return sent(objects.controller()).at("/spec/template/spec");
    }

    @Test
    void itHandlesTheVolumesOfADefinition() {
        assertEquals(Set.of("volumes"), contributor.handles());
    }

    @Test
    void aServerWithoutVolumesIsLeftAsItIs() {
        TestServerObjects objects = contribute(web("Deployment", "[]"));

        assertEquals(List.of(), objects.added());
        assertTrue(pod(objects).path("volumes").isMissingNode());
        assertEquals(List.of(), indexReads, "no volumes, no need to read the config maps");
    }

    @Test
    void aPersistentVolumeOfADeploymentIsAClaimNamedAfterServerAndVolume() {
        TestServerObjects objects = contribute(web("Deployment", DATA));

        assertEquals(1, objects.added().size());
        JsonNode claim = sent(objects.added().get(0));
        assertEquals("PersistentVolumeClaim", claim.path("kind").asText());
        assertEquals("web-data", claim.at("/metadata/name").asText());
        assertEquals("shop-dev", claim.at("/metadata/namespace").asText());
        assertEquals(LABELS, claim.at("/metadata/labels"));
        assertEquals(json("""
                {'accessModes': ['ReadWriteOnce'], 'resources': {'requests': {'storage': '1Gi'}}}"""), claim.path("spec"), "no storage class: the cluster's default");
        assertEquals(
                json("[{'name': 'data', 'persistentVolumeClaim': {'claimName': 'web-data'}}]"),
                pod(objects).path("volumes"));
    }

    @Test
    void aClaimHasTheStorageClassAndAccessModeAsked() {
        JsonNode claim = sent(contribute(web("CronJob", """
                [{'name': 'data', 'type': 'persistent', 'size': '5Gi', 'storageClass': 'fast', 'accessMode': 'ReadWriteMany',
                  'mountPath': '/data'}]""")).added().get(0));

        assertEquals(json("""
                {'accessModes': ['ReadWriteMany'], 'resources': {'requests': {'storage': '5Gi'}}, 'storageClassName': 'fast'}"""), claim.path("spec"));
    }

    @Test
    void aPersistentVolumeOfAStatefulSetIsAClaimTemplateCarryingThePlatformsLabels() {
        TestServerObjects objects = contribute(web("StatefulSet", DATA));

        assertEquals(List.of(), objects.added(), "the StatefulSet makes each pod's claim");
        JsonNode templates = sent(objects.controller()).at("/spec/volumeClaimTemplates");
        assertEquals(1, templates.size());
        assertEquals("data", templates.get(0).at("/metadata/name").asText());
        assertEquals(LABELS, templates.get(0).at("/metadata/labels"));
        assertEquals(
                "1Gi", templates.get(0).at("/spec/resources/requests/storage").asText());
        assertTrue(pod(objects).path("volumes").isEmpty(), "the StatefulSet adds the pod volumes of its templates");
        assertEquals(
                "data", pod(objects).at("/containers/0/volumeMounts/0/name").asText());
    }

    @Test
    void everyContainerButTheInitContainersMountsEveryVolume() {
        TestServerObjects objects = contribute(web("Deployment", """
                [{'name': 'data', 'type': 'persistent', 'size': '1Gi', 'mountPath': '/data', 'subPath': 'web'},
                 {'name': 'conf', 'type': 'config', 'source': 'app-config', 'mountPath': '/etc/app', 'readOnly': true}]"""));

        JsonNode mounts = json("""
                [{'name': 'data', 'mountPath': '/data', 'subPath': 'web'},
                 {'name': 'conf', 'mountPath': '/etc/app', 'readOnly': true}]""");
        assertEquals(mounts, pod(objects).at("/containers/0/volumeMounts"));
        assertEquals(mounts, pod(objects).at("/containers/1/volumeMounts"));
        assertTrue(pod(objects).at("/initContainers/0/volumeMounts").isMissingNode());
    }

    @Test
    void anEmptyDirHasItsMediumAndSizeLimit() {
        TestServerObjects objects = contribute(web("DaemonSet", """
                [{'name': 'scratch', 'type': 'emptyDir', 'mountPath': '/tmp/s'},
                 {'name': 'cache', 'type': 'emptyDir', 'medium': 'Memory', 'sizeLimit': '64Mi', 'mountPath': '/cache'}]"""));

        assertEquals(List.of(), objects.added());
        assertEquals(json("""
                [{'name': 'scratch', 'emptyDir': {}}, {'name': 'cache', 'emptyDir': {'medium': 'Memory', 'sizeLimit': '64Mi'}}]"""), pod(objects).path("volumes"));
    }

    @Test
    void configAndSecretVolumesMountTheAppmapsObjectsOfTheirSource() {
        TestServerObjects objects = contribute(web("Deployment", """
                [{'name': 'conf', 'type': 'config', 'source': 'app-config', 'mountPath': '/etc/app'},
                 {'name': 'creds', 'type': 'secret', 'source': 'db', 'mountPath': '/etc/db'}]"""));

        assertEquals(json("""
                [{'name': 'conf', 'configMap': {'name': 'app-config'}}, {'name': 'creds', 'secret': {'secretName': 'db'}}]"""), pod(objects).path("volumes"));
        assertEquals(List.of("shop/dev"), indexReads);
    }

    @Test
    void aSourceTheAppmapDoesNotHaveIsRefusedNamingWhatItHas() {
        Map<String, String> errors = refused(web("Deployment", """
                [{'name': 'conf', 'type': 'config', 'source': 'nope', 'mountPath': '/etc/app'},
                 {'name': 'creds', 'type': 'secret', 'source': 'app-config', 'mountPath': '/etc/db'}]"""), null);

        assertEquals(Set.of("volumes[0].source", "volumes[1].source"), errors.keySet());
        assertTrue(errors.get("volumes[0].source").contains("it has app-config, rolling"), errors.toString());
        assertTrue(errors.get("volumes[1].source").contains("'app-config' is no secret of the appmap: it has db"));
    }

    @Test
    void theChecksNameEachFieldThatKubernetesWouldRefuse() {
        Map<String, String> errors = refused(definition("""
                {'name': 'web', 'kind': 'Deployment', 'containers': [{'name': 'web', 'image': 'nginx:1.27',
                  'volumeMounts': [{'name': 'own', 'mountPath': '/own'}]}],
                 'volumes': [
                   {'name': 'data', 'type': 'persistent', 'size': 'lots', 'accessMode': 'ReadWriteOncePod', 'mountPath': '/data'},
                   {'name': 'b', 'type': 'persistent', 'size': '0', 'mountPath': '/data/'},
                   {'name': 'c', 'type': 'emptyDir', 'medium': 'Disk', 'size': '1Gi', 'mountPath': '/own'},
                   {'name': 'd', 'type': 'persistent', 'size': '1Gi', 'mountPath': 'rel', 'subPath': 'a/../..'}]}"""), null);

        assertEquals(
                Set.of(
                        "volumes[0].size",
                        "volumes[0].accessMode",
                        "volumes[1].size",
                        "volumes[1].mountPath",
                        "volumes[2].medium",
                        "volumes[2].size",
                        "volumes[2].mountPath",
                        "volumes[3].mountPath",
                        "volumes[3].subPath"),
                errors.keySet());
        assertTrue(errors.get("volumes[2].mountPath").contains("containers[0].volumeMounts"));
        assertTrue(errors.get("volumes[1].mountPath").contains("volumes[0]"));
    }

    @Test
    void aClaimNameLongerThan63IsRefused() {
        String volume = "v".repeat(60);
        Map<String, String> errors = refused(web("Deployment", """
                [{'name': '%s', 'type': 'persistent', 'size': '1Gi', 'mountPath': '/data'}]""".formatted(volume)), null);

        assertTrue(errors.get("volumes[0].name").contains("at most 59"), errors.toString());
    }

    @Test
    void onlyConfigsThatAskForRestartsMarkThePodTemplate() {
        ServerDefinition def = definition("""
                {'name': 'web', 'kind': 'Deployment', 'containers': [{'name': 'web', 'image': 'nginx:1.27',
                  'env': [{'name': 'PASSWORD', 'valueFrom': {'secretKeyRef': {'name': 'db', 'key': 'password'}}}]}],
                 'volumes': [{'name': 'conf', 'type': 'config', 'source': 'app-config', 'mountPath': '/etc/app'},
                             {'name': 'roll', 'type': 'config', 'source': 'rolling', 'mountPath': '/etc/roll'}]}""");

        JsonNode annotations = sent(contribute(def).controller()).at("/spec/template/metadata/annotations");

        assertEquals(
                json("{'cengjiyun.io/config-hash-rolling': 'abc123', 'cengjiyun.io/secret-hash-db': '5ec12e7'}"),
                annotations,
                "app-config does not ask for restarts; the env's secret does");
    }

    @Test
    void aJobsPodTemplateIsNeverMarked() {
        JsonNode annotations = sent(contribute(web("Job", """
                [{'name': 'roll', 'type': 'config', 'source': 'rolling', 'mountPath': '/etc/roll'}]""")).controller()).at("/spec/template/metadata/annotations");

        assertTrue(annotations.isMissingNode() || annotations.isEmpty(), annotations.toString());
    }

    @Test
    void withoutAClusterNothingIsReadFromIt() {
        contribute(web("Deployment", DATA));
        contribute(web("StatefulSet", DATA));

        assertEquals(List.of(), storage.reads);
    }

    @Test
    void aClaimMayGrowWhereItsStorageClassAllowsExpansion() {
        storage.withClass("expandable", true)
                .claims
                .put("web-data", claim("web-data", "1Gi", "expandable", "ReadWriteOnce"));

        TestServerObjects objects = contribute(web("Deployment", DATA.replace("1Gi", "2Gi")), "kind");

        assertEquals(
                "2Gi",
                sent(objects.added().get(0))
                        .at("/spec/resources/requests/storage")
                        .asText());
        assertEquals(List.of("claim shop-dev/web-data", "storageclass expandable"), storage.reads);
    }

    @Test
    void aClaimCannotGrowWhereItsStorageClassDoesNotAllowExpansion() {
        storage.withClass("standard", null)
                .claims
                .put("web-data", claim("web-data", "1Gi", "standard", "ReadWriteOnce"));

        Map<String, String> errors = refused(web("Deployment", DATA.replace("1Gi", "2Gi")), "kind");

        assertEquals(Set.of("volumes[0].size"), errors.keySet());
        assertTrue(
                errors.get("volumes[0].size").contains("storage class 'standard' does not allow expansion"),
                errors.toString());
    }

    @Test
    void aClaimCannotShrink() {
        storage.withClass("expandable", true)
                .claims
                .put("web-data", claim("web-data", "2Gi", "expandable", "ReadWriteOnce"));

        Map<String, String> errors = refused(web("Deployment", DATA.replace("1Gi", "2000Mi")), "kind");

        assertTrue(errors.get("volumes[0].size").contains("cannot shrink"), errors.toString());
    }

    @Test
    void theSameSizeInOtherUnitsIsNoChange() {
        storage.claims.put("web-data", claim("web-data", "1Gi", "standard", "ReadWriteOnce"));

        contribute(web("Deployment", DATA.replace("1Gi", "1024Mi")), "kind");

        assertEquals(List.of("claim shop-dev/web-data"), storage.reads, "no need to read the storage class");
    }

    @Test
    void aClaimKeepsItsStorageClassAndAccessMode() {
        storage.withClass("fast", true).claims.put("web-data", claim("web-data", "1Gi", "standard", "ReadWriteMany"));

        Map<String, String> errors = refused(web("Deployment", """
                [{'name': 'data', 'type': 'persistent', 'size': '1Gi', 'storageClass': 'fast', 'mountPath': '/data'}]"""), "kind");

        assertEquals(Set.of("volumes[0].storageClass", "volumes[0].accessMode"), errors.keySet());
    }

    @Test
    void aNewClaimsStorageClassMustExist() {
        storage.withClass("standard", null);

        Map<String, String> errors = refused(web("Deployment", """
                [{'name': 'data', 'type': 'persistent', 'size': '1Gi', 'storageClass': 'fast', 'mountPath': '/data'}]"""), "kind");

        assertTrue(errors.get("volumes[0].storageClass").contains("use one of standard"), errors.toString());
    }

    @Test
    void aStatefulSetsClaimTemplatesCannotChangeOnceItExists() {
        StatefulSet live = new StatefulSetBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withVolumeClaimTemplates(
                        claim("data", "1Gi", null, "ReadWriteOnce"), claim("old", "1Gi", null, "ReadWriteOnce"))
                .endSpec()
                .build();
        storage.statefulSets.put("web", live);

        Map<String, String> errors = refused(web("StatefulSet", """
                [{'name': 'data', 'type': 'persistent', 'size': '2Gi', 'mountPath': '/data'},
                 {'name': 'more', 'type': 'persistent', 'size': '1Gi', 'mountPath': '/more'}]"""), "kind");

        assertEquals(Set.of("volumes[0].size", "volumes[1]", "volumes"), errors.keySet());
        assertTrue(errors.get("volumes").contains("[old]"));
    }

    @Test
    void aStatefulSetWithItsTemplatesUnchangedApplies() {
        storage.statefulSets.put(
                "web",
                new StatefulSetBuilder()
                        .withNewMetadata()
                        .withName("web")
                        .endMetadata()
                        .withNewSpec()
                        .withVolumeClaimTemplates(claim("data", "1Gi", null, "ReadWriteOnce"))
                        .endSpec()
                        .build());

        TestServerObjects objects = contribute(web("StatefulSet", DATA), "kind");

        assertEquals(
                1,
                ((StatefulSet) objects.controller())
                        .getSpec()
                        .getVolumeClaimTemplates()
                        .size());
    }

    @Test
    void aClusterThatDoesNotAnswerIsA503() {
        ClusterStorage down = new FakeStorage() {
            @Override
            public PersistentVolumeClaim claim(String cluster, String namespace, String name) {
                return null;
            }

            @Override
            public io.fabric8.kubernetes.api.model.storage.StorageClass storageClass(String cluster, String name) {
                throw new KubernetesClientException("connection refused");
            }
        };
        VolumesContributor c = new VolumesContributor((s, a) -> List.of(), down);

        UnavailableException e = assertThrows(
                UnavailableException.class,
                () -> c.contribute(new TestServerObjects(
                        web(
                                "Deployment",
                                "[{'name': 'data', 'type': 'persistent', 'size': '1Gi', 'storageClass': 'fast',"
                                        + " 'mountPath': '/data'}]"),
                        "kind")));
        assertTrue(e.getMessage().contains("Nothing was applied"));
        assertFalse(e.getMessage().isBlank());
    }
}
