/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;

/** A port a container listens on, with Kubernetes' field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Doc("A port a container listens on, with Kubernetes' field names")
public record ContainerPort(
        @Doc(
                value = "The port's name, which a server port's targetPort may give instead of the number",
                example = "http",
                pattern = Rules.IANA_SVC_NAME,
                maxLength = Rules.MAX_PORT_NAME)
        String name,

        @Doc(value = "The port number", example = "8080", required = true, minimum = 1, maximum = Rules.MAX_PORT)
        Integer containerPort,

        @Doc(value = "The protocol; left out: TCP", example = "TCP", oneOf = Rules.Protocol.class)
        String protocol) {}
