/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A port a container listens on, with Kubernetes' field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerPort(String name, Integer containerPort, String protocol) {}
