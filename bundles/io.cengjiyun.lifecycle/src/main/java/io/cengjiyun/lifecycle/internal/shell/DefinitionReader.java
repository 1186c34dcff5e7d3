/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.shell;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.rest.JsonMappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a server definition given on the console: a .json/.yaml/.yml file, or the JSON or YAML text itself. */
final class DefinitionReader {
    private final ObjectMapper json = JsonMappers.json();
    private final ObjectMapper yaml = JsonMappers.yaml();

    ServerDefinition read(String source) {
        String text = source.trim();
        try {
            if (!text.startsWith("{") && !text.contains("\n") && !text.contains(": ")) {
                Path file = Path.of(text);
                if (!Files.isRegularFile(file)) {
                    throw new ValidationException(
                            "definition",
                            "'" + text + "' is neither a file nor a JSON or YAML"
                                    + " definition: give a path to a .json or .yaml file, or the definition itself in quotes");
                }
                text = Files.readString(file);
            }
            return (text.trim().startsWith("{") ? json : yaml).readValue(text, ServerDefinition.class);
        } catch (IOException e) {
            throw new ValidationException(
                    "definition",
                    "cannot be read: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    String yaml(Object value) {
        try {
            return yaml.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
