/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Resource limits as Kubernetes quantities (cpu "2", memory "4Gi", storage "10Gi") and a pod count. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Quota(String cpu, String memory, Integer pods, String storage) {}
