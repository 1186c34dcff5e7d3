/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How a server's pods are replaced: RollingUpdate (default), Recreate or OnDelete. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpdateStrategy(
        String type,
        IntOrString maxSurge,
        IntOrString maxUnavailable,
        Integer partition,
        Integer minReadySeconds,
        Integer progressDeadlineSeconds) {}
