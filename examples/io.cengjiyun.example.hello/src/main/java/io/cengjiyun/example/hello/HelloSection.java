/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.example.hello;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ServerDefinition;
import io.cengjiyun.api.ValidationException;
import io.cengjiyun.lifecycle.ServerObjectContributor;
import io.cengjiyun.lifecycle.ServerObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * A definition section of an extension bundle: a server with {@code hello: {greeting: "..."}} gets the ConfigMap
 * {@code <server>-hello} with the greeting under {@code data.greeting}. Deploy this bundle and the section is
 * accepted, checked and shown in {@code /openapi.json}; remove it and servers with the section are refused (503).
 */
@Component(service = ServerObjectContributor.class)
public class HelloSection implements ServerObjectContributor {
    static final String SECTION = "hello";
    static final int MAX_GREETING = 200;
    static final String SCHEMA = """
            {"type": "object", "description": "A greeting of the example extension, applied as the ConfigMap\
             <server>-hello.", "additionalProperties": false, "required": ["greeting"],
             "properties": {"greeting": {"type": "string", "minLength": 1, "maxLength": 200}}}
            """;

    @Override
    public Map<String, String> sectionSchemas() {
        return Map.of(SECTION, SCHEMA);
    }

    @Override
    public List<FieldError> validate(AppMap appMap, ServerDefinition definition) {
        return check(definition.sections().get(SECTION));
    }

    @Override
    public void contribute(ServerObjects objects) {
        Object section = objects.definition().sections().get(SECTION);
        if (section == null) {
            return;
        }
        ValidationException.throwIfAny(check(section));
        ObjectMeta meta = new ObjectMeta();
        meta.setName(objects.server() + "-" + SECTION);
        ConfigMap map = new ConfigMap();
        map.setApiVersion("v1");
        map.setKind("ConfigMap");
        map.setMetadata(meta);
        map.setData(Map.of("greeting", (String) ((Map<?, ?>) section).get("greeting")));
        objects.add(map);
    }

    /** Every problem of the section, as its schema says; none when it is absent. */
    static List<FieldError> check(Object section) {
        List<FieldError> errors = new ArrayList<>();
        if (section == null) {
            return errors;
        }
        if (!(section instanceof Map<?, ?> hello)) {
            errors.add(new FieldError(SECTION, "is not an object: give e.g. {\"greeting\": \"hi\"}"));
            return errors;
        }
        hello.keySet().stream()
                .filter(k -> !"greeting".equals(k))
                .forEach(k ->
                        errors.add(new FieldError(SECTION + "." + k, "is not a field of hello: it has only greeting")));
        Object greeting = hello.get("greeting");
        String field = SECTION + ".greeting";
        if (greeting == null) {
            errors.add(new FieldError(field, "is required, e.g. \"hi\""));
        } else if (!(greeting instanceof String text)) {
            errors.add(new FieldError(field, "'" + greeting + "' is not text: give it in quotes, e.g. \"hi\""));
        } else if (text.isEmpty()) {
            errors.add(new FieldError(field, "is empty: give a greeting, e.g. \"hi\""));
        } else if (text.length() > MAX_GREETING) {
            errors.add(new FieldError(field, "is " + text.length() + " characters long: at most " + MAX_GREETING));
        }
        return errors;
    }
}
