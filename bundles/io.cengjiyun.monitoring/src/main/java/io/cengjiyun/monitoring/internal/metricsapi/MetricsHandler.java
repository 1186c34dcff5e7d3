/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import io.cengjiyun.monitoring.ClusterSample;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the metrics API's requests. Health paths answer anyone. Everything else needs a client certificate of a
 * served cluster's front proxy (the TLS handshake already checked its CA) and the user in its headers: discovery is
 * then answered, metrics only when the cluster's SubjectAccessReview allows the user to get or list them. Every
 * refusal is a Kubernetes Status, which kubectl and the HPA controller show as the API server's own error.
 */
final class MetricsHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the handler needs of the clusters and the samples. */
    interface ClusterView {
        /** The cluster's newest sampling round, if it is recent enough to serve. */
        Optional<ClusterSample> latest(String cluster);

        /**
         * The pods a label selector chooses, asked of the cluster (one list call): by {@code namespace/name}, with
         * their labels.
         *
         * @param namespace null: every namespace
         */
        Map<String, Map<String, String>> selectPods(String cluster, String namespace, String labelSelector);

        /** Every node's labels, by name. */
        Map<String, Map<String, String>> nodeLabels(String cluster);
    }

    /** Requests answered per cluster: served (2xx) and refused. */
    record Counts(AtomicLong served, AtomicLong refused) {
        Counts() {
            this(new AtomicLong(), new AtomicLong());
        }
    }

    private final FrontProxies proxies;
    private final AccessReviews reviews;
    private final ClusterView clusters;
    /** The window every item states: the sampling interval, which a configuration change may set anew. */
    private volatile Duration window;

    private final Map<String, Counts> counts = new ConcurrentHashMap<>();

    MetricsHandler(FrontProxies proxies, AccessReviews reviews, ClusterView clusters, Duration window) {
        this.proxies = proxies;
        this.reviews = reviews;
        this.clusters = clusters;
        this.window = window;
    }

    void window(Duration window) {
        this.window = window;
    }

    Counts counts(String cluster) {
        return counts.computeIfAbsent(cluster, c -> new Counts());
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ApiPath path = ApiPath.parse(exchange.getRequestURI().getPath());
            if (path.kind() == ApiPath.Kind.HEALTH) {
                write(exchange, 200, "text/plain; charset=utf-8", "ok".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Reply reply = reply(exchange, path);
            if (reply.cluster() != null) {
                Counts c = counts(reply.cluster());
                (reply.code() < 300 ? c.served() : c.refused()).incrementAndGet();
            }
            write(exchange, reply.code(), "application/json", JSON.writeValueAsBytes(reply.body()));
        } catch (IOException e) {
            LOG.debug("Metrics API: could not answer {}: {}", exchange.getRequestURI(), e.toString());
        }
    }

    /** The answer, and the cluster it is counted for (null: the caller is not known). */
    record Reply(String cluster, int code, Object body) {}

    Reply reply(HttpExchange exchange, ApiPath path) {
        Optional<X509Certificate> certificate = clientCertificate(exchange);
        if (certificate.isEmpty()) {
            return new Reply(
                    null,
                    401,
                    unauthorized("no client certificate: only the API servers of the clusters the"
                            + " platform serves may call the metrics API, through their front proxy"));
        }
        Optional<FrontProxy> proxy = proxies.of(certificate.get());
        if (proxy.isEmpty()) {
            return new Reply(
                    null, 401, unauthorized("the client certificate is not from a served cluster's front proxy"));
        }
        String cluster = proxy.get().cluster();
        if (!proxy.get().allows(certificate.get())) {
            return new Reply(
                    cluster,
                    401,
                    unauthorized("the client certificate's name '" + FrontProxy.commonName(certificate.get())
                            + "' is not among the cluster's requestheader-allowed-names"));
        }
        Optional<Caller> caller = Caller.of(proxy.get(), exchange.getRequestHeaders());
        if (caller.isEmpty()) {
            return new Reply(
                    cluster,
                    401,
                    unauthorized("no user in the headers " + proxy.get().userHeaders()));
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            return new Reply(
                    cluster,
                    405,
                    ApiDocuments.status(
                            405,
                            "MethodNotAllowed",
                            exchange.getRequestMethod() + " is not supported: the metrics API is read only (get, list)",
                            null));
        }
        try {
            return new Reply(cluster, 200, answer(cluster, caller.get(), path, query(exchange)));
        } catch (Refusal r) {
            return new Reply(cluster, r.code, r.status);
        } catch (RuntimeException e) {
            LOG.warn("Metrics API: {} {} from cluster {} failed", exchange.getRequestMethod(), path, cluster, e);
            return new Reply(
                    cluster,
                    500,
                    ApiDocuments.status(
                            500, "InternalError", "the platform could not answer: " + e.getMessage(), null));
        }
    }

    private Object answer(String cluster, Caller caller, ApiPath path, Map<String, String> query) {
        switch (path.kind()) {
            case GROUP_LIST:
                return ApiDocuments.apiGroupList();
            case GROUP:
                return ApiDocuments.apiGroup();
            case RESOURCES:
                return ApiDocuments.resources();
            case METRICS:
                break;
            default:
                throw new Refusal(
                        404,
                        ApiDocuments.status(404, "NotFound", "the server could not find the requested resource", null));
        }
        if ("true".equals(query.get("watch")) || "1".equals(query.get("watch"))) {
            throw new Refusal(
                    405,
                    ApiDocuments.status(405, "MethodNotAllowed", "watch is not supported by the metrics API", null));
        }
        LabelSelector labels;
        FieldSelector fields;
        try {
            labels = LabelSelector.parse(query.get("labelSelector"));
            fields = FieldSelector.parse(query.get("fieldSelector"));
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, ApiDocuments.status(400, "BadRequest", e.getMessage(), null));
        }
        AccessReviews.Decision decision = reviews.decide(cluster, caller, path);
        if (!decision.allowed()) {
            throw new Refusal(403, forbidden(caller, path, decision));
        }
        ClusterSample sample = clusters.latest(cluster).orElse(null);
        MetricsAnswers.Answer answer;
        if (path.resource().equals("nodes")) {
            answer = MetricsAnswers.nodes(sample, path, labels, fields, clusters.nodeLabels(cluster), window);
        } else {
            Map<String, Map<String, String>> selected = path.name() != null || labels.selectsEverything()
                    ? null
                    : clusters.selectPods(cluster, path.namespace(), labels.text());
            answer = MetricsAnswers.pods(sample, path, fields, selected, window);
        }
        if (answer.code() != 200) {
            throw new Refusal(answer.code(), answer.body());
        }
        return answer.body();
    }

    private static ApiDocuments.Status forbidden(Caller caller, ApiPath path, AccessReviews.Decision decision) {
        String what = path.resource() + "." + ApiDocuments.GROUP
                + (path.name() == null ? "" : " \"" + path.name() + "\"") + " is forbidden: User \"" + caller.user()
                + "\" cannot " + path.verb() + " resource \"" + path.resource() + "\" in API group \""
                + ApiDocuments.GROUP + "\""
                + (path.namespace() == null
                        ? path.resource().equals("pods") ? " at the cluster scope" : ""
                        : " in the namespace \"" + path.namespace() + "\"")
                + (decision.reason() == null || decision.reason().isBlank() ? "" : ": " + decision.reason());
        return ApiDocuments.status(
                403,
                "Forbidden",
                what,
                new ApiDocuments.StatusDetails(path.name(), ApiDocuments.GROUP, path.resource()));
    }

    private static ApiDocuments.Status unauthorized(String why) {
        return ApiDocuments.status(401, "Unauthorized", "Unauthorized: " + why, null);
    }

    private static Optional<X509Certificate> clientCertificate(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange https)) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = https.getSSLSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? Optional.of(x509) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    static Map<String, String> query(HttpExchange exchange) {
        return query(exchange.getRequestURI().getRawQuery());
    }

    static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(key, value);
        }
        return query;
    }

    private static void write(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A Status to answer instead of the document. */
    private static final class Refusal extends RuntimeException {
        private final int code;
        private final transient Object status;

        Refusal(int code, Object status) {
            super(null, null, false, false);
            this.code = code;
            this.status = status;
        }
    }
}
