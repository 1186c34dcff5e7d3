/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.jakartars.runtime.dto.ApplicationDTO;
import org.osgi.service.jakartars.runtime.dto.ResourceDTO;
import org.osgi.service.jakartars.runtime.dto.ResourceMethodInfoDTO;
import org.osgi.service.jakartars.runtime.dto.RuntimeDTO;

/** Builds an OpenAPI 3.0 document from the JAX-RS whiteboard's runtime description. */
final class OpenApiDocument {
    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");

    private OpenApiDocument() {}

    static Map<String, Object> from(RuntimeDTO runtime, String version) {
        return from(runtime, version, Map.of());
    }

    /** The document, with {@code schemas} (the running bundles' {@code OpenApiSchemas}) under components.schemas. */
    static Map<String, Object> from(RuntimeDTO runtime, String version, Map<String, Object> schemas) {
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        List<ApplicationDTO> applications = new ArrayList<>();
        if (runtime.defaultApplication != null) {
            applications.add(runtime.defaultApplication);
        }
        if (runtime.applicationDTOs != null) {
            applications.addAll(List.of(runtime.applicationDTOs));
        }
        for (ApplicationDTO app : applications) {
            if (app.resourceDTOs == null) {
                continue;
            }
            for (ResourceDTO resource : app.resourceDTOs) {
                if (resource.resourceMethods == null) {
                    continue;
                }
                for (ResourceMethodInfoDTO method : resource.resourceMethods) {
                    if (method.method == null) {
                        continue;
                    }
                    String path = normalise(method.path);
                    paths.computeIfAbsent(path, p -> new TreeMap<>())
                            .put(method.method.toLowerCase(), operation(path, method));
                }
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put(
                "info",
                Map.of(
                        "title",
                        "Cengjiyun API",
                        "version",
                        version,
                        "description",
                        "Teams run their applications on Kubernetes: services, application maps and servers."));
        doc.put("servers", List.of(Map.of("url", "/api/v1")));
        doc.put("paths", paths);
        // Every call but /health, /openapi.json and sign-in needs a bearer token (POST /auth/token).
        doc.put("security", List.of(Map.of("bearer", List.of())));
        Map<String, Object> componentSchemas = new TreeMap<>(schemas);
        componentSchemas.put("Problem", problemSchema());
        doc.put(
                "components",
                Map.of(
                        "schemas",
                        componentSchemas,
                        "securitySchemes",
                        Map.of(
                                "bearer",
                                Map.of(
                                        "type",
                                        "http",
                                        "scheme",
                                        "bearer",
                                        "description",
                                        "A token from POST /api/v1/auth/token or POST /api/v1/users/{user}/tokens"))));
        return doc;
    }

    private static String normalise(String path) {
        String p = path == null ? "/" : path.replaceAll("/+", "/");
        p = TEMPLATE.matcher(p).replaceAll("{$1}");
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** Operations are grouped by what they act on: the last literal segment before any parameter's own. */
    static String tag(String path) {
        String tag = "api";
        for (String segment : path.split("/")) {
            if (!segment.isEmpty() && !segment.startsWith("{")) {
                tag = segment;
            }
        }
        return tag;
    }

    private static Map<String, Object> operation(String path, ResourceMethodInfoDTO method) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", method.method.toLowerCase() + path.replaceAll("[^A-Za-z0-9]+", "_"));
        op.put("tags", List.of(tag(path)));
        List<Map<String, Object>> parameters = new ArrayList<>();
        Matcher m = TEMPLATE.matcher(path);
        while (m.find()) {
            parameters.add(
                    Map.of("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
        }
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        if (method.consumingMimeType != null
                && method.consumingMimeType.length > 0
                && !List.of("GET", "DELETE", "HEAD", "OPTIONS").contains(method.method)) {
            Map<String, Object> content = new LinkedHashMap<>();
            for (String type : method.consumingMimeType) {
                content.put(type, Map.of("schema", Map.of("type", "object")));
            }
            op.put("requestBody", Map.of("content", content));
        }
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("description", "Success");
        if (method.producingMimeType != null && method.producingMimeType.length > 0) {
            Map<String, Object> content = new LinkedHashMap<>();
            for (String type : method.producingMimeType) {
                content.put(type, Map.of("schema", Map.of("type", "object")));
            }
            ok.put("content", content);
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("2XX", ok);
        responses.put(
                "default",
                Map.of(
                        "description",
                        "An error",
                        "content",
                        Map.of(
                                "application/problem+json",
                                Map.of("schema", Map.of("$ref", "#/components/schemas/Problem")))));
        op.put("responses", responses);
        return op;
    }

    private static Map<String, Object> problemSchema() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("type", Map.of("type", "string"));
        props.put("title", Map.of("type", "string"));
        props.put("status", Map.of("type", "integer"));
        props.put("detail", Map.of("type", "string"));
        props.put("instance", Map.of("type", "string"));
        props.put(
                "errors",
                Map.of(
                        "type",
                        "array",
                        "items",
                        Map.of(
                                "type",
                                "object",
                                "properties",
                                Map.of("field", Map.of("type", "string"), "message", Map.of("type", "string")))));
        return Map.of("type", "object", "properties", props);
    }
}
