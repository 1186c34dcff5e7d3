/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.api.UnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * A registry's HTTP API v2 (the Docker / OCI distribution API), over HTTPS with the registry's own authority when it
 * has one: its repositories, their tags with digest, size and creation time, and the digest a tag names now. Basic
 * authentication with the registry's user (htpasswd registries such as Debian's docker-registry); a registry that
 * answers 401 with a Bearer challenge (a token service: Harbor, Docker Hub, GitLab) gets a token from its realm for
 * that user and the request is sent again with it. Every failure is said as what the user can do.
 */
final class RegistryApi {
    /** The manifest kinds asked for: an image's (Docker v2, OCI) and a multi-platform index's. */
    static final String MANIFESTS = String.join(
            ", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern NEXT_LAST = Pattern.compile("[?&]last=([^&>]*)");

    private final Registry registry;
    private final HttpClient http;
    private final Duration timeout;
    private volatile String bearer;

    RegistryApi(Registry registry, Duration timeout) {
        this.registry = registry;
        this.timeout = timeout;
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL);
        if (registry.ca() != null && !registry.ca().isBlank()) {
            builder.sslContext(trusting(registry.ca()));
        }
        this.http = builder.build();
    }

    /** A page of names and where the next one starts ({@code null}: the last page). */
    record Page<T>(List<T> items, String next) {}

    /** A tag: the digest of its manifest, the image's size (config and layers, compressed) and when it was made. */
    record Tag(String tag, String digest, String mediaType, Long size, Instant created, List<String> platforms) {}

    /** The repositories, {@code n} from the one after {@code last} (the registry's catalog, in its order). */
    Page<String> repositories(int n, String last) {
        String query = "?n=" + n + (last == null ? "" : "&last=" + encode(last));
        HttpResponse<byte[]> answer = send("/v2/_catalog" + query, "GET", "application/json", "the repositories");
        JsonNode body = json(answer, "the repositories");
        List<String> names = new ArrayList<>();
        body.path("repositories").forEach(r -> names.add(r.asText()));
        String next = nextLast(answer);
        if (next == null && names.size() >= n && !names.isEmpty()) {
            next = names.get(names.size() - 1); // a registry that pages without a Link header
        }
        return new Page<>(names, next);
    }

    /**
     * The tags of a repository in name order, {@code n} from the one after {@code last}, each with its digest, size
     * and creation time (two requests a tag, sent together); empty when the registry has no such repository.
     */
    Optional<Page<Tag>> tags(String repository, int n, String last) {
        HttpResponse<byte[]> answer =
                send("/v2/" + repository + "/tags/list", "GET", "application/json", "the tags of " + repository, 404);
        if (answer.statusCode() == 404) {
            return Optional.empty();
        }
        List<String> all = new ArrayList<>();
        json(answer, "the tags of " + repository).path("tags").forEach(t -> all.add(t.asText()));
        all.sort(null);
        List<String> page = all.stream()
                .filter(t -> last == null || t.compareTo(last) > 0)
                .limit(n)
                .toList();
        List<CompletableFuture<Tag>> described = page.stream()
                .map(tag -> CompletableFuture.supplyAsync(() -> describe(repository, tag)))
                .toList();
        List<Tag> tags = described.stream().map(CompletableFuture::join).toList();
        String next = page.size() == n && all.indexOf(page.get(page.size() - 1)) < all.size() - 1
                ? page.get(page.size() - 1)
                : null;
        return Optional.of(new Page<>(tags, next));
    }

    /** The digest the tag (or digest) names in the registry now; empty if the registry does not have it. */
    Optional<String> digest(String repository, String reference) {
        HttpResponse<byte[]> answer = send(
                "/v2/" + repository + "/manifests/" + reference, "HEAD", MANIFESTS, repository + ":" + reference, 404);
        if (answer.statusCode() == 404) {
            return Optional.empty();
        }
        return answer.headers().firstValue("Docker-Content-Digest");
    }

    private Tag describe(String repository, String tag) {
        String what = repository + ":" + tag;
        HttpResponse<byte[]> answer = send("/v2/" + repository + "/manifests/" + tag, "GET", MANIFESTS, what);
        JsonNode manifest = json(answer, what);
        String digest = answer.headers().firstValue("Docker-Content-Digest").orElse(null);
        String type = manifest.path("mediaType")
                .asText(answer.headers().firstValue("Content-Type").orElse(""));
        if (manifest.has("manifests")) { // an index: one image per platform
            List<String> platforms = new ArrayList<>();
            manifest.path("manifests").forEach(m -> {
                JsonNode p = m.path("platform");
                platforms.add(
                        p.path("os").asText("?") + "/" + p.path("architecture").asText("?"));
            });
            return new Tag(tag, digest, type, null, null, platforms);
        }
        long size = manifest.path("config").path("size").asLong();
        for (JsonNode layer : manifest.path("layers")) {
            size += layer.path("size").asLong();
        }
        Instant created = null;
        String config = manifest.path("config").path("digest").asText(null);
        if (config != null) {
            HttpResponse<byte[]> blob =
                    send("/v2/" + repository + "/blobs/" + config, "GET", "*/*", "the configuration of " + what);
            String at = json(blob, what).path("created").asText(null);
            try {
                created = at == null ? null : Instant.parse(at);
            } catch (DateTimeParseException e) {
                created = null; // a configuration without a usable date: shown without one
            }
        }
        return new Tag(tag, digest, type, size, created, null);
    }

    private HttpResponse<byte[]> send(String path, String method, String accept, String what, int... alsoFine) {
        HttpResponse<byte[]> answer = attempt(path, method, accept, what);
        if (answer.statusCode() == 401) {
            String challenge = answer.headers().firstValue("WWW-Authenticate").orElse("");
            if (challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
                bearer = token(challenge, what);
                answer = attempt(path, method, accept, what);
            }
        }
        int code = answer.statusCode();
        if (code / 100 == 2) {
            return answer;
        }
        for (int fine : alsoFine) {
            if (code == fine) {
                return answer;
            }
        }
        throw new UnavailableException(refused(code, what), null);
    }

    private HttpResponse<byte[]> attempt(String path, String method, String accept, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://" + registry.address() + path))
                .timeout(timeout)
                .header("Accept", accept)
                .method(method, HttpRequest.BodyPublishers.noBody());
        String token = bearer;
        request.header("Authorization", token != null ? "Bearer " + token : basic());
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UnavailableException(unreachable(e, what), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while reading " + what + " from " + where(), e);
        }
    }

    /** A token from the challenge's realm for this registry's user (the Docker token protocol). */
    private String token(String challenge, String what) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        String realm = params.remove("realm");
        if (realm == null || !realm.startsWith("https://")) {
            throw new UnavailableException(
                    where() + " asks for a token from " + (realm == null ? "no realm" : "'" + realm + "'")
                            + ", which the platform does not reach over HTTPS; give the registry's token service an"
                            + " HTTPS address",
                    null);
        }
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.length() == 0 ? "?" : "&")
                .append(k)
                .append('=')
                .append(encode(v)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(realm + query))
                .timeout(timeout)
                .header("Authorization", basic())
                .GET()
                .build();
        try {
            HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new UnavailableException(refused(answer.statusCode(), what), null);
            }
            JsonNode body = json(answer, "a token");
            String token = body.path("token").asText(body.path("access_token").asText(null));
            if (token == null) {
                throw new UnavailableException(where() + "'s token service gave no token for " + what, null);
            }
            return token;
        } catch (IOException e) {
            throw new UnavailableException(unreachable(e, "a token for " + what), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while asking " + where() + " for a token", e);
        }
    }

    private String basic() {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (registry.username() + ":" + registry.password()).getBytes(StandardCharsets.UTF_8));
    }

    private String refused(int code, String what) {
        return switch (code) {
            case 401 ->
                where() + " refused the credentials of user '" + registry.username() + "' (401 Unauthorized)"
                        + " for " + what + ": set the registry's username and password again (PUT"
                        + " /services/" + registry.service() + "/registries/" + registry.name() + ")";
            case 403 ->
                where() + " does not let user '" + registry.username() + "' read " + what
                        + " (403 Forbidden): give that user read (pull) rights on it in the registry";
            case 404 -> where() + " has no " + what + " (404): check the repository's name";
            case 429 -> where() + " asks to slow down (429 Too Many Requests): try again in a minute";
            default -> where() + " answered " + code + " for " + what + ": check the registry's own log";
        };
    }

    private String unreachable(IOException e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return where() + ": TLS failed reading " + what + " (" + t.getMessage() + "); give the registry's"
                        + " authority as its `ca` (PEM) if its certificate is not from a public one";
            }
            if (t instanceof ConnectException) {
                return where() + " does not answer (connection refused) for " + what + ": check its address and"
                        + " that the registry runs";
            }
            if (t instanceof HttpTimeoutException) {
                return where() + " did not answer within " + timeout.toSeconds() + " s for " + what
                        + ": check that it runs and that this machine reaches it";
            }
        }
        return where() + " cannot be reached for " + what + ": " + e;
    }

    private String where() {
        return "registry '" + registry.name() + "' (" + registry.address() + ")";
    }

    private static JsonNode json(HttpResponse<byte[]> answer, String what) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UnavailableException(
                    "the registry answered " + what + " with something that is not JSON: " + e.getMessage(), e);
        }
    }

    /** The {@code last} of the Link header's next page ({@code </v2/_catalog?last=x&n=10>; rel="next"}). */
    private static String nextLast(HttpResponse<?> answer) {
        return answer.headers()
                .firstValue("Link")
                .filter(link -> link.contains("rel=\"next\""))
                .map(NEXT_LAST::matcher)
                .filter(Matcher::find)
                .map(m -> java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8))
                .orElse(null);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** An SSL context that trusts the registry's authority (and only it). */
    static SSLContext trusting(String pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new UnavailableException(
                    "the `ca` of the registry is not a certificate the platform can read (" + e.getMessage()
                            + "): set it again as PEM",
                    e);
        }
    }
}
