/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
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
    void theRunningBundlesSchemasAreComponents() {
        Map<String, Object> definition =
                Map.of("type", "object", "properties", Map.of("hello", Map.of("type", "object")));
        Map<String, Object> doc =
                OpenApiDocument.from(new RuntimeDTO(), "1.0.0", Map.of("ServerDefinition", definition));
        Map<String, Object> schemas =
                (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("schemas");
        assertEquals(definition, schemas.get("ServerDefinition"));
        assertTrue(schemas.containsKey("Problem"));
    }
}
