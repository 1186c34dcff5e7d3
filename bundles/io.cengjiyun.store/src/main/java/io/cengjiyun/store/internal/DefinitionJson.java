/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cengjiyun.api.ServerDefinition;

/**
 * The stored form of server definitions. Reading is tolerant of fields it does not know: a definition
 * written by a newer bundle must still load after a downgrade, unlike user input, which the REST layer
 * checks strictly.
 */
final class DefinitionJson {
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final ObjectReader reader = mapper.readerFor(ServerDefinition.class);
    private final ObjectWriter writer = mapper.writerFor(ServerDefinition.class);

    String write(ServerDefinition definition) {
        try {
            return writer.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Cannot write the definition of server '" + definition.name() + "' as JSON: "
                            + e.getOriginalMessage(),
                    e);
        }
    }

    ServerDefinition read(String json, String what) {
        try {
            return reader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "The stored definition of " + what + " is not valid JSON (" + e.getOriginalMessage()
                            + "): the database was changed outside Cengjiyun",
                    e);
        }
    }
}
