/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cengjiyun.api.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelloSectionTest {

    private static List<String> fields(Object section) {
        return HelloSection.check(section).stream().map(FieldError::field).toList();
    }

    @Test
    void aGreetingOfTextIsAccepted() {
        assertEquals(List.of(), fields(Map.of("greeting", "hi")));
        assertEquals(List.of(), fields(null));
    }

    @Test
    void aGreetingThatIsNotTextIsRefusedNamingTheField() {
        assertEquals(List.of("hello.greeting"), fields(Map.of("greeting", 5)));
        assertEquals(List.of("hello.greeting"), fields(Map.of()));
        assertEquals(List.of("hello.greeting"), fields(Map.of("greeting", "x".repeat(201))));
        assertEquals(List.of("hello"), fields("hi"));
        assertEquals(List.of("hello.loud"), fields(Map.of("greeting", "hi", "loud", true)));
    }

    @Test
    void theSchemaIsOwnedUnderTheSectionsName() throws Exception {
        com.fasterxml.jackson.databind.JsonNode schema = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(new HelloSection().sectionSchemas().get("hello"));
        assertEquals("string", schema.at("/properties/greeting/type").asText());
        assertEquals(200, schema.at("/properties/greeting/maxLength").asInt());
        assertEquals("greeting", schema.at("/required/0").asText());
    }
}
