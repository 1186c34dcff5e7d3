/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** Requests and limits as Kubernetes quantities, keyed by resource name (cpu, memory, ...). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Resources(Map<String, String> requests, Map<String, String> limits) {}
