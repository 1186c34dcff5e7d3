/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.cengjiyun.api.ValidationException;
import java.util.stream.Collectors;

/**
 * Turns parts of a definition written with Kubernetes' field names (containers with their pass-through fields,
 * tolerations, affinity) into fabric8 model objects, strictly.
 *
 * <p>fabric8's models keep any field they do not know in {@code additionalProperties} and write it back out, so a
 * misspelt {@code readinesProbe} would reach the API server, which drops it (Kubernetes 1.20) or only warns: the user
 * would believe the probe is there. Here the models' catch-all is removed, so an unknown field is an error naming it.
 */
final class KubernetesFields {
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule("strict-fabric8-models").setDeserializerModifier(new NoCatchAll()));

    /**
     * {@code value} as a {@code type}.
     *
     * @param field the path of {@code value} in the definition, e.g. {@code containers[0]}
     * @param what what {@code value} is, for the message, e.g. {@code container 'web'}
     * @throws ValidationException on the full path of the first field Kubernetes does not know or that has the wrong type
     */
    <T> T convert(Object value, Class<T> type, String field, String what) {
        try {
            return mapper.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof JsonMappingException cause) {
                throw invalid(cause, field, what);
            }
            throw e;
        }
    }

    private static ValidationException invalid(JsonMappingException e, String field, String what) {
        String path = field
                + e.getPath().stream()
                        .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining());
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null
                    ? ""
                    : "; it has "
                            + u.getKnownPropertyIds().stream()
                                    .map(Object::toString)
                                    .sorted()
                                    .collect(Collectors.joining(", "));
            return new ValidationException(
                    path,
                    "'" + u.getPropertyName() + "' of " + what
                            + " is not a field Kubernetes knows (in "
                            + u.getReferringClass().getSimpleName()
                            + "): check its spelling and place" + known);
        }
        String reason = e.getOriginalMessage() == null
                ? e.getClass().getSimpleName()
                : e.getOriginalMessage().lines().findFirst().orElse("");
        return new ValidationException(path, "is not valid in " + what + ": " + reason);
    }

    /** Drops the catch-all {@code @JsonAnySetter} of fabric8's model classes, so that unknown fields fail. */
    private static final class NoCatchAll extends BeanDeserializerModifier {
        private static final long serialVersionUID = 1L;

        @Override
        public BeanDeserializerBuilder updateBuilder(
                DeserializationConfig config, BeanDescription description, BeanDeserializerBuilder builder) {
            if (description.getBeanClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
                builder.setAnySetter(null);
            }
            return builder;
        }
    }
}
