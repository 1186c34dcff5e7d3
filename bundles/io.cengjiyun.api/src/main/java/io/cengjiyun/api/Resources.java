/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.util.Map;

/** Requests and limits as Kubernetes quantities, keyed by resource name (cpu, memory, ...). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Doc(
        "A container's resource requests and limits, keyed by resource name (cpu, memory, ephemeral-storage...); each value"
                + " is a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi")
public record Resources(
        @Doc("What the container is guaranteed, and what the scheduler reserves for it")
        Map<String, String> requests,

        @Doc("The most the container may use: more CPU is throttled, more memory kills it")
        Map<String, String> limits) {}
