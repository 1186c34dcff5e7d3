/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.cengjiyun.api.doc.Doc;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * JSON schemas (OpenAPI 3.0's dialect) of the Java types the API reads and writes, derived from the types themselves:
 * a record's components are its properties (Jackson's names, {@code @JsonIgnore} left out, read-only ones marked), with
 * the description, example and constraints of their {@link Doc}; an enum is its constants. Records and enums are put
 * once under {@code components.schemas} by their simple name and referenced; two types of one simple name get their
 * package's last segment in front.
 */
final class Schemas {
    private final Map<String, Object> components = new TreeMap<>();
    private final Map<Class<?>, String> names = new LinkedHashMap<>();

    /** The schemas named so far, for {@code components.schemas}. */
    Map<String, Object> components() {
        return components;
    }

    /** A schema of the type: inline for scalars and containers, a {@code $ref} for records and enums. */
    Map<String, Object> of(Type type) {
        return of(type, null);
    }

    /** As {@link #of(Type)}, with what a {@link Doc} adds (description, example, constraints). */
    Map<String, Object> of(Type type, Doc doc) {
        Map<String, Object> schema = new LinkedHashMap<>(plain(type));
        if (doc != null) {
            if (schema.containsKey("$ref")) {
                // OpenAPI 3.0 ignores siblings of $ref: wrap it so that the description and example stay
                Map<String, Object> ref = schema;
                schema = new LinkedHashMap<>();
                schema.put("allOf", List.of(ref));
            }
            apply(schema, doc);
        }
        return schema;
    }

    private Map<String, Object> plain(Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return array(of(args[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("type", "object");
                map.put("additionalProperties", args[1] == Object.class ? true : of(args[1]));
                return map;
            }
            if (raw == Optional.class) {
                return of(args[0]);
            }
            return of(raw);
        }
        if (type instanceof WildcardType w) {
            return of(w.getUpperBounds()[0]);
        }
        if (type instanceof GenericArrayType g) {
            return array(of(g.getGenericComponentType()));
        }
        if (!(type instanceof Class<?> c)) {
            return Map.of();
        }
        if (c == String.class || c == char.class || c == Character.class) {
            return Map.of("type", "string");
        }
        if (c == int.class || c == Integer.class || c == short.class || c == Short.class) {
            return Map.of("type", "integer", "format", "int32");
        }
        if (c == long.class || c == Long.class || c == BigInteger.class) {
            return Map.of("type", "integer", "format", "int64");
        }
        if (c == double.class || c == Double.class || c == BigDecimal.class) {
            return Map.of("type", "number", "format", "double");
        }
        if (c == float.class || c == Float.class) {
            return Map.of("type", "number", "format", "float");
        }
        if (c == boolean.class || c == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (c == Instant.class || c == OffsetDateTime.class || c == ZonedDateTime.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (c == LocalDate.class) {
            return Map.of("type", "string", "format", "date");
        }
        if (c == Duration.class) {
            return Map.of("type", "string", "description", "An ISO-8601 duration, e.g. PT30S");
        }
        if (c == byte[].class) {
            return Map.of("type", "string", "format", "byte");
        }
        if (c.isArray()) {
            return array(of(c.getComponentType()));
        }
        if (c == Object.class || c.getName().startsWith("com.fasterxml.jackson.databind.")) {
            return Map.of(); // any JSON value
        }
        if (Collection.class.isAssignableFrom(c)) {
            return array(Map.of());
        }
        if (Map.class.isAssignableFrom(c)) {
            return Map.of("type", "object", "additionalProperties", true);
        }
        if (c.isEnum() || c.isRecord()) {
            return Map.of("$ref", "#/components/schemas/" + named(c));
        }
        return Map.of("type", "object");
    }

    private static Map<String, Object> array(Map<String, Object> items) {
        Map<String, Object> array = new LinkedHashMap<>();
        array.put("type", "array");
        array.put("items", items);
        return array;
    }

    /** The component name of a record or enum, describing it on first use. */
    private String named(Class<?> c) {
        String known = names.get(c);
        if (known != null) {
            return known;
        }
        // a nested record by its owner's name too (ServerHistory.Entry: ServerHistoryEntry), so that generic names
        // (Entry, Change, Values) of two bundles never depend on which was described first
        String name = c.getSimpleName();
        for (Class<?> owner = c.getEnclosingClass(); owner != null; owner = owner.getEnclosingClass()) {
            name = owner.getSimpleName().replaceAll("Resource$", "") + name;
        }
        if (names.containsValue(name) || components.containsKey(name)) {
            String pkg = c.getPackageName();
            name = Character.toUpperCase(pkg.charAt(pkg.lastIndexOf('.') + 1))
                    + pkg.substring(pkg.lastIndexOf('.') + 2)
                    + name;
        }
        names.put(c, name);
        components.put(name, Map.of()); // taken before it is described: a record may refer to itself
        components.put(name, c.isEnum() ? enumSchema(c) : describe(c));
        return name;
    }

    private static Map<String, Object> enumSchema(Class<?> c) {
        List<Object> values = new ArrayList<>();
        Method json = jsonValue(c);
        for (Object constant : c.getEnumConstants()) {
            values.add(json == null ? ((Enum<?>) constant).name() : jsonValueOf(json, constant));
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        schema.put("enum", values);
        Doc doc = c.getAnnotation(Doc.class);
        if (doc != null && !doc.value().isEmpty()) {
            schema.put("description", doc.value());
        }
        return schema;
    }

    private Map<String, Object> describe(Class<?> c) {
        Map<String, Object> schema = new LinkedHashMap<>();
        Method value = jsonValue(c);
        if (value != null) {
            // a type written as another (IntOrString as a number or a string): its Doc says what; no properties
            schema.putAll(value.getReturnType() == Object.class ? Map.of() : of(value.getGenericReturnType()));
            Doc doc = c.getAnnotation(Doc.class);
            if (doc != null) {
                apply(schema, doc);
            }
            return schema;
        }
        schema.put("type", "object");
        Doc typeDoc = c.getAnnotation(Doc.class);
        if (typeDoc != null && !typeDoc.value().isEmpty()) {
            schema.put("description", typeDoc.value());
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent component : c.getRecordComponents()) {
            if (ignored(component)) {
                continue;
            }
            JsonProperty json = component.getAnnotation(JsonProperty.class);
            if (json == null) {
                json = component.getAccessor().getAnnotation(JsonProperty.class);
            }
            String name = json != null && !json.value().isEmpty() ? json.value() : component.getName();
            Doc doc = component.getAnnotation(Doc.class);
            Map<String, Object> property = of(component.getGenericType(), doc);
            if (json != null && json.access() == JsonProperty.Access.READ_ONLY) {
                property.put("readOnly", true);
            }
            properties.put(name, property);
            if (doc != null && doc.required()) {
                required.add(name);
            }
        }
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        if (hasAny(c)) {
            schema.put("additionalProperties", true);
        }
        return schema;
    }

    private static boolean ignored(RecordComponent component) {
        JsonIgnore ignore = component.getAnnotation(JsonIgnore.class);
        if (ignore == null) {
            ignore = component.getAccessor().getAnnotation(JsonIgnore.class);
        }
        return ignore != null && ignore.value();
    }

    private static Method jsonValue(Class<?> c) {
        for (Method m : c.getMethods()) {
            if (m.isAnnotationPresent(JsonValue.class) && m.getParameterCount() == 0) {
                return m;
            }
        }
        return null;
    }

    /** What Jackson writes for the constant (a @JsonValue such as a lower-case name), or its name if that fails. */
    private static Object jsonValueOf(Method json, Object constant) {
        try {
            json.setAccessible(true);
            Object value = json.invoke(constant);
            return value == null ? ((Enum<?>) constant).name() : value;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return ((Enum<?>) constant).name();
        }
    }

    /** Whether Jackson takes fields the record does not name ({@code @JsonAnySetter}, public or not). */
    private static boolean hasAny(Class<?> c) {
        for (Method m : c.getDeclaredMethods()) {
            if (m.isAnnotationPresent(JsonAnyGetter.class) || m.isAnnotationPresent(JsonAnySetter.class)) {
                return true;
            }
        }
        return false;
    }

    /** Adds a {@link Doc}'s description, example and constraints to a schema. */
    static void apply(Map<String, Object> schema, Doc doc) {
        if (!doc.type().isEmpty()) {
            schema.clear();
            schema.put("type", doc.type());
        }
        if (!doc.value().isEmpty()) {
            schema.put("description", doc.value());
        }
        if (!doc.example().isEmpty()) {
            schema.put("example", literal(doc.example(), schema));
        }
        if (!doc.defaultValue().isEmpty()) {
            schema.put("default", literal(doc.defaultValue(), schema));
        }
        if (!doc.pattern().isEmpty()) {
            schema.put("pattern", "^(" + doc.pattern() + ")$");
        }
        if (doc.minLength() >= 0) {
            schema.put("minLength", doc.minLength());
        }
        if (doc.maxLength() >= 0) {
            schema.put("maxLength", doc.maxLength());
        }
        if (doc.minimum() != Long.MIN_VALUE) {
            schema.put("minimum", doc.minimum());
        }
        if (doc.maximum() != Long.MAX_VALUE) {
            schema.put("maximum", doc.maximum());
        }
        if (!doc.format().isEmpty()) {
            schema.put("format", doc.format());
        }
        if (doc.oneOf().isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object constant : doc.oneOf().getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            schema.put("enum", values);
        }
    }

    /** An example or default as the schema's type reads it: a number for an integer, true for a boolean. */
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
        if ("boolean".equals(type)) {
            return Boolean.parseBoolean(text);
        }
        return text;
    }
}
