/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.service.jakartars.runtime.dto.ApplicationDTO;
import org.osgi.service.jakartars.runtime.dto.ResourceDTO;
import org.osgi.service.jakartars.runtime.dto.ResourceMethodInfoDTO;
import org.osgi.service.jakartars.runtime.dto.RuntimeDTO;

class OpenApiDocumentTest {

    private static ResourceMethodInfoDTO method(String verb, String path, String... consumes) {
        ResourceMethodInfoDTO m = new ResourceMethodInfoDTO();
        m.method = verb;
        m.path = path;
        m.consumingMimeType = consumes;
        m.producingMimeType = new String[] {"application/json"};
        return m;
    }

    @SuppressWarnings("unchecked")
    @Test
    void describesEveryResourceMethodWithItsPathParameters() {
        ResourceDTO servers = new ResourceDTO();
        servers.name = "sid_1";
        servers.resourceMethods = new ResourceMethodInfoDTO[] {
            method("GET", "services/{service}/appmaps/{appmap}/servers/{server}"),
            method(
                    "PUT",
                    "/services/{service}/appmaps/{appmap}/servers/{server}/",
                    "application/json",
                    "application/yaml"),
            method("GET", "/services/{service}/appmaps/{appmap}/servers/{server}/revisions/{number: [0-9]+}")
        };
        RuntimeDTO runtime = new RuntimeDTO();
        runtime.defaultApplication = new ApplicationDTO();
        runtime.defaultApplication.resourceDTOs = new ResourceDTO[] {servers};

        Map<String, Object> doc = OpenApiDocument.from(runtime, "1.0.0");
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");

        Map<String, Object> server = paths.get("/services/{service}/appmaps/{appmap}/servers/{server}");
        assertEquals(List.of("get", "put"), List.copyOf(server.keySet()));
        Map<String, Object> put = (Map<String, Object>) server.get("put");
        assertEquals(3, ((List<?>) put.get("parameters")).size());
        assertEquals(List.of("servers"), put.get("tags"));
        assertTrue(((Map<String, Object>) ((Map<String, Object>) put.get("requestBody")).get("content"))
                .containsKey("application/yaml"));
        assertTrue(paths.containsKey("/services/{service}/appmaps/{appmap}/servers/{server}/revisions/{number}"));
    }

    @Test
    void emptyRuntimeGivesAnEmptyButValidDocument() {
        Map<String, Object> doc = OpenApiDocument.from(new RuntimeDTO(), "1.0.0");
        assertEquals("3.0.3", doc.get("openapi"));
        assertEquals(Map.of(), doc.get("paths"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDocumentListsOnlyTheComponentsItUses() {
        ResourceDTO dto = new ResourceDTO();
        Map<String, Object> doc = OpenApiDocument.from(
                List.of(new OpenApiDocument.Deployed(dto, WidgetsResource.class)),
                "1.0.0",
                Map.of("Unused", Map.of("type", "object")));
        Map<String, Object> components = (Map<String, Object>) doc.get("components");
        Map<String, Object> schemas = (Map<String, Object>) components.get("schemas");
        Map<String, Object> responses = (Map<String, Object>) components.get("responses");
        assertTrue(schemas.containsKey("Problem"));
        assertTrue(schemas.containsKey("FieldError"), "the problem's errors refer to it");
        assertTrue(!schemas.containsKey("Unused"), String.valueOf(schemas.keySet()));
        assertTrue(responses.containsKey("Problem412"), "the PUT with If-Match answers it");
        assertTrue(!responses.containsKey("Problem428"), String.valueOf(responses.keySet()));
    }

    // --- from the resources' classes

    /** A body with its constraints, as the records of the API carry them. */
    public record Widget(
            @Doc(
                    value = "Its name",
                    required = true,
                    pattern = "[a-z0-9]([-a-z0-9]*[a-z0-9])?",
                    maxLength = 63,
                    example = "web")
            String name,

            @Doc(value = "How many", minimum = 0, maximum = 1000, example = "3")
            Integer count,

            List<Part> parts,
            Map<String, String> labels,
            java.time.Instant at,
            Shape shape) {}

    public record Part(String name) {}

    public enum Shape {
        ROUND,
        SQUARE
    }

    @jakarta.ws.rs.Path("services/{service}/widgets")
    @jakarta.ws.rs.Produces("application/json")
    public static class WidgetsResource {
        @jakarta.ws.rs.GET
        @io.cengjiyun.api.security.Allow(io.cengjiyun.api.security.Right.VIEWER)
        @Operation(summary = "List the widgets", description = "All of them.")
        @Answer(description = "The widgets", type = Widget.class, list = true)
        public jakarta.ws.rs.core.Response list(
                @jakarta.ws.rs.PathParam("service") String service,
                @jakarta.ws.rs.QueryParam("limit") @jakarta.ws.rs.DefaultValue("50") @Doc("At most this many")
                        int limit) {
            return null;
        }

        @jakarta.ws.rs.PUT
        @jakarta.ws.rs.Path("{widget: [a-z]+}")
        @jakarta.ws.rs.Consumes("application/json")
        @io.cengjiyun.api.security.Allow(io.cengjiyun.api.security.Right.DEVELOPER)
        @Operation(summary = "Replace a widget")
        @Answer(description = "Replaced", type = Widget.class, headers = "ETag")
        @Fails({409})
        public Widget put(
                @jakarta.ws.rs.PathParam("service") String service,
                @jakarta.ws.rs.PathParam("widget") String widget,
                @jakarta.ws.rs.HeaderParam("If-Match") String ifMatch,
                Widget body,
                @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
            return null;
        }

        @jakarta.ws.rs.GET
        @jakarta.ws.rs.Path("health")
        @io.cengjiyun.api.security.Allow(io.cengjiyun.api.security.Right.ANYONE)
        @Operation(summary = "Say it runs")
        public String health() {
            return "ok";
        }
    }

    /** A record that takes fields it does not name, through package-private Jackson methods (as Container). */
    public record Open(
            String name,
            @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> other) {
        @com.fasterxml.jackson.annotation.JsonAnySetter
        void put(String key, Object value) {
            other.put(key, value);
        }
    }

    @jakarta.ws.rs.Path("gadgets")
    @jakarta.ws.rs.Produces("application/json")
    public static class GadgetsResource {
        @jakarta.ws.rs.POST
        @jakarta.ws.rs.Consumes({"application/json", "application/octet-stream"})
        @Operation(summary = "Make a gadget")
        public Open make(@Doc(example = "{\"name\": \"g\", \"colour\": \"red\"}") Open body) {
            return body;
        }

        @jakarta.ws.rs.DELETE
        @Operation(summary = "Delete the gadgets")
        public void delete(
                @jakarta.ws.rs.QueryParam("force") @Doc(type = "boolean", example = "true", defaultValue = "false")
                        String force,
                @jakarta.ws.rs.QueryParam("timeout")
                        @Doc(type = "integer", minimum = 1, maximum = 60, example = "10", defaultValue = "30")
                        String timeout) {}
    }

    @Test
    void aBodyExampleAndAParameterReadAsTextButTypedAreDocumented() {
        ResourceDTO dto = new ResourceDTO();
        dto.name = "gadgets";
        Map<String, Object> doc = OpenApiDocument.from(
                List.of(new OpenApiDocument.Deployed(dto, GadgetsResource.class)), "1.0.0", Map.of());

        Map<String, Object> make = at(doc, "paths", "/gadgets", "post");
        assertEquals(
                Map.of("name", "g", "colour", "red"),
                at(make, "requestBody", "content", "application/json", "example"),
                "the body's example, as JSON");
        assertEquals(
                Map.of("schema", Map.of("type", "string", "format", "binary")),
                at(make, "requestBody", "content", "application/octet-stream"),
                "no JSON example on a binary body");
        assertEquals(
                (Object) Boolean.TRUE,
                at(doc, "components", "schemas", "OpenApiDocumentTestOpen", "additionalProperties"));

        Map<String, Object> delete = at(doc, "paths", "/gadgets", "delete");
        assertEquals(
                Map.of("type", "boolean", "example", true, "default", false), at(delete, "parameters", "0", "schema"));
        assertEquals(
                Map.of("type", "integer", "minimum", 1L, "maximum", 60L, "example", 10L, "default", 30L),
                at(delete, "parameters", "1", "schema"));
    }

    @Test
    void aBodyExampleThatIsNotJsonIsShownAsWritten() throws NoSuchMethodException {
        assertEquals(
                "not JSON (GadgetsResource.make): {",
                OpenApiDocument.bodyExample("{", GadgetsResource.class.getMethod("make", Open.class)));
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... keys) {
        Object n = node;
        for (String k : keys) {
            n = n instanceof List<?> l ? l.get(Integer.parseInt(k)) : ((Map<String, Object>) n).get(k);
        }
        return (T) n;
    }

    @Test
    void aResourceClassGivesTypedParametersBodiesAnswersAndProblems() {
        ResourceDTO dto = new ResourceDTO();
        dto.name = "widgets";
        Map<String, Object> doc = OpenApiDocument.from(
                List.of(new OpenApiDocument.Deployed(dto, WidgetsResource.class)), "1.0.0", Map.of());

        Map<String, Object> list = at(doc, "paths", "/services/{service}/widgets", "get");
        assertEquals("List the widgets", list.get("summary"));
        assertEquals(
                "All of them.\n\nNeeds: a member of the service (any role), or a platform administrator.",
                list.get("description"));
        assertEquals("listWidgets", list.get("operationId"));
        assertEquals("limit", at(list, "parameters", "1", "name"));
        assertEquals(
                Map.of("type", "integer", "format", "int32", "default", 50L), at(list, "parameters", "1", "schema"));
        assertEquals("At most this many", at(list, "parameters", "1", "description"));
        assertEquals(
                Map.of("type", "array", "items", Map.of("$ref", "#/components/schemas/OpenApiDocumentTestWidget")),
                at(list, "responses", "200", "content", "application/json", "schema"));
        assertEquals(
                List.of("200", "401", "403", "404", "500", "503"),
                List.copyOf(((Map<String, Object>) list.get("responses")).keySet()));

        Map<String, Object> put = at(doc, "paths", "/services/{service}/widgets/{widget}", "put");
        assertEquals("^([a-z]+)$", at(put, "parameters", "1", "schema", "pattern"));
        assertEquals("If-Match", at(put, "parameters", "2", "name"));
        assertEquals(3, ((List<?>) put.get("parameters")).size(), "the UriInfo is no parameter");
        assertEquals(
                Map.of("$ref", "#/components/schemas/OpenApiDocumentTestWidget"),
                at(put, "requestBody", "content", "application/json", "schema"));
        assertEquals(
                List.of("200", "400", "401", "403", "404", "409", "412", "415", "422", "500", "503"),
                List.copyOf(((Map<String, Object>) put.get("responses")).keySet()));
        assertEquals(Map.of("$ref", "#/components/responses/Problem412"), at(put, "responses", "412"));
        assertTrue(((Map<String, Object>) at(put, "responses", "200", "headers")).containsKey("ETag"));

        Map<String, Object> health = at(doc, "paths", "/services/{service}/widgets/health", "get");
        assertEquals(List.of(), health.get("security"), "anyone may call it");

        Map<String, Object> widget = at(doc, "components", "schemas", "OpenApiDocumentTestWidget");
        assertEquals(List.of("name"), widget.get("required"));
        assertEquals("^([a-z0-9]([-a-z0-9]*[a-z0-9])?)$", at(widget, "properties", "name", "pattern"));
        assertEquals((Object) 63, at(widget, "properties", "name", "maxLength"));
        assertEquals("web", at(widget, "properties", "name", "example"));
        assertEquals((Object) 1000L, at(widget, "properties", "count", "maximum"));
        assertEquals((Object) 3L, at(widget, "properties", "count", "example"));
        assertEquals(
                Map.of("$ref", "#/components/schemas/OpenApiDocumentTestPart"),
                at(widget, "properties", "parts", "items"));
        assertEquals(Map.of("type", "string"), at(widget, "properties", "labels", "additionalProperties"));
        assertEquals("date-time", at(widget, "properties", "at", "format"));
        assertEquals(List.of("ROUND", "SQUARE"), at(doc, "components", "schemas", "OpenApiDocumentTestShape", "enum"));
        assertTrue(((Map<String, Object>) at(doc, "components", "responses")).containsKey("Problem422"));
        assertEquals(
                Set.of("bearer", "session", "csrf"),
                ((Map<String, Object>) at(doc, "components", "securitySchemes")).keySet());
    }

    @Test
    void aBundlesSchemaAddsItsPropertiesToTheRecordsOfTheSameName() {
        ResourceDTO dto = new ResourceDTO();
        Map<String, Object> doc = OpenApiDocument.from(
                List.of(new OpenApiDocument.Deployed(dto, WidgetsResource.class)),
                "1.0.0",
                Map.of(
                        "OpenApiDocumentTestWidget",
                        Map.of("type", "object", "properties", Map.of("hello", Map.of("type", "object")))));
        Map<String, Object> properties = at(doc, "components", "schemas", "OpenApiDocumentTestWidget", "properties");
        assertTrue(properties.containsKey("name"));
        assertTrue(properties.containsKey("hello"));
    }
}
