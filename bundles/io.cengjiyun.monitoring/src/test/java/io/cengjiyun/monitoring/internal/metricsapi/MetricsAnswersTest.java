/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.monitoring.ClusterSample;
import io.cengjiyun.monitoring.ContainerSample;
import io.cengjiyun.monitoring.NodeSample;
import io.cengjiyun.monitoring.PodSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documents kubectl top and the HPA controller decode, from one sampling round. */
class MetricsAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant ROUND = Instant.parse("2026-12-05T10:00:00Z");
    private static final Instant MEASURED = Instant.parse("2026-12-05T09:59:58.731Z");
    private static final Duration WINDOW = Duration.ofSeconds(15);
    private static final String V1BETA1 = "/apis/metrics.k8s.io/v1beta1";

    private static PodSample pod(String namespace, String name, ContainerSample... containers) {
        return new PodSample(namespace, name, "uid-" + name, "n1", MEASURED, List.of(containers), null, null, null);
    }

    private static final ClusterSample SAMPLE = new ClusterSample(
            "local",
            ROUND,
            List.of(
                    new NodeSample("n1", MEASURED, 0.75, 2L * 1024 * 1024 * 1024, null, null, null, 2.0, null),
                    new NodeSample("n2", null, null, null, null, null, null, null, null)),
            List.of(
                    pod(
                            "dev",
                            "web-1",
                            new ContainerSample("app", MEASURED, 0.301234567, 10_485_760L),
                            new ContainerSample("sidecar", MEASURED, 0.0, 1000L)),
                    pod("dev", "web-2", new ContainerSample("app", MEASURED, 0.1, 4096L)),
                    pod("dev", "starting", new ContainerSample("app", MEASURED, null, 4096L)),
                    pod("kube-system", "proxy", new ContainerSample("p", MEASURED, 0.002, 8192L))),
            List.of("n2: timeout"));

    private static JsonNode json(Object document) {
        return JSON.valueToTree(document);
    }

    @Test
    void podsOfANamespaceWithTimestampWindowAndEveryContainer() {
        MetricsAnswers.Answer answer = MetricsAnswers.pods(
                SAMPLE, ApiPath.parse(V1BETA1 + "/namespaces/dev/pods"), FieldSelector.EVERYTHING, null, WINDOW);
        assertEquals(200, answer.code());
        JsonNode list = json(answer.body());
        assertEquals("PodMetricsList", list.path("kind").asText());
        assertEquals("metrics.k8s.io/v1beta1", list.path("apiVersion").asText());
        assertEquals(2, list.path("items").size(), "the pod without CPU in a container is left out: " + list);
        JsonNode web1 = list.path("items").get(0);
        assertEquals("web-1", web1.path("metadata").path("name").asText());
        assertEquals("dev", web1.path("metadata").path("namespace").asText());
        assertEquals("2026-12-05T09:59:58Z", web1.path("timestamp").asText());
        assertEquals("15s", web1.path("window").asText());
        assertFalse(web1.has("kind"), "items of a list carry no kind");
        JsonNode app = web1.path("containers").get(0);
        assertEquals("app", app.path("name").asText());
        assertEquals("301234567n", app.path("usage").path("cpu").asText());
        assertEquals("10240Ki", app.path("usage").path("memory").asText());
        JsonNode sidecar = web1.path("containers").get(1);
        assertEquals("0", sidecar.path("usage").path("cpu").asText(), "an idle container still has CPU");
        assertEquals("1000", sidecar.path("usage").path("memory").asText(), "bytes when not whole Ki");
    }

    @Test
    void aLabelSelectorKeepsThePodsTheClusterChoseWithTheirLabels() {
        Map<String, Map<String, String>> chosen = Map.of("dev/web-2", Map.of("cengjiyun.io/server", "web"));
        JsonNode list = json(MetricsAnswers.pods(
                        SAMPLE,
                        ApiPath.parse(V1BETA1 + "/namespaces/dev/pods"),
                        FieldSelector.EVERYTHING,
                        chosen,
                        WINDOW)
                .body());
        assertEquals(1, list.path("items").size());
        assertEquals(
                "web",
                list.path("items")
                        .get(0)
                        .path("metadata")
                        .path("labels")
                        .path("cengjiyun.io/server")
                        .asText());
    }

    @Test
    void allNamespacesAndAFieldSelector() {
        JsonNode all = json(
                MetricsAnswers.pods(SAMPLE, ApiPath.parse(V1BETA1 + "/pods"), FieldSelector.EVERYTHING, null, WINDOW)
                        .body());
        assertEquals(3, all.path("items").size());
        JsonNode one = json(MetricsAnswers.pods(
                        SAMPLE,
                        ApiPath.parse(V1BETA1 + "/pods"),
                        FieldSelector.parse("metadata.namespace=kube-system"),
                        null,
                        WINDOW)
                .body());
        assertEquals(
                "proxy", one.path("items").get(0).path("metadata").path("name").asText());
    }

    @Test
    void oneNamedPodCarriesItsKind() {
        MetricsAnswers.Answer answer = MetricsAnswers.pods(
                SAMPLE, ApiPath.parse(V1BETA1 + "/namespaces/dev/pods/web-2"), FieldSelector.EVERYTHING, null, WINDOW);
        JsonNode pod = json(answer.body());
        assertEquals("PodMetrics", pod.path("kind").asText());
        assertEquals("metrics.k8s.io/v1beta1", pod.path("apiVersion").asText());
        assertEquals(
                "100000000n",
                pod.path("containers").get(0).path("usage").path("cpu").asText());
    }

    @Test
    void aPodWithoutFiguresIsNotFoundAsKubernetesSaysIt() {
        for (String name : List.of("starting", "nope")) {
            MetricsAnswers.Answer answer = MetricsAnswers.pods(
                    SAMPLE,
                    ApiPath.parse(V1BETA1 + "/namespaces/dev/pods/" + name),
                    FieldSelector.EVERYTHING,
                    null,
                    WINDOW);
            assertEquals(404, answer.code());
            JsonNode status = json(answer.body());
            assertEquals("Status", status.path("kind").asText());
            assertEquals("Failure", status.path("status").asText());
            assertEquals("NotFound", status.path("reason").asText());
            assertEquals(404, status.path("code").asInt());
            assertEquals(
                    "podmetrics.metrics.k8s.io \"dev/" + name + "\" not found",
                    status.path("message").asText());
        }
    }

    @Test
    void noRoundIsAnEmptyListNotAnError() {
        JsonNode list =
                json(MetricsAnswers.pods(null, ApiPath.parse(V1BETA1 + "/pods"), FieldSelector.EVERYTHING, null, WINDOW)
                        .body());
        assertEquals(0, list.path("items").size());
        assertTrue(list.path("items").isArray());
    }

    @Test
    void nodesWithUsageLabelsAndSelector() {
        Map<String, Map<String, String>> labels = Map.of("n1", Map.of("kubernetes.io/hostname", "n1"), "n2", Map.of());
        JsonNode list = json(MetricsAnswers.nodes(
                        SAMPLE,
                        ApiPath.parse(V1BETA1 + "/nodes"),
                        LabelSelector.EVERYTHING,
                        FieldSelector.EVERYTHING,
                        labels,
                        WINDOW)
                .body());
        assertEquals("NodeMetricsList", list.path("kind").asText());
        assertEquals(1, list.path("items").size(), "n2 did not answer: absent, not zero");
        JsonNode n1 = list.path("items").get(0);
        assertEquals("750000000n", n1.path("usage").path("cpu").asText());
        assertEquals("2097152Ki", n1.path("usage").path("memory").asText());
        assertEquals(
                "n1",
                n1.path("metadata")
                        .path("labels")
                        .path("kubernetes.io/hostname")
                        .asText());
        assertEquals("2026-12-05T09:59:58Z", n1.path("timestamp").asText());

        JsonNode none = json(MetricsAnswers.nodes(
                        SAMPLE,
                        ApiPath.parse(V1BETA1 + "/nodes"),
                        LabelSelector.parse("kubernetes.io/hostname=other"),
                        FieldSelector.EVERYTHING,
                        labels,
                        WINDOW)
                .body());
        assertEquals(0, none.path("items").size());
        assertEquals(
                404,
                MetricsAnswers.nodes(
                                SAMPLE,
                                ApiPath.parse(V1BETA1 + "/nodes/n2"),
                                LabelSelector.EVERYTHING,
                                FieldSelector.EVERYTHING,
                                labels,
                                WINDOW)
                        .code());
        JsonNode one = json(MetricsAnswers.nodes(
                        SAMPLE,
                        ApiPath.parse(V1BETA1 + "/nodes/n1"),
                        LabelSelector.EVERYTHING,
                        FieldSelector.EVERYTHING,
                        labels,
                        WINDOW)
                .body());
        assertEquals("NodeMetrics", one.path("kind").asText());
    }

    @Test
    void discoveryDocuments() {
        JsonNode resources = json(ApiDocuments.resources());
        assertEquals("APIResourceList", resources.path("kind").asText());
        assertEquals("metrics.k8s.io/v1beta1", resources.path("groupVersion").asText());
        JsonNode nodes = resources.path("resources").get(0);
        assertEquals("nodes", nodes.path("name").asText());
        assertEquals("NodeMetrics", nodes.path("kind").asText());
        assertFalse(nodes.path("namespaced").asBoolean());
        assertEquals("[\"get\",\"list\"]", nodes.path("verbs").toString());
        JsonNode pods = resources.path("resources").get(1);
        assertEquals("PodMetrics", pods.path("kind").asText());
        assertTrue(pods.path("namespaced").asBoolean());

        JsonNode group = json(ApiDocuments.apiGroup());
        assertEquals("APIGroup", group.path("kind").asText());
        assertEquals("metrics.k8s.io", group.path("name").asText());
        assertEquals("v1beta1", group.path("preferredVersion").path("version").asText());
        JsonNode groups = json(ApiDocuments.apiGroupList());
        assertEquals("APIGroupList", groups.path("kind").asText());
        assertFalse(groups.path("groups").get(0).has("kind"));
    }

    @Test
    void quantities() {
        assertEquals("1n", ApiDocuments.cpu(0.000000001));
        assertEquals("2000000000n", ApiDocuments.cpu(2));
        assertEquals("0", ApiDocuments.cpu(-0.1));
        assertEquals("1Ki", ApiDocuments.memory(1024));
        assertEquals("1025", ApiDocuments.memory(1025));
        assertEquals("0", ApiDocuments.memory(0));
    }
}
