/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A volume of a server. {@code type} is persistent, emptyDir, config or secret; {@code source} names
 * the appmap's config map or secret for the last two.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Volume(
        String name,
        String type,
        String size,
        String storageClass,
        String accessMode,
        String mountPath,
        String subPath,
        Boolean readOnly,
        String source,
        String medium,
        String sizeLimit) {}
