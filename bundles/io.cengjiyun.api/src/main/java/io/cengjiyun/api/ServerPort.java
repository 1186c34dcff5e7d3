/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A service port of a server. {@code exposure} is ClusterIP, NodePort, LoadBalancer or Headless;
 * {@code protocol} TCP or UDP.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerPort(
        String name, Integer port, IntOrString targetPort, String protocol, String exposure, Integer nodePort) {}
