/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;
import io.cengjiyun.cluster.internal.Clusters;

/**
 * A cluster allotted to a service, with the most the service's appmaps on it may reserve together:
 * {@code cpu} and {@code memory} and {@code storage} as Kubernetes quantities ("8", "500m", "16Gi"), {@code pods}
 * a count. A missing bound means no bound.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Doc("A cluster allotted to a service, with the most the service's appmaps on it may reserve together")
public record Allotment(
        @Doc(
                value = "The registered cluster",
                example = "prod",
                required = true,
                pattern = Rules.DNS_LABEL,
                maxLength = Rules.MAX_LABEL)
        String cluster,

        @Doc(
                value = "The most CPU the service's appmaps on it may reserve together (a Kubernetes"
                        + " quantity); absent: no bound",
                example = "8",
                pattern = Rules.QUANTITY)
        String cpu,

        @Doc(
                value = "The most memory they may reserve together (a Kubernetes quantity); absent: no bound",
                example = "16Gi",
                pattern = Rules.QUANTITY)
        String memory,

        @Doc(
                value = "The most pods they may run together; absent: no bound",
                example = "50",
                minimum = 0,
                maximum = Clusters.MAX_ALLOTTED_PODS)
        Integer pods,

        @Doc(
                value = "The most persistent storage they may claim together (a Kubernetes quantity);"
                        + " absent: no bound",
                example = "100Gi",
                pattern = Rules.QUANTITY)
        String storage) {}
