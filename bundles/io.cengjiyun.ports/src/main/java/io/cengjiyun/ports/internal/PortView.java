/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.IntOrString;
import java.util.List;

/**
 * One port of a server as a user sees it: the stored port with its defaults filled in, the node port the cluster
 * holds for it, and where it can be reached now ({@code host:port}, or {@code pending} while a load balancer has
 * no address yet). No addresses: the cluster has no Service for the server (yet).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PortView(
        String name,
        Integer port,
        IntOrString targetPort,
        String protocol,
        String exposure,
        Integer nodePort,
        List<String> addresses) {}
