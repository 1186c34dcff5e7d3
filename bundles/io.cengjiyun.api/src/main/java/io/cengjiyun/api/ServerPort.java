/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;

/**
 * A service port of a server. {@code exposure} is ClusterIP, NodePort, LoadBalancer or Headless;
 * {@code protocol} TCP or UDP.
 */
@Doc("A port a server is reached on, a port of its Kubernetes Service. The bundle io.cengjiyun.ports checks and makes"
        + " it: every port is named, and all of a server's ports have the same exposure")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerPort(
        @Doc(
                value = "The port's name, unique in the server",
                example = "http",
                required = true,
                pattern = Rules.IANA_SVC_NAME,
                maxLength = Rules.MAX_PORT_NAME)
        String name,

        @Doc(
                value = "The Service's port number, unique in the server per protocol",
                example = "80",
                required = true,
                minimum = 1,
                maximum = Rules.MAX_PORT)
        Integer port,

        @Doc(
                value = "Where the traffic goes in the pods: a port number or the name of a container's port that"
                        + " a container declares; left out: the same number as port",
                example = "8080",
                minimum = 1,
                maximum = Rules.MAX_PORT)
        IntOrString targetPort,

        @Doc(value = "TCP or UDP; left out: TCP", example = "TCP")
        String protocol,

        @Doc(
                value = "How it is reached: ClusterIP (inside the cluster; the default), NodePort (on every node),"
                        + " LoadBalancer (an external address) or Headless (the pods' own addresses by DNS)",
                example = "ClusterIP")
        String exposure,

        @Doc(
                value = "The node port of a NodePort or LoadBalancer port, in the cluster's node port range"
                        + " (Kubernetes' default: 30000-32767); left out: assigned by Kubernetes",
                example = "30080")
        Integer nodePort) {}
