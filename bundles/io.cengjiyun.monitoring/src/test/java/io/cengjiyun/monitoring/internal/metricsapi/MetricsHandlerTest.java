/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsServer;
import io.cengjiyun.monitoring.ClusterSample;
import io.cengjiyun.monitoring.ContainerSample;
import io.cengjiyun.monitoring.NodeSample;
import io.cengjiyun.monitoring.PodSample;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener over real TLS, as a cluster's API server calls it: its front-proxy client certificate, the user in
 * the headers. Only the cluster's calls are fakes.
 */
class MetricsHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1BETA1 = "/apis/metrics.k8s.io/v1beta1";

    private TestPki pki;
    private ServingCertificate serving;
    private HttpsServer server;
    private ExecutorService executor;
    private MetricsHandler handler;
    private final List<String> selections = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        pki = new TestPki("front-proxy-ca");
        FrontProxies proxies = new FrontProxies();
        proxies.put(FrontProxy.of("local", FrontProxyTest.configMap(pki)));
        serving = ServingCertificate.generate(List.of("localhost"), List.of(InetAddress.getByName("127.0.0.1")));
        Instant now = Instant.now();
        ClusterSample sample = new ClusterSample(
                "local",
                now,
                List.of(new NodeSample("n1", now, 0.5, 1L << 30, null, null, null, 2.0, 4L << 30)),
                List.of(
                        new PodSample(
                                "dev",
                                "web-1",
                                "u1",
                                "n1",
                                now,
                                List.of(new ContainerSample("app", now, 0.2, 1L << 20)),
                                null,
                                null,
                                null),
                        new PodSample(
                                "dev",
                                "web-2",
                                "u2",
                                "n1",
                                now,
                                List.of(new ContainerSample("app", now, 0.01, 1L << 20)),
                                null,
                                null,
                                null)),
                List.of());
        MetricsHandler.ClusterView view = new MetricsHandler.ClusterView() {
            @Override
            public Optional<ClusterSample> latest(String cluster) {
                return cluster.equals("local") ? Optional.of(sample) : Optional.empty();
            }

            @Override
            public Map<String, Map<String, String>> selectPods(String cluster, String namespace, String selector) {
                selections.add(namespace + " " + selector);
                return Map.of("dev/web-2", Map.of("cengjiyun.io/server", "web"));
            }

            @Override
            public Map<String, Map<String, String>> nodeLabels(String cluster) {
                return Map.of("n1", Map.of());
            }
        };
        AccessReviews reviews = new AccessReviews(
                (cluster, caller, path) -> new AccessReviews.Decision(
                        caller.user().equals("hpa"), caller.user().equals("hpa") ? "" : "no RBAC rule allows it"),
                Clock.systemUTC());
        handler = new MetricsHandler(proxies, reviews, view, Duration.ofSeconds(15));
        executor = Executors.newFixedThreadPool(2);
        server = TlsListener.open(InetAddress.getByName("127.0.0.1"), 0, serving, proxies, handler, executor);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private HttpResponse<String> get(SSLContext tls, String path, String user) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path))
                .timeout(Duration.ofSeconds(10));
        if (user != null) {
            request.header("X-Remote-User", user).header("X-Remote-Group", "system:authenticated");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private SSLContext frontProxy() throws Exception {
        return pki.client("front-proxy-client").context(serving.certificate());
    }

    private SSLContext noCertificate() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, TestPki.trusting(serving.certificate()).getTrustManagers(), null);
        return tls;
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static void assertStatus(HttpResponse<String> r, int code, String reason) throws IOException {
        assertEquals(code, r.statusCode(), r.body());
        JsonNode status = json(r);
        assertEquals("Status", status.path("kind").asText(), r.body());
        assertEquals(reason, status.path("reason").asText(), r.body());
        assertEquals(code, status.path("code").asInt());
    }

    @Test
    void theApiServerGetsThePodsOfANamespace() throws Exception {
        HttpResponse<String> r = get(frontProxy(), V1BETA1 + "/namespaces/dev/pods", "hpa");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode items = json(r).path("items");
        assertEquals(2, items.size());
        assertEquals(
                "200000000n",
                items.get(0).path("containers").get(0).path("usage").path("cpu").asText());
        assertEquals(1, handler.counts("local").served().get());
    }

    @Test
    void aLabelSelectorIsResolvedByTheCluster() throws Exception {
        HttpResponse<String> r =
                get(frontProxy(), V1BETA1 + "/namespaces/dev/pods?labelSelector=cengjiyun.io%2Fserver%3Dweb", "hpa");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(List.of("dev cengjiyun.io/server=web"), selections);
        assertEquals(1, json(r).path("items").size());
        assertStatus(get(frontProxy(), V1BETA1 + "/pods?labelSelector=a%20in%20(b", "hpa"), 400, "BadRequest");
    }

    @Test
    void discoveryAndNodesAnswer() throws Exception {
        assertEquals(
                "APIResourceList",
                json(get(frontProxy(), V1BETA1, "system:kube-aggregator"))
                        .path("kind")
                        .asText());
        assertEquals(
                "APIGroup",
                json(get(frontProxy(), "/apis/metrics.k8s.io", "x"))
                        .path("kind")
                        .asText());
        JsonNode nodes = json(get(frontProxy(), V1BETA1 + "/nodes", "hpa"));
        assertEquals(
                "500000000n",
                nodes.path("items").get(0).path("usage").path("cpu").asText());
        assertStatus(get(frontProxy(), V1BETA1 + "/nodes/gone", "hpa"), 404, "NotFound");
        assertStatus(get(frontProxy(), "/openapi/v2", "hpa"), 404, "NotFound");
    }

    @Test
    void aUserRbacRefusesIsForbidden() throws Exception {
        HttpResponse<String> r = get(frontProxy(), V1BETA1 + "/namespaces/dev/pods", "eve");
        assertStatus(r, 403, "Forbidden");
        assertTrue(
                json(r).path("message")
                        .asText()
                        .startsWith(
                                "pods.metrics.k8s.io is forbidden: User \"eve\" cannot list resource \"pods\" in API"
                                        + " group \"metrics.k8s.io\" in the namespace \"dev\""),
                r.body());
        assertEquals(1, handler.counts("local").refused().get());
    }

    @Test
    void withoutTheFrontProxysCertificateOnlyHealthAnswers() throws Exception {
        HttpResponse<String> health = get(noCertificate(), "/healthz", null);
        assertEquals(200, health.statusCode());
        assertEquals("ok", health.body());
        assertStatus(get(noCertificate(), V1BETA1 + "/nodes", "hpa"), 401, "Unauthorized");
        assertStatus(
                get(pki.client("not-the-front-proxy").context(serving.certificate()), V1BETA1 + "/nodes", "hpa"),
                401,
                "Unauthorized");
        assertStatus(get(frontProxy(), V1BETA1 + "/nodes", null), 401, "Unauthorized");
    }

    @Test
    void aCertificateOfAnotherCaDoesNotGetThroughTheHandshake() throws Exception {
        SSLContext stranger =
                new TestPki("front-proxy-ca").client("front-proxy-client").context(serving.certificate());
        assertThrows(IOException.class, () -> get(stranger, V1BETA1 + "/nodes", "hpa"));
    }

    @Test
    void writesAndWatchesAreRefused() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(frontProxy()).build();
        HttpResponse<String> post = client.send(
                HttpRequest.newBuilder(URI.create(
                                "https://127.0.0.1:" + server.getAddress().getPort() + V1BETA1 + "/nodes"))
                        .header("X-Remote-User", "hpa")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertStatus(post, 405, "MethodNotAllowed");
        assertStatus(get(frontProxy(), V1BETA1 + "/pods?watch=true", "hpa"), 405, "MethodNotAllowed");
    }
}
