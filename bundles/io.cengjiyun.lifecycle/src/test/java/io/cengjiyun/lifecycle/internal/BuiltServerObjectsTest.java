/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static io.cengjiyun.lifecycle.internal.Definitions.CURRENT;
import static io.cengjiyun.lifecycle.internal.Definitions.build;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What contributors see and do, and what the lifecycle does to the result once the controller exists. */
class BuiltServerObjectsTest {
    private static final String WEB = """
            {'name': 'web', 'kind': 'Deployment', 'replicas': 2, 'containers': [{'name': 'web', 'image': 'nginx:1.27'}]}""";

    private static OwnerReference owner(String uid) {
        return new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName("web")
                .withUid(uid)
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    @Test
    void tellsContributorsWhoseServerItIs() {
        BuiltServerObjects objects = build(WEB, CURRENT);

        assertEquals(
                List.of("shop", "dev", "shop-dev", "web"),
                List.of(objects.service(), objects.appMap(), objects.namespace(), objects.server()));
        assertEquals(CURRENT, objects.apiVersions());
        assertEquals(2, objects.definition().replicas());
    }

    @Test
    void aChangeToThePodTemplateIsAppliedWithTheController() {
        BuiltServerObjects objects = build(WEB, CURRENT);

        objects.podTemplate()
                .getSpec()
                .getContainers()
                .add(new ContainerBuilder()
                        .withName("proxy")
                        .withImage("envoy:1.30")
                        .build());
        objects.podTemplate().getMetadata().getAnnotations().put("sidecar", "envoy");

        Deployment d = (Deployment) objects.objects().get(0);
        assertEquals(
                List.of("web", "proxy"),
                d.getSpec().getTemplate().getSpec().getContainers().stream()
                        .map(c -> c.getName())
                        .toList());
        assertEquals(
                "envoy",
                d.getSpec().getTemplate().getMetadata().getAnnotations().get("sidecar"));
    }

    @Test
    void changingThePodTemplateLeavesTheDefinitionAlone() {
        BuiltServerObjects objects = build("""
                {'name': 'web', 'kind': 'Deployment', 'containers': [{'name': 'web', 'image': 'nginx:1.27'}],
                 'annotations': {'a': 'b'}, 'nodeSelector': {'disk': 'ssd'}}""", CURRENT);

        objects.podTemplate().getMetadata().getAnnotations().put("sidecar", "envoy");
        objects.podTemplate().getSpec().getNodeSelector().put("zone", "a");

        assertEquals(Map.of("a", "b"), objects.definition().annotations());
        assertEquals(Map.of("disk", "ssd"), objects.definition().nodeSelector());
    }

    @Test
    void addedObjectsFollowTheControllerInTheServersNamespaceWithThePlatformsLabels() {
        BuiltServerObjects objects = build(WEB, CURRENT);
        Service service = new ServiceBuilder()
                .withNewMetadata()
                .withName("web")
                .withLabels(Map.of("tier", "front", "cengjiyun.io/server", "api"))
                .endMetadata()
                .build();

        objects.add(service);

        assertSame(objects.controller(), objects.objects().get(0));
        assertSame(service, objects.objects().get(1));
        assertEquals("shop-dev", service.getMetadata().getNamespace());
        assertEquals(
                Map.of(
                        "tier",
                        "front",
                        "app.kubernetes.io/managed-by",
                        "cengjiyun",
                        "app.kubernetes.io/name",
                        "web",
                        "cengjiyun.io/service",
                        "shop",
                        "cengjiyun.io/appmap",
                        "dev",
                        "cengjiyun.io/server",
                        "web"),
                service.getMetadata().getLabels());
    }

    @Test
    void anObjectOfAnotherNamespaceIsRefused() {
        BuiltServerObjects objects = build(WEB, CURRENT);
        ConfigMap other = new ConfigMapBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("kube-system")
                .endMetadata()
                .build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> objects.add(other));

        assertTrue(e.getMessage().contains("'kube-system'") && e.getMessage().contains("'shop-dev'"), e.getMessage());
        assertEquals(1, objects.objects().size());
    }

    @Test
    void theControllerOwnsEveryAddedObjectButVolumeClaims() {
        BuiltServerObjects objects = build(WEB, CURRENT);
        Service service = new ServiceBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .build();
        PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("web-data")
                .endMetadata()
                .build();
        objects.add(service);
        objects.add(claim);

        objects.withOwner(owner("uid-2")).withOwner(owner("uid-2"));

        assertEquals(List.of(owner("uid-2")), service.getMetadata().getOwnerReferences());
        assertEquals(List.of(), claim.getMetadata().getOwnerReferences(), "a claim outlives its server");
        assertEquals(List.of(), objects.controller().getMetadata().getOwnerReferences());
    }
}
