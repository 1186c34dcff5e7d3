/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;
import java.util.Map;

/** An environment variable: a literal value, or a {@code valueFrom} source in Kubernetes' own form. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Doc("An environment variable of a container: a literal value, or a source in Kubernetes' form")
public record EnvVar(
        @Doc(
                value = "The variable's name: letters, digits, '_', '-' and '.', not starting with a digit",
                example = "MODE",
                required = true,
                pattern = Rules.ENV_NAME)
        String name,

        @Doc(value = "Its value", example = "production") String value,

        @Doc("Where its value comes from instead, in Kubernetes' form (secretKeyRef, configMapKeyRef, fieldRef,"
                + " resourceFieldRef)")
        Map<String, Object> valueFrom) {}
