/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** An environment variable: a literal value, or a {@code valueFrom} source in Kubernetes' own form. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvVar(String name, String value, Map<String, Object> valueFrom) {}
