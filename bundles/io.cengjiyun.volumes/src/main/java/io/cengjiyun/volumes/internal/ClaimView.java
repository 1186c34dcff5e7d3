/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One persistent volume claim of an appmap as a user sees it: {@code phase} as Kubernetes says (Bound, Pending,
 * Lost), or {@value VolumesLookup#MISSING} for a claim a stored server wants that the cluster does not have (yet);
 * {@code capacity} what the bound volume has, {@code requested} what the claim asks; {@code server} the server it was
 * made for (its label), {@code usedBy} the stored servers whose definitions use it now (none: kept after its server
 * was deleted or its volume removed, until deleted with the server's volumes).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClaimView(
        String name,
        String server,
        String volume,
        String phase,
        String capacity,
        String requested,
        String storageClass,
        List<String> accessModes,
        List<String> usedBy) {}
