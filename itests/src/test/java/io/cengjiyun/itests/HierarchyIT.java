/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The hierarchy over real HTTP and the real shell: services, appmaps and server definitions, their
 * error codes (problem+json naming the field), ETags and revisions, JSON and YAML.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HierarchyIT extends CengjiyunTestSupport {
    static final String WEB = """
            {"name": "web", "kind": "Deployment", "replicas": 2,
             "containers": [{"name": "web", "image": "cengjiyun.test/busybox:1", "imagePullPolicy": "Never",
                             "command": ["sleep", "3600"], "ports": [{"containerPort": 8080}],
                             "env": [{"name": "MODE", "value": "prod"}],
                             "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}},
                             "readinessProbe": {"httpGet": {"path": "/", "port": 8080}}}],
             "ports": [{"name": "http", "port": 80, "targetPort": 8080, "exposure": "NodePort"}],
             "updateStrategy": {"maxSurge": "25%", "maxUnavailable": 0},
             "autoscaling": {"minReplicas": 1, "maxReplicas": 4, "cpuUtilization": 70}}
            """;

    @Before
    public void restIsUp() {
        waitForRest();
    }

    private static String field(JsonNode problem, int i) {
        return problem.get("errors").get(i).get("field").asText();
    }

    @Test
    public void serviceIsCreatedReadUpdatedAndDeleted() throws Exception {
        HttpResponse<String> created = post("/services", "{\"name\": \"shop\", \"displayName\": \"Shop\"}");
        assertEquals(created.body(), 201, created.statusCode());
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/v1/services/shop"));
        assertEquals("\"1\"", created.headers().firstValue("ETag").orElse(""));

        assertEquals("Shop", body(get("/services/shop")).get("displayName").asText());
        assertTrue(get("/services").body().contains("\"shop\""));

        HttpResponse<String> updated = send(request("/services/shop")
                .header("Content-Type", "application/json")
                .header("If-Match", "\"1\"")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"displayName\": \"The shop\"}")));
        assertEquals(updated.body(), 200, updated.statusCode());
        assertEquals("\"2\"", updated.headers().firstValue("ETag").orElse(""));

        HttpResponse<String> stale = send(request("/services/shop")
                .header("Content-Type", "application/json")
                .header("If-Match", "\"1\"")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"displayName\": \"Lost\"}")));
        assertProblem(stale, 412);
        assertEquals("The shop", body(get("/services/shop")).get("displayName").asText());

        assertEquals(204, delete("/services/shop").statusCode());
        assertProblem(get("/services/shop"), 404);
    }

    @Test
    public void badServicesAreRefusedNamingTheField() throws Exception {
        HttpResponse<String> invalid = post("/services", "{\"name\": \"Bad_Name\"}");
        assertProblem(invalid, 422);
        assertEquals("name", field(body(invalid), 0));

        HttpResponse<String> traversal = post("/services", "{\"name\": \"../etc\"}");
        assertProblem(traversal, 422);

        assertProblem(post("/services", "{\"name\": "), 400);
        HttpResponse<String> unknown = post("/services", "{\"name\": \"x\", \"owner\": \"bob\"}");
        assertProblem(unknown, 400);
        assertEquals("owner", field(body(unknown), 0));

        assertEquals(201, post("/services", "{\"name\": \"twice\"}").statusCode());
        assertProblem(post("/services", "{\"name\": \"twice\"}"), 409);
        assertEquals(204, delete("/services/twice").statusCode());
    }

    @Test
    public void appMapsBelongToTheirService() throws Exception {
        assertProblem(post("/services/ghost/appmaps", "{\"name\": \"dev\", \"cluster\": \"local\"}"), 404);
        assertEquals(201, post("/services", "{\"name\": \"pay\"}").statusCode());
        allotLocalCluster("pay");
        HttpResponse<String> created = post(
                "/services/pay/appmaps",
                "{\"name\": \"dev\", \"cluster\": \"local\", \"environment\": \"dev\"," + " \"quota\": " + SMALL_QUOTA
                        + "}");
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode dev = body(get("/services/pay/appmaps/dev"));
        assertEquals("local", dev.get("cluster").asText());
        assertEquals("pay", dev.get("service").asText());

        HttpResponse<String> noCluster = post("/services/pay/appmaps", "{\"name\": \"prod\"}");
        assertProblem(noCluster, 422);
        assertEquals("cluster", field(body(noCluster), 0));

        assertProblem(delete("/services/pay"), 409);
        assertEquals(200, get("/services/pay/appmaps/dev").statusCode());
        assertEquals(204, delete("/services/pay?cascade=true").statusCode());
        assertProblem(get("/services/pay/appmaps/dev"), 404);
    }

    @Test
    public void serverDefinitionsKeepNumberedRevisions() throws Exception {
        post("/services", "{\"name\": \"blog\"}");
        allotLocalCluster("blog");
        assertEquals(201, post("/services/blog/appmaps", appMap("dev")).statusCode());
        String servers = "/services/blog/appmaps/dev/servers";

        HttpResponse<String> created = post(servers + "?message=first", WEB);
        assertEquals(created.body(), 201, created.statusCode());
        assertEquals("\"1\"", created.headers().firstValue("ETag").orElse(""));
        JsonNode server = body(get(servers + "/web"));
        assertEquals("Deployment", server.at("/definition/kind").asText());
        assertEquals(
                8080,
                server.at("/definition/containers/0/readinessProbe/httpGet/port")
                        .asInt());

        String v2 = WEB.replace("\"replicas\": 2", "\"replicas\": 3");
        HttpResponse<String> updated = send(request(servers + "/web?message=scale")
                .header("Content-Type", "application/json")
                .header("If-Match", "\"1\"")
                .PUT(HttpRequest.BodyPublishers.ofString(v2)));
        assertEquals(updated.body(), 200, updated.statusCode());
        assertEquals("\"2\"", updated.headers().firstValue("ETag").orElse(""));
        assertProblem(
                send(request(servers + "/web")
                        .header("Content-Type", "application/json")
                        .header("If-Match", "\"1\"")
                        .PUT(HttpRequest.BodyPublishers.ofString(v2))),
                412);

        JsonNode list = body(get(servers));
        assertEquals(1, list.size());
        assertEquals("web", list.get(0).get("name").asText());
        assertEquals(2, list.get(0).get("version").asInt());
        assertEquals(3, list.get(0).at("/definition/replicas").asInt());
        HttpResponse<String> listYaml =
                send(request(servers).header("Accept", "application/yaml").GET());
        assertEquals(200, listYaml.statusCode());
        assertTrue(listYaml.body(), listYaml.body().contains("replicas: 3"));

        JsonNode revisions = body(get(servers + "/web/revisions"));
        assertEquals(2, revisions.size());
        assertEquals(2, revisions.get(0).get("number").asInt());
        assertEquals("scale", revisions.get(0).get("message").asText());
        assertEquals(
                2,
                body(get(servers + "/web/revisions/1"))
                        .at("/definition/replicas")
                        .asInt());
        assertProblem(get(servers + "/web/revisions/99"), 404);
        assertProblem(get(servers + "/web/revisions/zero"), 422);

        assertProblem(send(request(servers + "/web").header("If-Match", "\"1\"").DELETE()), 412);
        assertProblem(send(request(servers + "/web").header("If-Match", "\"2\"").DELETE()), 409); // it runs: stop first
        assertEquals(
                204,
                send(request(servers + "/web?stop=true")
                                .header("If-Match", "\"2\"")
                                .DELETE())
                        .statusCode());
        assertProblem(get(servers + "/web"), 404);
        deleteService("blog");
    }

    @Test
    public void serverDefinitionsAreAcceptedAndServedAsYaml() throws Exception {
        post("/services", "{\"name\": \"docs\"}");
        allotLocalCluster("docs");
        assertEquals(201, post("/services/docs/appmaps", appMap("dev")).statusCode());
        String yaml = """
                name: site
                kind: StatefulSet
                replicas: 1
                containers:
                  - name: site
                    image: cengjiyun.test/busybox:1
                    command: ["httpd", "-f", "-p", "8080"]
                    ports:
                      - containerPort: 8080
                """;
        HttpResponse<String> created = send(request("/services/docs/appmaps/dev/servers")
                .header("Content-Type", "application/yaml")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)));
        assertEquals(created.body(), 201, created.statusCode());
        HttpResponse<String> asYaml = send(request("/services/docs/appmaps/dev/servers/site")
                .header("Accept", "application/yaml")
                .GET());
        assertEquals(200, asYaml.statusCode());
        assertTrue(asYaml.body(), asYaml.body().contains("kind: StatefulSet"));
        assertTrue(asYaml.body(), asYaml.body().contains("- httpd"));
        deleteService("docs");
    }

    @Test
    public void invalidServerDefinitionsNameEveryBadField() throws Exception {
        post("/services", "{\"name\": \"lab\"}");
        allotLocalCluster("lab");
        assertEquals(201, post("/services/lab/appmaps", appMap("dev")).statusCode());
        HttpResponse<String> invalid = post(
                "/services/lab/appmaps/dev/servers",
                "{\"name\": \"api\", \"kind\": \"Deployment\", \"containers\": [{\"name\": \"api\"}],"
                        + " \"ports\": [{\"port\": 70000}]}");
        assertProblem(invalid, 422);
        String fields = body(invalid).get("errors").toString();
        assertTrue(fields, fields.contains("containers[0].image"));
        assertTrue(fields, fields.contains("ports[0].port"));

        HttpResponse<String> wrongKind = post(
                "/services/lab/appmaps/dev/servers",
                "{\"name\": \"api\", \"kind\": \"Pod\", \"containers\": [{\"name\": \"api\", \"image\": \"x\"}]}");
        assertProblem(wrongKind, 400);
        assertEquals("kind", field(body(wrongKind), 0));

        assertProblem(post("/services/lab/appmaps/nope/servers", WEB), 404);
        assertProblem(
                send(request("/services/lab/appmaps/dev/servers")
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))),
                415);
        deleteService("lab");
    }

    @Test
    public void unknownPathsAreProblemsToo() throws Exception {
        assertProblem(get("/no/such/thing"), 404);
    }

    @Test
    public void openApiDocumentListsEveryBundlesPaths() throws Exception {
        JsonNode doc = body(get("/openapi.json"));
        assertEquals("3.0.3", doc.get("openapi").asText());
        JsonNode paths = doc.get("paths");
        assertTrue(paths.toString(), paths.has("/health"));
        assertTrue(paths.toString(), paths.has("/services/{service}/appmaps/{appmap}/servers/{server}"));
        assertTrue(
                paths.toString(),
                paths.get("/services/{service}/appmaps/{appmap}/servers/{server}")
                        .has("put"));
    }

    @Test
    public void theShellManagesTheSameHierarchy() throws Exception {
        assertTrue(
                gogo("cj:createService -d Console console-team"),
                gogo("cj:services").contains("console-team"));
        allotLocalCluster("console-team");
        String appMap =
                gogo("cj:createAppmap -e dev --cpu 1 --memory 1Gi --pods 10 --storage 1Gi console-team dev local");
        assertTrue(appMap, appMap.contains("namespace console-team-dev"));
        String created = gogo("cj:createServer console-team dev '{\"name\":\"job\",\"kind\":\"Job\","
                + "\"containers\":[{\"name\":\"job\",\"image\":\"cengjiyun.test/busybox:1\"}]}'");
        assertTrue(created, created.contains("revision 1"));
        assertTrue(gogo("cj:showServer console-team dev job").contains("kind: Job"));
        assertEquals(
                "Job",
                body(get("/services/console-team/appmaps/dev/servers/job"))
                        .at("/definition/kind")
                        .asText());
        assertTrue(gogo("cj:revisions console-team dev job").contains("console"));

        String refused = gogoError("cj:createService Bad_Name");
        assertTrue(refused, refused.contains("name") && refused.contains("DNS-1123"));
        String nonEmpty = gogoError("cj:deleteService console-team");
        assertTrue(nonEmpty, nonEmpty.contains("cascade"));
        assertEquals(200, get("/services/console-team").statusCode());
        gogo("cj:deleteService -c console-team");
        assertProblem(get("/services/console-team"), 404);
    }

    /** The message the console shows for a command that fails. */
    private String gogoError(String command) throws Exception {
        try {
            String out = gogo(command);
            throw new AssertionError(command + " should have failed, printed: " + out);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    @Test
    public void dataSurvivesARestartOfTheStore() throws Exception {
        post("/services", "{\"name\": \"durable\"}");
        Bundle store = null;
        for (Bundle b : bundleContext.getBundles()) {
            if ("io.cengjiyun.store".equals(b.getSymbolicName())) {
                store = b;
            }
        }
        assertTrue("store bundle installed", store != null);
        store.stop();
        try {
            assertEquals(404, get("/services/durable").statusCode());
        } finally {
            store.start();
        }
        waitForAssert(() -> {
            try {
                assertEquals(200, get("/services/durable").statusCode());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
