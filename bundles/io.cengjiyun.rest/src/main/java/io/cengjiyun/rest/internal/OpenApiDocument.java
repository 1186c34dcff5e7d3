/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import io.cengjiyun.api.doc.Answer;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.doc.Fails;
import io.cengjiyun.api.doc.Operation;
import io.cengjiyun.api.security.Allow;
import io.cengjiyun.api.security.Right;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.jakartars.runtime.dto.ApplicationDTO;
import org.osgi.service.jakartars.runtime.dto.ResourceDTO;
import org.osgi.service.jakartars.runtime.dto.ResourceMethodInfoDTO;
import org.osgi.service.jakartars.runtime.dto.RuntimeDTO;

/**
 * Builds the OpenAPI 3.0 document of the API deployed now. The JAX-RS whiteboard's runtime description says which
 * resources run; each resource's class says the rest: its methods' paths, parameters (path, query, header, with their
 * Java types, defaults and {@link Doc}), bodies (schemas derived from the records by {@link Schemas}), the rights they
 * need ({@link Allow}), and what the {@link Operation}, {@link Answer} and {@link Fails} annotations say. A resource
 * whose class cannot be read is described from the runtime description alone.
 */
final class OpenApiDocument {
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*([^}:\\s]+)\\s*(:\\s*((?:[^{}]|\\{[^{}]*})*))?}");
    private static final Set<String> BODYLESS = Set.of("GET", "DELETE", "HEAD", "OPTIONS");

    /** The problem responses every operation may answer, by status. */
    static final Map<Integer, String> PROBLEMS = new TreeMap<>(Map.ofEntries(
            Map.entry(400, "The body is not JSON or YAML this API reads, or a query parameter is malformed"),
            Map.entry(401, "No credentials, or a token or session that expired or was revoked: sign in again"),
            Map.entry(403, "The caller lacks the right this operation needs (see its description)"),
            Map.entry(404, "The service, appmap, server or other object in the path does not exist"),
            Map.entry(405, "The path exists but not with this method"),
            Map.entry(406, "None of the media types in Accept is served here"),
            Map.entry(409, "The request conflicts with the present state (a name taken, an object in use)"),
            Map.entry(412, "If-Match names a version that is not the stored one: read it again and retry"),
            Map.entry(413, "The body is larger than the API accepts"),
            Map.entry(415, "The body's Content-Type is not one this operation reads"),
            Map.entry(422, "The body or a parameter is invalid: `errors` names each field and how to fix it"),
            Map.entry(428, "The operation needs If-Match with the version read last"),
            Map.entry(429, "Too many requests or sessions: wait (Retry-After) and retry"),
            Map.entry(500, "An unexpected error: the platform's log has its cause"),
            Map.entry(
                    503,
                    "A part this operation needs (a bundle, the database, a cluster) is not available now: the"
                            + " detail says which; nothing was changed unless it says so")));

    /** Response headers the answers name, and what they mean. */
    private static final Map<String, String> HEADERS = Map.of(
            "ETag", "The stored version (a strong ETag): send it back in If-Match to change or delete this object",
            "Location", "The URL of the object made",
            "Retry-After", "Seconds to wait before trying again",
            "Content-Disposition", "The file name to save the body as",
            "Set-Cookie", "The session cookie (HttpOnly, SameSite=Strict), or its removal");

    /** A resource the runtime runs, and its class if it could be read. */
    record Deployed(ResourceDTO dto, Class<?> type) {}

    private OpenApiDocument() {}

    static Map<String, Object> from(RuntimeDTO runtime, String version) {
        return from(runtime, version, Map.of());
    }

    /** From the runtime description alone (the resources' classes unknown). */
    static Map<String, Object> from(RuntimeDTO runtime, String version, Map<String, Object> schemas) {
        List<Deployed> deployed = new ArrayList<>();
        for (ResourceDTO dto : resources(runtime)) {
            deployed.add(new Deployed(dto, null));
        }
        return from(deployed, version, schemas);
    }

    /** The resources of the runtime's applications. */
    static List<ResourceDTO> resources(RuntimeDTO runtime) {
        List<ApplicationDTO> applications = new ArrayList<>();
        if (runtime.defaultApplication != null) {
            applications.add(runtime.defaultApplication);
        }
        if (runtime.applicationDTOs != null) {
            applications.addAll(List.of(runtime.applicationDTOs));
        }
        List<ResourceDTO> resources = new ArrayList<>();
        for (ApplicationDTO app : applications) {
            if (app.resourceDTOs != null) {
                resources.addAll(List.of(app.resourceDTOs));
            }
        }
        return resources;
    }

    /**
     * The document, with {@code added} (the running bundles' {@code OpenApiSchemas}) merged into components.schemas: a
     * schema of a name the records gave too adds its properties to theirs (the definition sections of the running
     * contributors to {@code ServerDefinition}).
     */
    static Map<String, Object> from(List<Deployed> deployed, String version, Map<String, Object> added) {
        Schemas schemas = new Schemas();
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        Map<String, String> tags = new TreeMap<>();
        Set<String> ids = new TreeSet<>();
        for (Deployed d : deployed) {
            if (d.type() != null) {
                describe(d.type(), schemas, paths, tags, ids);
            } else if (d.dto().resourceMethods != null) {
                for (ResourceMethodInfoDTO method : d.dto().resourceMethods) {
                    if (method.method != null) {
                        String path = normalise(method.path);
                        tags.putIfAbsent(tag(path), "");
                        paths.computeIfAbsent(path, p -> new TreeMap<>())
                                .put(method.method.toLowerCase(), operation(path, method, ids));
                    }
                }
            }
        }
        Map<String, Object> components = new TreeMap<>(schemas.components());
        added.forEach((name, schema) -> components.merge(name, schema, OpenApiDocument::mergeSchemas));
        components.put("Problem", problemSchema());
        components.put("FieldError", fieldErrorSchema());

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("title", "Cengjiyun API");
        info.put("version", version);
        info.put(
                "description",
                "Teams run their applications on Kubernetes: services (members, clusters and quota), application maps"
                        + " (one namespace on one cluster each) and servers (containers with their controller, ports,"
                        + " volumes and autoscaler, managed as one unit). Every call but the health, readiness,"
                        + " this document and sign-in needs a bearer token (`POST /auth/token`) or the console's"
                        + " session cookie with its `X-CSRF-Token` header. Errors are problem details (RFC 9457)"
                        + " whose `detail` says what to do.");
        info.put("license", Map.of("name", "Apache-2.0", "url", "https://www.apache.org/licenses/LICENSE-2.0"));
        doc.put("info", info);
        doc.put("servers", List.of(Map.of("url", "/api/v1", "description", "This runtime")));
        List<Map<String, Object>> tagList = new ArrayList<>();
        tags.forEach((name, description) -> {
            Map<String, Object> tag = new LinkedHashMap<>();
            tag.put("name", name);
            tag.put("description", description.isEmpty() ? "Operations on " + name : description);
            tagList.add(tag);
        });
        doc.put("tags", tagList);
        doc.put("paths", paths);
        doc.put("security", List.of(Map.of("bearer", List.of()), Map.of("session", List.of(), "csrf", List.of())));
        Map<String, Object> componentsOut = new LinkedHashMap<>();
        componentsOut.put("schemas", components);
        componentsOut.put("responses", problemResponses());
        componentsOut.put("securitySchemes", securitySchemes());
        doc.put("components", componentsOut);
        prune(doc);
        return doc;
    }

    /**
     * Drops the components nothing refers to (a record's derived schema that a bundle's section schema replaced, the
     * problem responses of statuses no operation answers), until none is left: a document lists what it uses.
     */
    @SuppressWarnings("unchecked")
    static void prune(Map<String, Object> doc) {
        Map<String, Object> components = (Map<String, Object>) doc.get("components");
        boolean dropped = true;
        while (dropped) {
            Set<String> used = new TreeSet<>();
            refs(doc, used);
            dropped = false;
            for (String kind : List.of("schemas", "responses")) {
                Map<String, Object> named = (Map<String, Object>) components.get(kind);
                dropped |= named.keySet().removeIf(name -> !used.contains("#/components/" + kind + "/" + name));
            }
        }
    }

    /** Every {@code $ref} in the tree. */
    private static void refs(Object node, Set<String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("$ref".equals(key) && value instanceof String ref) {
                    into.add(ref);
                } else {
                    refs(value, into);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> refs(item, into));
        }
    }

    @SuppressWarnings("unchecked")
    private static Object mergeSchemas(Object derived, Object added) {
        if (derived instanceof Map<?, ?> d && added instanceof Map<?, ?> a) {
            Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) d);
            Map<String, Object> props = new LinkedHashMap<>();
            if (d.get("properties") instanceof Map<?, ?> p) {
                props.putAll((Map<String, Object>) p);
            }
            if (a.get("properties") instanceof Map<?, ?> p) {
                props.putAll((Map<String, Object>) p);
            }
            a.forEach((k, v) -> {
                if (!"properties".equals(k) && !"description".equals(k)) {
                    merged.put((String) k, v);
                }
            });
            merged.put("properties", props);
            return merged;
        }
        return added;
    }

    // --- from the classes

    private static void describe(
            Class<?> type,
            Schemas schemas,
            Map<String, Map<String, Object>> paths,
            Map<String, String> tags,
            Set<String> ids) {
        Path base = type.getAnnotation(Path.class);
        String tag = type.getSimpleName().replaceAll("Resource$", "");
        Doc typeDoc = type.getAnnotation(Doc.class);
        tags.merge(tag, typeDoc == null ? "" : typeDoc.value(), (a, b) -> a.isEmpty() ? b : a);
        List<Method> methods = new ArrayList<>(List.of(type.getMethods()));
        methods.sort(Comparator.comparing(Method::getName).thenComparing(Method::toGenericString));
        for (Method method : methods) {
            String verb = verb(method);
            if (verb == null || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Path own = method.getAnnotation(Path.class);
            String raw = (base == null ? "" : base.value()) + "/" + (own == null ? "" : own.value());
            String path = normalise(raw);
            Map<String, Object> op = operation(type, method, verb, raw, path, tag, schemas, ids);
            // two methods of one path and verb (a JSON answer and a stream, chosen by Accept or a query parameter)
            // are one operation in OpenAPI: their parameters and answers together
            paths.computeIfAbsent(path, p -> new TreeMap<>()).merge(verb.toLowerCase(), op, OpenApiDocument::together2);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object together2(Object first, Object second) {
        return together((Map<String, Object>) first, (Map<String, Object>) second);
    }

    /** One operation of two methods of the same path and verb: the first's words, both's parameters and answers. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> together(Map<String, Object> first, Map<String, Object> second) {
        Map<String, Object> op = new LinkedHashMap<>(first);
        String a = String.valueOf(first.get("description"));
        String b = String.valueOf(second.get("description"));
        if (!a.contains(b)) {
            op.put("description", a.replaceAll("(?s)\\n\\nNeeds:.*", "") + "\n\n" + second.get("summary") + ": " + b);
        }
        List<Map<String, Object>> parameters =
                new ArrayList<>((List<Map<String, Object>>) first.getOrDefault("parameters", List.of()));
        for (Map<String, Object> p : (List<Map<String, Object>>) second.getOrDefault("parameters", List.of())) {
            if (parameters.stream()
                    .noneMatch(q ->
                            q.get("name").equals(p.get("name")) && q.get("in").equals(p.get("in")))) {
                parameters.add(p);
            }
        }
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        Map<String, Object> responses = new TreeMap<>((Map<String, Object>) first.get("responses"));
        ((Map<String, Object>) second.get("responses"))
                .forEach((status, answer) -> responses.merge(status, answer, (x, y) -> {
                    if (!(x instanceof Map<?, ?> xm) || !(y instanceof Map<?, ?> ym) || !xm.containsKey("content")) {
                        return y instanceof Map<?, ?> ym2 && ym2.containsKey("content") ? y : x;
                    }
                    Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) xm);
                    Map<String, Object> content = new LinkedHashMap<>((Map<String, Object>) xm.get("content"));
                    if (ym.get("content") instanceof Map<?, ?> more) {
                        ((Map<String, Object>) more).forEach(content::putIfAbsent);
                    }
                    merged.put("content", content);
                    return merged;
                }));
        op.put("responses", responses);
        if (!op.containsKey("requestBody") && second.containsKey("requestBody")) {
            op.put("requestBody", second.get("requestBody"));
        }
        return op;
    }

    private static String verb(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static Map<String, Object> operation(
            Class<?> type,
            Method method,
            String verb,
            String raw,
            String path,
            String tag,
            Schemas schemas,
            Set<String> ids) {
        Operation doc = method.getAnnotation(Operation.class);
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("tags", List.of(tag));
        String id = doc != null && !doc.id().isEmpty() ? doc.id() : method.getName() + tag;
        op.put("operationId", unique(id, ids));
        op.put("summary", doc != null ? doc.summary() : verb + " " + path);
        Allow allow = method.getAnnotation(Allow.class);
        if (allow == null) {
            allow = type.getAnnotation(Allow.class);
        }
        String description = doc == null ? "" : doc.description();
        String right = allow == null ? "" : "\n\nNeeds: " + needs(allow.value()) + ".";
        op.put("description", (description + right).strip());

        Map<String, String> templates = new LinkedHashMap<>();
        Matcher m = TEMPLATE.matcher(raw);
        while (m.find()) {
            templates.put(m.group(1), m.group(3));
        }
        List<Map<String, Object>> parameters = new ArrayList<>();
        Type body = null;
        Doc bodyDoc = null;
        boolean ifMatch = false;
        for (Parameter p : method.getParameters()) {
            Doc pDoc = p.getAnnotation(Doc.class);
            DefaultValue def = p.getAnnotation(DefaultValue.class);
            if (p.isAnnotationPresent(PathParam.class)) {
                String name = p.getAnnotation(PathParam.class).value();
                Map<String, Object> schema = schemas.of(p.getParameterizedType(), pDoc);
                String regex = templates.get(name);
                if (regex != null && !regex.isBlank() && !schema.containsKey("pattern")) {
                    schema.put("pattern", "^(" + regex.strip() + ")$");
                }
                parameters.add(parameter(name, "path", true, schema, pDoc, "The " + name + "'s name"));
                templates.remove(name);
            } else if (p.isAnnotationPresent(QueryParam.class)) {
                Map<String, Object> schema = schemas.of(p.getParameterizedType(), pDoc);
                if (def != null && !schema.containsKey("default")) {
                    schema.put("default", literal(def.value(), schema));
                }
                parameters.add(parameter(
                        p.getAnnotation(QueryParam.class).value(),
                        "query",
                        pDoc != null && pDoc.required(),
                        schema,
                        pDoc,
                        ""));
            } else if (p.isAnnotationPresent(HeaderParam.class)) {
                String name = p.getAnnotation(HeaderParam.class).value();
                ifMatch |= name.equalsIgnoreCase("If-Match");
                Map<String, Object> schema = schemas.of(p.getParameterizedType(), pDoc);
                parameters.add(parameter(
                        name,
                        "header",
                        pDoc != null && pDoc.required(),
                        schema,
                        pDoc,
                        name.equalsIgnoreCase("If-Match")
                                ? "The ETag read last: the change is made only if the stored version is still"
                                        + " that one (else 412)"
                                : ""));
            } else if (p.isAnnotationPresent(CookieParam.class)
                    || p.isAnnotationPresent(Context.class)
                    || p.isAnnotationPresent(Suspended.class)
                    || p.isAnnotationPresent(jakarta.ws.rs.BeanParam.class)
                    || p.isAnnotationPresent(jakarta.ws.rs.FormParam.class)
                    || p.isAnnotationPresent(jakarta.ws.rs.MatrixParam.class)) {
                continue;
            } else {
                body = p.getParameterizedType();
                bodyDoc = pDoc;
            }
        }
        // a template the method takes no parameter for (a regex-only segment) is still a path parameter
        templates.forEach((name, regex) -> {
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "string");
            if (regex != null && !regex.isBlank()) {
                schema.put("pattern", "^(" + regex.strip() + ")$");
            }
            parameters.add(parameter(name, "path", true, schema, null, "The " + name + "'s name"));
        });
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        if (body != null && !BODYLESS.contains(verb)) {
            Map<String, Object> content = new LinkedHashMap<>();
            Object example =
                    bodyDoc == null || bodyDoc.example().isEmpty() ? null : bodyExample(bodyDoc.example(), method);
            for (String mediaType : consumes(type, method)) {
                Map<String, Object> media = new LinkedHashMap<>();
                boolean structured = mediaType.startsWith("application/json") || mediaType.contains("yaml");
                media.put("schema", structured ? schemas.of(body) : BINARY);
                if (structured && example != null) {
                    media.put("example", example);
                }
                content.put(mediaType, media);
            }
            Map<String, Object> requestBody = new LinkedHashMap<>();
            if (bodyDoc != null && !bodyDoc.value().isEmpty()) {
                requestBody.put("description", bodyDoc.value());
            }
            requestBody.put("required", bodyDoc == null || !bodyDoc.optional());
            requestBody.put("content", content);
            op.put("requestBody", requestBody);
        }
        Map<String, Object> responses = new TreeMap<>();
        Answer[] answers = method.getAnnotationsByType(Answer.class);
        if (answers.length == 0) {
            responses.put(
                    String.valueOf(defaultStatus(method, verb)),
                    response(
                            "Success",
                            method.getGenericReturnType(),
                            false,
                            new String[0],
                            produces(type, method),
                            schemas));
        }
        for (Answer a : answers) {
            String[] types = a.mediaTypes().length > 0 ? a.mediaTypes() : produces(type, method);
            responses.put(
                    String.valueOf(a.status()),
                    response(a.description(), a.type(), a.list(), a.headers(), types, schemas));
        }
        Set<Integer> failures = new TreeSet<>();
        if (allow == null || allow.value() != Right.ANYONE) {
            failures.add(401);
            if (allow == null || allow.value() != Right.USER) {
                failures.add(403);
            }
        }
        if (!templates.isEmpty() || raw.contains("{")) {
            failures.add(404);
        }
        if (body != null && !BODYLESS.contains(verb)) {
            failures.add(400);
            failures.add(415);
            failures.add(422);
        }
        if (ifMatch) {
            failures.add(412);
        }
        Fails fails = method.getAnnotation(Fails.class);
        if (fails != null) {
            for (int status : fails.value()) {
                failures.add(status);
            }
        }
        failures.add(500);
        failures.add(503);
        for (int status : failures) {
            responses.put(String.valueOf(status), Map.of("$ref", "#/components/responses/Problem" + status));
        }
        op.put("responses", responses);
        if (allow != null && allow.value() == Right.ANYONE) {
            op.put("security", List.of());
        }
        return op;
    }

    private static final Map<String, Object> BINARY = Map.of("type", "string", "format", "binary");
    private static final com.fasterxml.jackson.databind.ObjectMapper EXAMPLES =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * A whole request body's example (the body parameter's {@code @Doc(example)}, JSON), as the document's value. One
     * that is not JSON is a mistake of the resource's author: it fails the document's tests (OpenApiIT sends every
     * example to its operation), so it is shown as it is written rather than dropped.
     */
    static Object bodyExample(String json, Method method) {
        try {
            return EXAMPLES.readValue(json, Object.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "not JSON (" + method.getDeclaringClass().getSimpleName() + "." + method.getName() + "): " + json;
        }
    }

    private static int defaultStatus(Method method, String verb) {
        Class<?> r = method.getReturnType();
        return r == void.class ? 204 : 200;
    }

    private static String unique(String id, Set<String> ids) {
        String candidate = id;
        for (int i = 2; !ids.add(candidate); i++) {
            candidate = id + i;
        }
        return candidate;
    }

    private static String needs(Right right) {
        return switch (right) {
            case ANYONE -> "nothing: anyone may call it";
            case USER -> "any signed-in user";
            case SELF -> "the user named in the path, or a platform administrator";
            case VIEWER -> "a member of the service (any role), or a platform administrator";
            case DEVELOPER -> "a developer or administrator of the service, or a platform administrator";
            case TERMINAL -> "a member of the service allowed terminals, or a platform administrator";
            case SERVICE_ADMIN -> "an administrator of the service, or a platform administrator";
            case PLATFORM_ADMIN -> "a platform administrator";
        };
    }

    private static Map<String, Object> parameter(
            String name, String in, boolean required, Map<String, Object> schema, Doc doc, String fallback) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("in", in);
        String description = doc != null && !doc.value().isEmpty() ? doc.value() : fallback;
        if (!description.isEmpty()) {
            p.put("description", description);
        }
        schema.remove("description");
        if (required || "path".equals(in)) {
            p.put("required", true);
        }
        p.put("schema", schema);
        return p;
    }

    private static Map<String, Object> response(
            String description, Type type, boolean list, String[] headers, String[] mediaTypes, Schemas schemas) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("description", description);
        if (headers.length > 0) {
            Map<String, Object> hs = new LinkedHashMap<>();
            for (String h : headers) {
                hs.put(h, Map.of("description", HEADERS.getOrDefault(h, h), "schema", Map.of("type", "string")));
            }
            r.put("headers", hs);
        }
        boolean none = type == void.class || type == Void.class;
        if (!none && mediaTypes.length > 0) {
            Map<String, Object> schema = type == Response.class ? Map.of() : schemas.of(type);
            if (list) {
                schema = Map.of("type", "array", "items", schema);
            }
            Map<String, Object> content = new LinkedHashMap<>();
            for (String mediaType : mediaTypes) {
                content.put(
                        mediaType,
                        Map.of(
                                "schema",
                                mediaType.startsWith("application/json") || mediaType.contains("yaml")
                                        ? schema
                                        : Map.of("type", "string")));
            }
            r.put("content", content);
        }
        return r;
    }

    private static String[] consumes(Class<?> type, Method method) {
        Consumes c = method.getAnnotation(Consumes.class);
        if (c == null) {
            c = type.getAnnotation(Consumes.class);
        }
        return c == null ? new String[] {"application/json"} : split(c.value());
    }

    private static String[] produces(Class<?> type, Method method) {
        Produces p = method.getAnnotation(Produces.class);
        if (p == null) {
            p = type.getAnnotation(Produces.class);
        }
        return p == null ? new String[] {"application/json"} : split(p.value());
    }

    /** Media types as JAX-RS allows them ("a, b" in one string), without parameters such as {@code ;qs=0.9}. */
    private static String[] split(String[] values) {
        Set<String> types = new LinkedHashSet<>();
        for (String v : values) {
            for (String t : v.split(",")) {
                String type = t.strip();
                int semi = type.indexOf(';');
                types.add(semi < 0 ? type : type.substring(0, semi).strip());
            }
        }
        return types.toArray(String[]::new);
    }

    private static Object literal(String text, Map<String, Object> schema) {
        Object type = schema.get("type");
        try {
            if ("integer".equals(type)) {
                return Long.parseLong(text);
            }
            if ("number".equals(type)) {
                return Double.parseDouble(text);
            }
        } catch (NumberFormatException e) {
            return text;
        }
        return "boolean".equals(type) ? Boolean.parseBoolean(text) : text;
    }

    // --- from the runtime description alone

    static String normalise(String path) {
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

    private static Map<String, Object> operation(String path, ResourceMethodInfoDTO method, Set<String> ids) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", unique(method.method.toLowerCase() + path.replaceAll("[^A-Za-z0-9]+", "_"), ids));
        op.put("summary", method.method + " " + path);
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
                && !BODYLESS.contains(method.method)) {
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
        responses.put("200", ok);
        responses.put("500", Map.of("$ref", "#/components/responses/Problem500"));
        op.put("responses", responses);
        return op;
    }

    // --- components

    private static Map<String, Object> problemResponses() {
        Map<String, Object> responses = new LinkedHashMap<>();
        PROBLEMS.forEach((status, description) -> {
            Map<String, Object> example = new LinkedHashMap<>();
            example.put("type", "https://cengjiyun.io/problems/" + (status == 422 ? "validation" : "status-" + status));
            example.put("title", description.split("[:(,]")[0].strip());
            example.put("status", status);
            example.put("detail", description);
            Map<String, Object> media = new LinkedHashMap<>();
            media.put("schema", Map.of("$ref", "#/components/schemas/Problem"));
            media.put("example", example);
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("description", description);
            if (status == 429 || status == 503) {
                response.put(
                        "headers",
                        Map.of(
                                "Retry-After",
                                Map.of(
                                        "description",
                                        HEADERS.get("Retry-After"),
                                        "schema",
                                        Map.of("type", "integer"))));
            }
            response.put("content", Map.of("application/problem+json", media));
            responses.put("Problem" + status, response);
        });
        return responses;
    }

    private static Map<String, Object> securitySchemes() {
        Map<String, Object> schemes = new LinkedHashMap<>();
        schemes.put(
                "bearer",
                Map.of(
                        "type",
                        "http",
                        "scheme",
                        "bearer",
                        "description",
                        "A token from POST /api/v1/auth/token or POST /api/v1/users/{user}/tokens"));
        schemes.put(
                "session",
                Map.of(
                        "type",
                        "apiKey",
                        "in",
                        "cookie",
                        "name",
                        "cj_session",
                        "description",
                        "The console's session cookie (POST /api/v1/auth/session); a change also needs the"
                                + " X-CSRF-Token header"));
        schemes.put(
                "csrf",
                Map.of(
                        "type",
                        "apiKey",
                        "in",
                        "header",
                        "name",
                        "X-CSRF-Token",
                        "description",
                        "The session's CSRF token (given at sign-in), with the session cookie"));
        return schemes;
    }

    private static Map<String, Object> fieldErrorSchema() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(
                "field",
                Map.of(
                        "type",
                        "string",
                        "description",
                        "The field, as the body writes it",
                        "example",
                        "containers[0].image"));
        props.put("message", Map.of("type", "string", "description", "What is wrong and how to fix it"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("required", List.of("field", "message"));
        schema.put("properties", props);
        return schema;
    }

    private static Map<String, Object> problemSchema() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("type", Map.of("type", "string", "description", "A URI naming the kind of problem"));
        props.put("title", Map.of("type", "string", "description", "The kind of problem, in a few words"));
        props.put("status", Map.of("type", "integer", "format", "int32", "description", "The HTTP status"));
        props.put("detail", Map.of("type", "string", "description", "What happened and what to do"));
        props.put("instance", Map.of("type", "string", "description", "The path of the request"));
        props.put(
                "errors",
                Map.of(
                        "type",
                        "array",
                        "description",
                        "Each invalid field (422)",
                        "items",
                        Map.of("$ref", "#/components/schemas/FieldError")));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("description", "Problem details (RFC 9457)");
        schema.put("required", List.of("type", "title", "status"));
        schema.put("properties", props);
        return schema;
    }
}
