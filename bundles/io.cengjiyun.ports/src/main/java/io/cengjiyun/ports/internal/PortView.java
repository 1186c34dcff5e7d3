/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.ports.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.IntOrString;
import io.cengjiyun.api.doc.Doc;
import java.util.List;

/**
 * One port of a server as a user sees it: the stored port with its defaults filled in, the node port the cluster
 * holds for it, and where it can be reached now ({@code host:port}, or {@code pending} while a load balancer has
 * no address yet). No addresses: the cluster has no Service for the server (yet).
 */
@Doc("A port of a server with its defaults filled in, its node port and where it can be reached now")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PortView(
        @Doc(value = "The port's name", example = "http") String name,

        @Doc(value = "The port the server's Service listens on", example = "80")
        Integer port,

        @Doc("The container's port it forwards to (a number, or a named port); default: `port`")
        IntOrString targetPort,

        @Doc(value = "TCP or UDP", example = "TCP") String protocol,

        @Doc(value = "ClusterIP, NodePort, LoadBalancer or Headless", example = "NodePort")
        String exposure,

        @Doc(value = "The node port: the one the cluster holds for it, else the one asked for", example = "30080")
        Integer nodePort,

        @Doc(
                value = "Where it can be reached now, as `host:port`: the cluster IP (a headless"
                        + " Service's DNS name), the nodes' internal addresses for a node port, a load"
                        + " balancer's address or `pending` while it has none; empty while the cluster has"
                        + " no Service for the server")
        List<String> addresses) {}
