/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cengjiyun.cluster.ClusterConnection;
import io.cengjiyun.cluster.ClusterRegistry;
import io.cengjiyun.database.Database;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Clusters against the real single-node Kubernetes of tools/kube-local (1.20): registration from its kubeconfig,
 * credentials sealed at rest and never shown, discovery of what it serves, informer caches, an unreachable
 * cluster, allotments. Needs the cluster up: {@code tools/kube-local/kube-local up} (./test.sh does it).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ClusterIT extends CengjiyunTestSupport {
    static final Path KUBECONFIG =
            Path.of(System.getProperty("cengjiyun.kubeconfig", "/var/lib/cengjiyun-kube-local/admin.kubeconfig"));

    /** A kubeconfig of a cluster that cannot answer: a closed port on loopback. */
    static final String UNREACHABLE = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: gone
              cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}
            users:
            - name: nobody
              user: {token: not-a-real-token}
            contexts:
            - name: gone
              context: {cluster: gone, user: nobody}
            current-context: gone
            """;

    @Before
    public void restIsUp() {
        waitForRest();
    }

    static String kubeconfig() throws Exception {
        assertTrue(
                "no kubeconfig of the local cluster at " + KUBECONFIG + ": run tools/kube-local/kube-local up",
                Files.isRegularFile(KUBECONFIG));
        return Files.readString(KUBECONFIG);
    }

    private HttpResponse<String> register(String name, String kubeconfig) throws Exception {
        return post("/clusters", json.writeValueAsString(Map.of("name", name, "kubeconfig", kubeconfig)));
    }

    @Test
    public void theLocalClusterIsRegisteredDiscoveredAndCachedWithItsCredentialsSealed() throws Exception {
        String kubeconfig = kubeconfig();
        HttpResponse<String> created = register("local", kubeconfig);
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode info = body(created);
        assertTrue(created.body(), info.get("reachable").asBoolean());
        assertTrue(created.body(), info.get("version").asText().startsWith("v1.20"));
        List<String> versions = json.convertValue(
                info.get("apiVersions"), json.getTypeFactory().constructCollectionType(List.class, String.class));
        assertTrue(
                versions.toString(),
                versions.containsAll(List.of("v1", "apps/v1", "batch/v1", "batch/v1beta1", "autoscaling/v2beta2")));
        waitForAssert(() -> {
            try {
                JsonNode nodes = body(get("/clusters/local")).get("nodes");
                assertEquals(nodes.toString(), 1, nodes.size());
                assertTrue(nodes.toString(), nodes.get(0).get("ready").asBoolean());
                assertTrue(
                        nodes.toString(),
                        nodes.get(0).get("kubeletVersion").asText().startsWith("v1.20"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });

        // Never shown, stored sealed.
        String secret = kubeconfig.replaceAll("(?s).*client-key-data: (\\S+).*", "$1");
        assertTrue(secret.length() > 100);
        for (String path : List.of("/clusters", "/clusters/local")) {
            String body = get(path).body();
            assertFalse(
                    path + " shows credentials", body.contains(secret.substring(0, 40)) || body.contains("client-key"));
        }
        Database db = service(Database.class);
        String stored = db.read("test", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT kubeconfig FROM clusters WHERE name = ?")) {
                s.setString(1, "local");
                try (ResultSet rows = s.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });
        assertTrue(stored.substring(0, 20), stored.startsWith("aesgcm1:"));
        assertFalse(stored.contains(secret.substring(0, 40)) || stored.contains("client-key-data"));

        // What Kubernetes 1.20 serves, and the informer caches.
        ClusterConnection local = service(ClusterRegistry.class).connection("local");
        assertTrue(local.serves("batch/v1beta1", "CronJob"));
        assertFalse("1.20 serves CronJob in batch/v1beta1 only", local.serves("batch/v1", "CronJob"));
        assertTrue(local.serves("autoscaling/v2beta2", "HorizontalPodAutoscaler"));
        assertEquals("vm", local.cached(Node.class, null).get(0).getMetadata().getName());
        removeLeftovers("cj-clusterit-", null);
        String ns = "cj-clusterit-" + System.nanoTime() % 100000;
        Namespace labelled = new NamespaceBuilder()
                .withNewMetadata()
                .withName(ns)
                .addToLabels("app.kubernetes.io/managed-by", "cengjiyun")
                .endMetadata()
                .build();
        local.client().namespaces().resource(labelled).create();
        try {
            waitForAssert(
                    () -> assertTrue(
                            "the informer caches the new namespace",
                            local.cached(Namespace.class, null).stream()
                                    .anyMatch(n -> n.getMetadata().getName().equals(ns))),
                    Duration.ofSeconds(30));
        } finally {
            local.client().namespaces().withName(ns).delete();
        }

        String shell = gogo("cj:cluster local");
        assertTrue(shell, shell.contains("reachable: yes") && shell.contains("vm") && shell.contains("batch/v1beta1"));
        assertTrue(gogo("cj:clusters"), gogo("cj:clusters").contains("local"));
    }

    @Test
    public void anUnreachableClusterIsRegisteredAndSaysWhatIsWrong() throws Exception {
        HttpResponse<String> created = register("unreachable", UNREACHABLE);
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode info = body(created);
        assertFalse(info.get("reachable").asBoolean());
        assertTrue(created.body(), info.get("message").asText().contains("does not answer"));
        assertEquals(204, delete("/clusters/unreachable").statusCode());
        assertProblem(get("/clusters/unreachable"), 404);
    }

    @Test
    public void badRegistrationsNameTheirFields() throws Exception {
        HttpResponse<String> bad = register("Not_A_Name", "hello");
        assertProblem(bad, 422);
        assertEquals(2, body(bad).get("errors").size());
        assertProblem(post("/clusters", "{\"name\": \"x\"}"), 422);
        assertProblem(
                post("/clusters", "{\"name\": \"x\", \"kubeconfig\": \"apiVersion: v1\\nkind: Config\\n\"}"), 422);
    }

    @Test
    public void allotmentsNameUnknownClustersAndBadQuantitiesAndHoldTheClusterBack() throws Exception {
        assertEquals(201, register("allotted", UNREACHABLE).statusCode());
        assertEquals(201, post("/services", "{\"name\": \"quota-team\"}").statusCode());
        HttpResponse<String> bad =
                put("/services/quota-team/allotments", "[{\"cluster\": \"nowhere\", \"cpu\": \"lots\", \"pods\": -1}]");
        assertProblem(bad, 422);
        assertEquals(
                "[[0].cluster, [0].cpu, [0].pods]",
                body(bad).findValuesAsText("field").toString());
        HttpResponse<String> ok = put(
                "/services/quota-team/allotments",
                "[{\"cluster\": \"allotted\", \"cpu\": \"4\", \"memory\": \"8Gi\", \"pods\": 50, \"storage\": \"20Gi\"}]");
        assertEquals(ok.body(), 200, ok.statusCode());
        assertEquals(
                "8Gi",
                body(get("/services/quota-team/allotments"))
                        .get(0)
                        .get("memory")
                        .asText());
        assertProblem(delete("/clusters/allotted"), 409);
        assertEquals(200, put("/services/quota-team/allotments", "[]").statusCode());
        assertEquals(204, delete("/clusters/allotted").statusCode());
    }
}
