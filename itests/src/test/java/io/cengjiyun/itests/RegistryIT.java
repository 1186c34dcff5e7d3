/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A service's image registry on tools/kube-local's real private registry (TLS from the cluster's CA, htpasswd): every
 * appmap namespace gets its pull secret, a new appmap too; a server of a private image runs; a wrong password leaves a
 * new server's pods with a clear "401 Unauthorized from the registry" cause, and setting the right one fixes it
 * without touching the server; removing the registry removes its secrets.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RegistryIT extends ServerTestSupport {

    @Override
    protected String servicePrefix() {
        return "registry-it";
    }

    private String registry(String password, String address, String user) throws IOException {
        return json.writeValueAsString(
                Map.of("name", "team", "address", address, "username", user, "password", password));
    }

    /** A server of the registry's image, pulled on every start (not the copy imported into the node). */
    private static String privateServer(String name, String image) {
        return "{\"name\": \"" + name + "\", \"kind\": \"Deployment\", \"replicas\": 1,"
                + " \"terminationGracePeriodSeconds\": 1, \"containers\": [{\"name\": \"app\", \"image\": \"" + image
                + "\", \"imagePullPolicy\": \"Always\", \"command\": [\"sleep\", \"3600\"]}]}";
    }

    private Secret pullSecret(String ns) {
        return kube.secrets().inNamespace(ns).withName("cj-registry-team").get();
    }

    @Test
    public void aServicesRegistryGivesEveryAppmapItsPullSecretAndAPasswordChangeFixesPullsInPlace() throws Exception {
        LocalRegistry local = LocalRegistry.read(repoFile("tools/kube-local/kube-local"));
        String address = local.address;
        String image = local.image;
        String registries = "/services/" + service + "/registries";

        // registered: the appmap's namespace gets the pull secret, the answer says so; the password is never shown
        HttpResponse<String> made = post(registries, registry(local.password, address, local.user));
        assertEquals(made.body(), 201, made.statusCode());
        JsonNode view = body(made);
        assertEquals("applied", view.path("appmaps").get(0).path("outcome").asText());
        assertFalse(made.body(), made.body().contains(local.password));
        assertTrue(body(get(registries + "/team")).path("password").isMissingNode());
        Secret secret = pullSecret(namespace);
        assertEquals("kubernetes.io/dockerconfigjson", secret.getType());
        String config = new String(
                Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson")), StandardCharsets.UTF_8);
        assertTrue(config, config.contains("\"" + address + "\""));

        // a server of a private image runs; its pods carry the pull secret
        create(privateServer("private", image));
        waitForState("private", "RUNNING");
        Pod pod = pods("private").get(0);
        assertEquals(
                "cj-registry-team", pod.getSpec().getImagePullSecrets().get(0).getName());

        // a wrong password: a new server cannot pull, and says why in words the user can act on
        HttpResponse<String> wrong = put(
                registries + "/team",
                "{\"address\": \"" + address + "\", \"username\": \"" + local.user
                        + "\", \"password\": \"not-the-password\"}");
        assertEquals(wrong.body(), 200, wrong.statusCode());
        create(privateServer("refused", image));
        waitForAssert(
                () -> {
                    String causes = getJson(servers + "/refused/diagnosis").toString();
                    assertTrue(causes, causes.contains("401 Unauthorized from " + address));
                },
                ROLLOUT);

        // the right password again: the same pods pull on their next retry, the server untouched
        int version = getJson(servers + "/refused").path("version").asInt();
        java.util.Set<String> before = podUids("refused");
        HttpResponse<String> fixed = put(registries + "/team", registry(local.password, address, local.user));
        assertEquals(fixed.body(), 200, fixed.statusCode());
        waitForState("refused", "RUNNING");
        assertEquals(version, getJson(servers + "/refused").path("version").asInt());
        assertEquals("the same pods, pulled on their retry", before, podUids("refused"));

        // shared with another service: its appmap's namespace gets the pull secret, its members read the registry
        // (not with whom else it is shared) and may not change it; no longer shared, its secret goes
        String other = service + "-b";
        assertEquals(201, post("/services", "{\"name\": \"" + other + "\"}").statusCode());
        try {
            allotLocalCluster(other);
            assertEquals(
                    201, post("/services/" + other + "/appmaps", appMap("dev")).statusCode());
            HttpResponse<String> shared = put(
                    registries + "/team",
                    "{\"address\": \"" + address + "\", \"username\": \"" + local.user + "\", \"sharedWith\": [\""
                            + other + "\"]}");
            assertEquals(shared.body(), 200, shared.statusCode());
            assertTrue(shared.body(), shared.body().contains("\"" + other + "-dev\""));
            assertTrue(pullSecret(other + "-dev") != null);
            JsonNode seen = getJson("/services/" + other + "/registries/team");
            assertEquals(seen.toString(), service, seen.path("service").asText());
            assertTrue(seen.toString(), seen.path("sharedWith").isMissingNode());
            assertProblem(
                    put(
                            "/services/" + other + "/registries/team",
                            "{\"address\": \"" + address + "\", \"username\": \"x\"}"),
                    403);
            HttpResponse<String> unshared = put(
                    registries + "/team",
                    "{\"address\": \"" + address + "\", \"username\": \"" + local.user + "\", \"sharedWith\": []}");
            assertEquals(unshared.body(), 200, unshared.statusCode());
            assertNull(pullSecret(other + "-dev"));
            assertEquals(404, get("/services/" + other + "/registries/team").statusCode());
        } finally {
            deleteService(other);
        }

        // a new appmap gets the pull secret; removing the registry removes them all
        HttpResponse<String> prod = post(
                "/services/" + service + "/appmaps",
                "{\"name\": \"prod\", \"cluster\": \"" + LOCAL_CLUSTER + "\", \"quota\": " + appMapQuota() + "}");
        assertEquals(prod.body(), 201, prod.statusCode());
        waitForAssert(() -> assertTrue(pullSecret(service + "-prod") != null), Duration.ofSeconds(30));
        HttpResponse<String> removed = delete(registries + "/team");
        assertEquals(removed.body(), 200, removed.statusCode());
        assertNull(pullSecret(namespace));
        assertNull(pullSecret(service + "-prod"));
        assertEquals("[]", get(registries).body().replaceAll("\\s", ""));
    }

    @Test
    public void badRegistriesAreRefusedNamingTheFieldAndOnlyAdministratorsWriteThem() throws Exception {
        String registries = "/services/" + service + "/registries";
        HttpResponse<String> bad = post(
                registries,
                "{\"name\": \"Team\", \"address\": \"https://registry.example.com/v2\", \"username\": \"u\"}");
        assertProblem(bad, 422);
        String body = bad.body();
        for (String field : List.of("\"name\"", "\"address\"", "\"password\"")) {
            assertTrue(body, body.contains(field));
        }
        assertEquals(404, get("/services/no-such-service/registries").statusCode());
        assertEquals(404, get(registries + "/none").statusCode());
        HttpResponse<String> ok = post(
                registries,
                "{\"name\": \"team\", \"address\": \"registry.example.com\", \"username\": \"u\", \"password\": \"p\"}");
        assertEquals(ok.body(), 201, ok.statusCode());
        assertEquals(
                409,
                post(
                                registries,
                                "{\"name\": \"team\", \"address\": \"registry.example.com\", \"username\": \"u\","
                                        + " \"password\": \"p\"}")
                        .statusCode());
        HttpResponse<String> stale = send(request(registries + "/team")
                .header("Content-Type", "application/json")
                .header("If-Match", "\"7\"")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"address\": \"registry.example.com\", \"username\": \"u\"}")));
        assertProblem(stale, 412);

        // a developer of the service reads them (no password) but cannot write them
        assertEquals(
                201,
                post("/users", "{\"username\": \"" + service + "-dev\", \"password\": \"developer-password-1\"}")
                        .statusCode());
        try {
            assertEquals(
                    200,
                    put(
                                    "/services/" + service + "/members",
                                    "[{\"user\": \"" + service + "-dev\", \"role\": \"developer\"}]")
                            .statusCode());
            String token = login(service + "-dev", "developer-password-1");
            HttpResponse<String> read = send(requestAs(token, registries).GET());
            assertEquals(200, read.statusCode());
            assertFalse(read.body(), read.body().contains("\"password\""));
            assertEquals(
                    403, send(requestAs(token, registries + "/team").DELETE()).statusCode());
        } finally {
            delete("/users/" + service + "-dev");
        }
    }
}
