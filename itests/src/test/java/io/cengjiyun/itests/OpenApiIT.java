/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The API's contract as a user of it reads it: {@code /api/v1/openapi.json} of the runtime as deployed passes Redocly
 * CLI's recommended rules (tools/openapi-lint: 0 errors, and only the warnings named with their reason in its
 * redocly.yaml), every operation says what it does and answers typed bodies, and the reference page at
 * {@code /api/docs/} is served from this origin only.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OpenApiIT extends CengjiyunTestSupport {
    private static final List<String> VERBS = List.of("get", "put", "post", "delete", "patch");

    @Test
    public void theDocumentPassesRedoclyLint() throws Exception {
        waitForRest();
        HttpResponse<String> doc = anonymousGet("/openapi.json");
        assertEquals(doc.body(), 200, doc.statusCode());
        Path folder = Path.of(System.getProperty("user.dir"), "target", "openapi");
        Files.createDirectories(folder);
        Path file = folder.resolve("openapi.json");
        Files.writeString(file, doc.body());

        Path lint = repoFile("tools/openapi-lint/lint.sh");
        Process process = new ProcessBuilder("sh", lint.toString(), file.toString())
                .redirectErrorStream(true)
                .start();
        String[] output = new String[1];
        Thread reader = new Thread(() -> {
            try {
                output[0] = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                output[0] = e.toString();
            }
        });
        reader.start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        reader.join(10_000);
        System.out.println("OpenApiIT: redocly lint of " + file + ":\n" + output[0]);
        assertTrue("redocly lint did not end within 5 minutes: " + output[0], ended);
        assertEquals("redocly lint of " + file + ":\n" + output[0], 0, process.exitValue());
    }

    @Test
    public void everyOperationSaysWhatItDoesAndAnswersTypedBodies() throws Exception {
        waitForRest();
        JsonNode doc = body(anonymousGet("/openapi.json"));
        List<String> missing = new ArrayList<>();
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String verb : VERBS) {
                JsonNode op = path.getValue().get(verb);
                if (op == null) {
                    continue;
                }
                operations++;
                String where = verb.toUpperCase() + " " + path.getKey();
                String summary = op.path("summary").asText();
                if (summary.isEmpty() || summary.startsWith(verb.toUpperCase() + " /")) {
                    missing.add(where + ": no summary of its own (@Operation)");
                }
                if (op.path("description")
                        .asText()
                        .replaceAll("(?s)Needs:.*", "")
                        .isBlank()) {
                    missing.add(where + ": no description (@Operation)");
                }
                for (Iterator<Map.Entry<String, JsonNode>> answers =
                                op.path("responses").fields();
                        answers.hasNext(); ) {
                    Map.Entry<String, JsonNode> answer = answers.next();
                    JsonNode schema = answer.getValue()
                            .path("content")
                            .path("application/json")
                            .path("schema");
                    if (answer.getKey().startsWith("2") && !schema.isMissingNode() && untyped(schema)) {
                        missing.add(
                                where + ": its " + answer.getKey() + " answers an untyped JSON body (@Answer type)");
                    }
                }
                JsonNode requestSchema = op.path("requestBody")
                        .path("content")
                        .path("application/json")
                        .path("schema");
                if (!requestSchema.isMissingNode() && untyped(requestSchema)) {
                    missing.add(where + ": reads an untyped JSON body");
                }
            }
        }
        assertTrue("only " + operations + " operations", operations > 80);
        assertTrue(missing.size() + " gaps:\n" + String.join("\n", missing), missing.isEmpty());

        // what every API user meets: bearer or session, the problem details of each status, ETag on the server
        assertTrue(doc.path("components").path("securitySchemes").has("bearer"));
        assertTrue(doc.path("components").path("securitySchemes").has("session"));
        JsonNode create = doc.path("paths")
                .path("/services/{service}/appmaps/{appmap}/servers")
                .path("post");
        assertEquals("createServer", create.path("operationId").asText());
        assertTrue(
                create.toString(),
                create.path("responses").path("201").path("headers").has("ETag"));
        assertEquals(
                "#/components/schemas/ServerDefinition",
                create.path("requestBody")
                        .path("content")
                        .path("application/json")
                        .path("schema")
                        .path("$ref")
                        .asText());
        JsonNode name = doc.path("components")
                .path("schemas")
                .path("ServerDefinition")
                .path("properties")
                .path("name");
        assertEquals(63, name.path("maxLength").asInt());
        assertTrue(name.toString(), name.path("pattern").asText().contains("[a-z0-9]"));
    }

    /** A schema that says nothing: {} or {"type": "object"} without properties, additionalProperties or a $ref. */
    private static boolean untyped(JsonNode schema) {
        if (schema.has("$ref") || schema.has("allOf") || schema.has("oneOf") || schema.has("anyOf")) {
            return false;
        }
        if (schema.path("type").asText().equals("array")) {
            return untyped(schema.path("items"));
        }
        return !schema.has("properties")
                && !schema.has("additionalProperties")
                && !schema.has("enum")
                && (schema.path("type").asText().isEmpty()
                        || schema.path("type").asText().equals("object"));
    }

    @Test
    public void theReferencePageComesFromThisOriginOnly() throws Exception {
        waitForRest();
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String base = "http://127.0.0.1:" + httpPort();
        HttpResponse<String> folder = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/docs"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, folder.statusCode());
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/docs/"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(page.body(), 200, page.statusCode());
        assertTrue(page.body(), page.body().contains("swagger-ui-bundle.js"));
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy, policy.startsWith("default-src 'self'"));
        for (String file : List.of("swagger-ui-bundle.js", "swagger-ui.css", "docs.js")) {
            HttpResponse<String> served = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/docs/" + file))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(file, 200, served.statusCode());
            assertTrue(
                    file, served.headers().firstValue("Content-Security-Policy").isPresent());
        }
        HttpResponse<String> settings = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/docs/docs.js"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(settings.body(), settings.body().contains("url: '/api/v1/openapi.json'"));
        assertTrue(settings.body(), settings.body().contains("validatorUrl: null"));
    }

    /**
     * Validation and documentation agree: for every constraint the document states on a server definition's fields
     * and its containers' (pattern, maxLength, minimum, maximum, enum), a definition breaking only that one is refused
     * with 422 naming the field. Nothing is created: each is refused before it is stored.
     */
    @Test
    public void everyConstraintTheDocumentStatesIsEnforced() throws Exception {
        waitForRest();
        JsonNode schemas =
                body(anonymousGet("/openapi.json")).path("components").path("schemas");
        assertEquals(201, post("/services", "{\"name\": \"contract\"}").statusCode());
        allotLocalCluster("contract");
        HttpResponse<String> appMap = post("/services/contract/appmaps", appMap("dev"));
        assertEquals(appMap.body(), 201, appMap.statusCode());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String base = "{\"name\": \"web\", \"kind\": \"Deployment\", \"replicas\": 1, \"containers\":"
                + " [{\"name\": \"web\", \"image\": \"cengjiyun.test/busybox:1\"}]}";
        List<String> unenforced = new ArrayList<>();
        int checked = 0;
        for (String[] target :
                List.of(new String[] {"ServerDefinition", ""}, new String[] {"Container", "containers[0]."})) {
            JsonNode properties = schemas.path(target[0]).path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> fields = properties.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode schema = field.getValue().has("allOf") ? field.getValue() : field.getValue();
                for (JsonNode bad : violations(schema)) {
                    com.fasterxml.jackson.databind.node.ObjectNode definition =
                            (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(base);
                    com.fasterxml.jackson.databind.node.ObjectNode owner = target[1].isEmpty()
                            ? definition
                            : (com.fasterxml.jackson.databind.node.ObjectNode)
                                    definition.get("containers").get(0);
                    owner.set(field.getKey(), bad);
                    String name = target[1] + field.getKey();
                    HttpResponse<String> answer = post("/services/contract/appmaps/dev/servers", definition.toString());
                    checked++;
                    if (answer.statusCode() != 422 || !answer.body().contains("\"" + name)) {
                        unenforced.add(name + " = " + bad + ": " + answer.statusCode() + " " + answer.body());
                        if (answer.statusCode() == 201) {
                            delete("/services/contract/appmaps/dev/servers/"
                                    + definition.path("name").asText());
                        }
                    }
                }
            }
        }
        System.out.println("OpenApiIT: " + checked + " constraints of the document tried against the API");
        assertTrue("only " + checked + " constraints tried", checked >= 5);
        assertTrue(
                unenforced.size() + " constraints the document states but the API does not enforce:\n"
                        + String.join("\n", unenforced),
                unenforced.isEmpty());
        assertEquals(204, delete("/services/contract?cascade=true").statusCode());
    }

    /** The operations whose request bodies the document must show an example of: the main bodies. */
    private static final List<String> MAIN_BODIES = List.of(
            "signIn",
            "startSession",
            "createUser",
            "updateUser",
            "createToken",
            "createService",
            "updateService",
            "setMembers",
            "setAllotments",
            "setTerminalSettings",
            "createAppMap",
            "updateAppMap",
            "createConfigMap",
            "replaceConfigMap",
            "createSecret",
            "replaceSecret",
            "createServer",
            "updateServer",
            "scaleServer",
            "rollbackServer",
            "setServerAutoscaling",
            "replaceServerPorts");

    /** A request body's example as the document shows it, with the operation it belongs to. */
    private record Example(String id, String method, String path, JsonNode body, boolean needsIfMatch) {}

    /**
     * Every example of a request body in the document is accepted by the operation it documents (2xx), sent as it is
     * written to the path its own examples name: the service of the service example ({@code shop}), its appmap
     * ({@code dev}, on the local cluster), the server ({@code web}), the user ({@code ana})... An example that needs
     * another first (a token for a user the user example makes, a rollback to a revision an update made) is tried
     * again after the others, until none more is accepted; what is left is reported with the API's answer. The main
     * bodies must have one. Cleans up the service (cascade: the namespace {@code shop-dev} goes) and the user.
     */
    @Test
    public void everyRequestExampleIsAcceptedByTheOperationItDocuments() throws Exception {
        waitForRest();
        registerLocalCluster();
        removeLeftovers("shop-", "shop");
        JsonNode doc = body(anonymousGet("/openapi.json"));
        List<Example> examples = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String verb : VERBS) {
                JsonNode op = path.getValue().path(verb);
                JsonNode example = op.path("requestBody")
                        .path("content")
                        .path("application/json")
                        .path("example");
                if (!example.isMissingNode()) {
                    examples.add(new Example(
                            op.path("operationId").asText(),
                            verb.toUpperCase(java.util.Locale.ROOT),
                            path.getKey(),
                            example,
                            op.path("responses").has("428")));
                }
            }
        }
        List<String> ids = examples.stream().map(Example::id).toList();
        List<String> without =
                MAIN_BODIES.stream().filter(id -> !ids.contains(id)).toList();
        assertTrue("main request bodies without an example in the document: " + without, without.isEmpty());

        // what a path's templates stand for: the name in the example posted to the collection above each
        Map<String, String> names = new java.util.HashMap<>();
        for (Example e : examples) {
            JsonNode name =
                    e.body().has("name") ? e.body().get("name") : e.body().get("username");
            if (!e.method().equals("POST") || name == null) {
                continue;
            }
            for (Iterator<String> paths = doc.path("paths").fieldNames(); paths.hasNext(); ) {
                String path = paths.next();
                if (path.startsWith(e.path() + "/{")) {
                    names.put(path.substring(0, path.indexOf('}', e.path().length()) + 1), name.asText());
                }
            }
        }
        Throwable failure = null;
        try {
            List<Example> pending = new ArrayList<>(examples);
            Map<String, String> refusals = new java.util.TreeMap<>();
            boolean progress = true;
            for (int round = 1; progress && !pending.isEmpty(); round++) {
                progress = false;
                for (Iterator<Example> it = pending.iterator(); it.hasNext(); ) {
                    Example e = it.next();
                    String path = concrete(e.path(), names);
                    HttpRequest.Builder request = request(path)
                            .header("Content-Type", "application/json")
                            .method(
                                    e.method(),
                                    HttpRequest.BodyPublishers.ofString(e.body().toString()));
                    if (e.needsIfMatch()) {
                        request.header(
                                "If-Match",
                                get(path).headers().firstValue("ETag").orElse("\"0\""));
                    }
                    HttpResponse<String> answer = send(request);
                    if (answer.statusCode() / 100 == 2) {
                        System.out.println("OpenApiIT: round " + round + ": " + e.id() + " " + e.method() + " " + path
                                + " accepted its example: " + answer.statusCode());
                        it.remove();
                        refusals.remove(e.id());
                        progress = true;
                    } else {
                        refusals.put(
                                e.id(),
                                e.method() + " " + path + " " + e.body() + " -> " + answer.statusCode() + " "
                                        + answer.body());
                    }
                }
            }
            assertTrue(
                    pending.size() + " examples of the document the API refuses:\n"
                            + String.join("\n", refusals.values()),
                    pending.isEmpty());
            System.out.println("OpenApiIT: " + examples.size() + " request examples of the document accepted");
        } catch (Exception | AssertionError e) {
            failure = e;
            throw e;
        } finally {
            HttpResponse<String> service = delete("/services/shop?cascade=true");
            HttpResponse<String> user = delete("/users/ana");
            if (!List.of(204, 404).contains(service.statusCode())
                    || !List.of(204, 404).contains(user.statusCode())) {
                AssertionError left = new AssertionError("cleaning up: DELETE /services/shop?cascade=true "
                        + service.statusCode() + " " + service.body() + "; DELETE /users/ana " + user.statusCode()
                        + " " + user.body());
                if (failure == null) {
                    throw left;
                }
                failure.addSuppressed(left);
            }
        }
    }

    /** The path with each template replaced by the name its collection's example gives. */
    private static String concrete(String template, Map<String, String> names) {
        StringBuilder path = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        for (String segment : template.substring(1).split("/")) {
            raw.append('/').append(segment);
            String value = segment;
            if (segment.startsWith("{")) {
                value = names.get(raw.toString());
                if (value == null) {
                    throw new AssertionError("no example names " + raw + " (in " + template + "): the collection's"
                            + " create operation needs an example with a name");
                }
            }
            path.append('/').append(value);
        }
        return path.toString();
    }

    /** Values that break what the schema states, one per constraint. */
    private static List<JsonNode> violations(JsonNode schema) {
        com.fasterxml.jackson.databind.node.JsonNodeFactory f =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        List<JsonNode> bad = new ArrayList<>();
        String type = schema.path("type").asText();
        if (schema.has("pattern") && type.equals("string")) {
            java.util.regex.Pattern pattern =
                    java.util.regex.Pattern.compile(schema.get("pattern").asText());
            for (String candidate : List.of("Not_Valid!", "-bad-", "bad value", "@@")) {
                if (!pattern.matcher(candidate).find()) {
                    bad.add(f.textNode(candidate));
                    break;
                }
            }
        }
        if (schema.has("maxLength")) {
            bad.add(f.textNode("a".repeat(schema.get("maxLength").asInt() + 1)));
        }
        if (schema.has("maximum")) {
            bad.add(f.numberNode(schema.get("maximum").asLong() + 1));
        }
        if (schema.has("minimum")) {
            bad.add(f.numberNode(schema.get("minimum").asLong() - 1));
        }
        if (schema.has("enum") && type.equals("string")) {
            bad.add(f.textNode("NotOneOfThem"));
        }
        return bad;
    }

    private HttpResponse<String> anonymousGet(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(anonymous(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
