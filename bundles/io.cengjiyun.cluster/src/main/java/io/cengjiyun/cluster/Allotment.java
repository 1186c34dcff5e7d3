/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A cluster allotted to a service, with the most the service's appmaps on it may reserve together:
 * {@code cpu} and {@code memory} and {@code storage} as Kubernetes quantities ("8", "500m", "16Gi"), {@code pods}
 * a count. A missing bound means no bound.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Allotment(String cluster, String cpu, String memory, Integer pods, String storage) {}
