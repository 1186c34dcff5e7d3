/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;

/** Resource limits as Kubernetes quantities (cpu "2", memory "4Gi", storage "10Gi") and a pod count. */
@Doc("The resources an appmap's namespace may use (its ResourceQuota), as Kubernetes quantities; one left out is not"
        + " bounded by this quota")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Quota(
        @Doc(
                value = "CPU, in cores (500m is half a core): the bound of both the requests and the limits of the"
                        + " namespace's pods",
                example = "2",
                pattern = Rules.QUANTITY)
        String cpu,

        @Doc(
                value = "Memory, in bytes with a suffix (Mi, Gi): the bound of both the requests and the limits",
                example = "4Gi",
                pattern = Rules.QUANTITY)
        String memory,

        @Doc(value = "How many pods may exist at once", example = "20", minimum = 0, maximum = Rules.MAX_QUOTA_PODS)
        Integer pods,

        @Doc(
                value = "Storage the namespace's persistent volume claims may request in all",
                example = "10Gi",
                pattern = Rules.QUANTITY)
        String storage) {}
