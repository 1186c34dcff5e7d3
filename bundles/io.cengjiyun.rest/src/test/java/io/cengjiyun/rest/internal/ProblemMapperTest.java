/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.api.ConflictException;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.StaleVersionException;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.rest.JsonMappers;
import io.cengjiyun.rest.Problem;
import jakarta.ws.rs.NotFoundException;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {
    private final ObjectMapper json = JsonMappers.json();

    @Test
    void validationNamesEachField() {
        Problem p = ProblemMapper.toProblem(new ValidationException("containers[0].image", "is required"));
        assertEquals(422, p.status());
        assertEquals("containers[0].image", p.errors().get(0).field());
    }

    @Test
    void staleVersionIs412AndConflictIs409() {
        assertEquals(
                412,
                ProblemMapper.toProblem(new StaleVersionException("server web", 1, 2))
                        .status());
        assertEquals(
                409, ProblemMapper.toProblem(new ConflictException("taken")).status());
    }

    @Test
    void unknownFieldIsA400NamingTheField() {
        // a definition is open at the top (other sections are the contributors'), closed inside its typed parts
        Exception e = assertThrowsAny(() -> json.readValue(
                "{\"name\":\"web\",\"kind\":\"Deployment\",\"updateStrategy\":{\"typ\":\"Recreate\"}}",
                ServerDefinition.class));
        Problem p = ProblemMapper.toProblem(e);
        assertEquals(400, p.status());
        assertEquals("updateStrategy.typ", p.errors().get(0).field());
        assertTrue(p.detail().contains("type"), p.detail());
    }

    @Test
    void otherTopLevelSectionsAreKeptAsGivenInJsonAndYaml() throws Exception {
        String given = "{\"name\":\"web\",\"kind\":\"Deployment\",\"replica\":2,"
                + "\"hello\":{\"greeting\":\"hi\",\"to\":[\"ana\",{\"n\":1.5}]}}";
        ServerDefinition def = json.readValue(given, ServerDefinition.class);
        assertEquals(java.util.Set.of("replica", "hello"), def.sections().keySet());
        assertEquals(json.readTree(given), json.readTree(json.writeValueAsString(def)));

        ObjectMapper yaml = JsonMappers.yaml();
        ServerDefinition viaYaml = yaml.readValue(yaml.writeValueAsString(def), ServerDefinition.class);
        assertEquals(def, viaYaml);
        assertTrue(
                yaml.writeValueAsString(def).contains("greeting: \"hi\"")
                        || yaml.writeValueAsString(def).contains("greeting: hi"),
                yaml.writeValueAsString(def));
    }

    @Test
    void wrongTypeIsA400NamingTheNestedField() {
        Exception e = assertThrowsAny(() -> json.readValue(
                "{\"name\":\"web\",\"kind\":\"Deployment\",\"replicas\":\"two\"}", ServerDefinition.class));
        Problem p = ProblemMapper.toProblem(e);
        assertEquals(400, p.status());
        assertEquals("replicas", p.errors().get(0).field());
    }

    @Test
    void unknownKindListsTheKinds() {
        Exception e =
                assertThrowsAny(() -> json.readValue("{\"name\":\"web\",\"kind\":\"Pod\"}", ServerDefinition.class));
        Problem p = ProblemMapper.toProblem(e);
        assertEquals(400, p.status());
        assertTrue(p.detail().contains("StatefulSet"), p.detail());
    }

    @Test
    void unexpectedErrorsHideTheirStackTrace() {
        Problem p = ProblemMapper.toProblem(new IllegalStateException("secret internals"));
        assertEquals(500, p.status());
        assertFalse(p.detail().contains("secret internals"));
        assertTrue(p.detail().contains("id"));
    }

    @Test
    void unknownPathIsAProblem() {
        Problem p = ProblemMapper.toProblem(new NotFoundException());
        assertEquals(404, p.status());
        assertTrue(p.detail().contains("openapi.json"));
    }

    private static Exception assertThrowsAny(ThrowingRunnable r) {
        try {
            r.run();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected an exception");
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
