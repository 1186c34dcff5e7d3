/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.cluster.ClusterRegistry;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Appmaps placed on the local cluster (tools/kube-local): allotments checked, the namespace with its ResourceQuota and
 * LimitRange made, a foreign namespace left alone, the namespace deleted with the appmap, and no appmap without the
 * cluster bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlacementIT extends CengjiyunTestSupport {

    @Before
    public void restIsUp() {
        waitForRest();
    }

    private KubernetesClient client() throws Exception {
        return service(ClusterRegistry.class).connection(LOCAL_CLUSTER).client();
    }

    private static String errors(HttpResponse<String> response) {
        return response.body();
    }

    private JsonNode error(HttpResponse<String> response, String field) throws Exception {
        for (JsonNode e : body(response).get("errors")) {
            if (e.get("field").asText().equals(field)) {
                return e;
            }
        }
        throw new AssertionError("no error on " + field + ": " + response.body());
    }

    private static BigDecimal amount(Quantity q) {
        return Quantity.getAmountInBytes(q);
    }

    private static BigDecimal amount(String q) {
        return Quantity.getAmountInBytes(new Quantity(q));
    }

    @Test
    public void anAppMapNeedsAClusterAllottedToItsService() throws Exception {
        registerLocalCluster();
        assertEquals(201, post("/services", "{\"name\": \"unallotted\"}").statusCode());

        HttpResponse<String> refused = post("/services/unallotted/appmaps", appMap("dev"));
        assertProblem(refused, 422);
        String message = error(refused, "cluster").get("message").asText();
        assertTrue(
                message,
                message.contains("'local' is not allotted to service 'unallotted'")
                        && message.contains("PUT /api/v1/services/unallotted/allotments"));

        HttpResponse<String> unknown =
                post("/services/unallotted/appmaps", appMap("dev").replace("\"local\"", "\"nowhere\""));
        assertProblem(unknown, 422);
        assertTrue(
                errors(unknown),
                error(unknown, "cluster").get("message").asText().contains("not a registered cluster"));
        assertProblem(get("/services/unallotted/appmaps/dev"), 404);
        deleteService("unallotted");
    }

    @Test
    public void aQuotaBeyondTheAllotmentIsRefusedWithTheNumbers() throws Exception {
        assertEquals(201, post("/services", "{\"name\": \"bounded\"}").statusCode());
        allotLocalCluster("bounded");
        String big =
                "{\"name\": \"big\", \"cluster\": \"local\", \"quota\": {\"cpu\": \"1\", \"memory\": \"10Gi\", \"pods\": 5,"
                        + " \"storage\": \"1Gi\"}}";
        assertEquals(201, post("/services/bounded/appmaps", big).statusCode());

        HttpResponse<String> tooMuch =
                post("/services/bounded/appmaps", big.replace("big", "more").replace("10Gi", "8Gi"));
        assertProblem(tooMuch, 422);
        assertEquals(1, body(tooMuch).get("errors").size());
        String message = error(tooMuch, "quota.memory").get("message").asText();
        assertTrue(
                message,
                message.contains("asks 8Gi")
                        && message.contains("6Gi left")
                        && message.contains("16Gi allotted")
                        && message.contains("big (10Gi)"));

        HttpResponse<String> noQuota =
                post("/services/bounded/appmaps", "{\"name\": \"bare\", \"cluster\": \"local\"}");
        assertProblem(noQuota, 422);
        assertTrue(
                errors(noQuota),
                error(noQuota, "quota.cpu").get("message").asText().contains("is required"));

        HttpResponse<String> lowered = put("/services/bounded/allotments", LOCAL_ALLOTMENT.replace("16Gi", "4Gi"));
        assertProblem(lowered, 422);
        assertTrue(
                errors(lowered),
                error(lowered, "[0].memory").get("message").asText().contains("big (10Gi)"));
        assertProblem(put("/services/bounded/allotments", "[]"), 422);

        assertEquals(1, body(get("/services/bounded/appmaps")).size());
        deleteService("bounded");
    }

    @Test
    public void aPlacedAppMapIsANamespaceWithQuotaAndDefaultsThatGoesWithIt() throws Exception {
        assertEquals(201, post("/services", "{\"name\": \"placed\"}").statusCode());
        allotLocalCluster("placed");
        HttpResponse<String> created = post("/services/placed/appmaps", appMap("dev"));
        assertEquals(created.body(), 201, created.statusCode());
        KubernetesClient client = client();

        Namespace ns = client.namespaces().withName("placed-dev").get();
        assertNotNull("namespace placed-dev on the cluster", ns);
        assertEquals(
                Map.of(
                        "app.kubernetes.io/managed-by",
                        "cengjiyun",
                        "cengjiyun.io/service",
                        "placed",
                        "cengjiyun.io/appmap",
                        "dev"),
                ns.getMetadata().getLabels());
        ResourceQuota quota = client.resourceQuotas()
                .inNamespace("placed-dev")
                .withName("cengjiyun-quota")
                .get();
        assertNotNull("ResourceQuota cengjiyun-quota", quota);
        Map<String, Quantity> hard = quota.getSpec().getHard();
        assertEquals(hard.toString(), amount("1"), amount(hard.get("requests.cpu")));
        assertEquals(hard.toString(), amount("1"), amount(hard.get("limits.cpu")));
        assertEquals(hard.toString(), amount("1Gi"), amount(hard.get("requests.memory")));
        assertEquals(hard.toString(), amount("1Gi"), amount(hard.get("limits.memory")));
        assertEquals(hard.toString(), amount("10"), amount(hard.get("pods")));
        assertEquals(hard.toString(), amount("1Gi"), amount(hard.get("requests.storage")));
        LimitRangeItem defaults = client.limitRanges()
                .inNamespace("placed-dev")
                .withName("cengjiyun-defaults")
                .get()
                .getSpec()
                .getLimits()
                .get(0);
        assertEquals(amount("100m"), amount(defaults.getDefaultRequest().get("cpu")));
        assertEquals(amount("512Mi"), amount(defaults.getDefault().get("memory")));

        // A container that states no requests is admitted under the quota, with the defaults.
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName("no-requests")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("sleep")
                .withImage("cengjiyun.test/busybox:1")
                .withCommand("sleep", "3600")
                .endContainer()
                .withTerminationGracePeriodSeconds(0L)
                .endSpec()
                .build();
        Pod admitted = client.pods().inNamespace("placed-dev").resource(pod).create();
        try {
            assertEquals(
                    amount("128Mi"),
                    amount(admitted.getSpec()
                            .getContainers()
                            .get(0)
                            .getResources()
                            .getRequests()
                            .get("memory")));
            assertEquals(
                    amount("500m"),
                    amount(admitted.getSpec()
                            .getContainers()
                            .get(0)
                            .getResources()
                            .getLimits()
                            .get("cpu")));
        } finally {
            client.pods()
                    .inNamespace("placed-dev")
                    .withName("no-requests")
                    .withGracePeriod(0)
                    .delete();
        }

        // A new quota is applied; a move is refused.
        HttpResponse<String> raised =
                put("/services/placed/appmaps/dev", appMap("dev").replace("\"cpu\": \"1\"", "\"cpu\": \"2\""));
        assertEquals(raised.body(), 200, raised.statusCode());
        assertEquals(
                amount("2"),
                amount(client.resourceQuotas()
                        .inNamespace("placed-dev")
                        .withName("cengjiyun-quota")
                        .get()
                        .getSpec()
                        .getHard()
                        .get("limits.cpu")));
        HttpResponse<String> moved =
                put("/services/placed/appmaps/dev", appMap("dev").replace("}}", "}, \"namespace\": \"elsewhere\"}"));
        assertProblem(moved, 422);
        assertTrue(
                errors(moved), error(moved, "namespace").get("message").asText().contains("cannot move"));

        assertEquals(204, delete("/services/placed/appmaps/dev").statusCode());
        waitForAssert(
                () -> {
                    Namespace gone = client.namespaces().withName("placed-dev").get();
                    assertTrue(
                            "namespace placed-dev deleted: " + gone,
                            gone == null || gone.getMetadata().getDeletionTimestamp() != null);
                },
                Duration.ofSeconds(30));
        deleteService("placed");
    }

    @Test
    public void aNamespaceThatIsNotThePlatformsIsAConflictAndNothingIsStored() throws Exception {
        assertEquals(201, post("/services", "{\"name\": \"foreign\"}").statusCode());
        allotLocalCluster("foreign");
        removeLeftovers("foreign-dev", null);
        KubernetesClient client = client();
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("foreign-dev")
                        .endMetadata()
                        .build())
                .create();
        try {
            HttpResponse<String> conflict = post("/services/foreign/appmaps", appMap("dev"));
            assertProblem(conflict, 409);
            assertTrue(conflict.body(), body(conflict).get("detail").asText().contains("namespace 'foreign-dev'"));
            assertProblem(get("/services/foreign/appmaps/dev"), 404);
            Map<String, String> labels = client.namespaces()
                    .withName("foreign-dev")
                    .get()
                    .getMetadata()
                    .getLabels();
            assertTrue(
                    "the foreign namespace is left alone: " + labels,
                    labels == null || !labels.containsKey("app.kubernetes.io/managed-by"));
        } finally {
            client.namespaces().withName("foreign-dev").delete();
        }
        deleteService("foreign");
    }

    @Test
    public void withoutTheClusterBundleAppMapsAreUnavailable() throws Exception {
        assertEquals(201, post("/services", "{\"name\": \"unplaced\"}").statusCode());
        allotLocalCluster("unplaced");
        Bundle cluster = null;
        for (Bundle b : bundleContext.getBundles()) {
            if ("io.cengjiyun.cluster".equals(b.getSymbolicName())) {
                cluster = b;
            }
        }
        assertNotNull("cluster bundle installed", cluster);
        cluster.stop();
        try {
            HttpResponse<String> unavailable = post("/services/unplaced/appmaps", appMap("dev"));
            assertProblem(unavailable, 503);
            assertTrue(
                    unavailable.body(), body(unavailable).get("detail").asText().contains("io.cengjiyun.cluster"));
        } finally {
            cluster.start();
        }
        assertProblem(get("/services/unplaced/appmaps/dev"), 404);
        waitForAssert(
                () -> {
                    try {
                        HttpResponse<String> created = post("/services/unplaced/appmaps", appMap("dev"));
                        assertEquals(created.body(), 201, created.statusCode());
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                },
                Duration.ofSeconds(60));
        deleteService("unplaced");
    }
}
