/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import java.util.List;

/**
 * One persistent volume claim of an appmap as a user sees it: {@code phase} as Kubernetes says (Bound, Pending,
 * Lost), or {@value VolumesLookup#MISSING} for a claim a stored server wants that the cluster does not have (yet);
 * {@code capacity} what the bound volume has, {@code requested} what the claim asks; {@code server} the server it was
 * made for (its label), {@code usedBy} the stored servers whose definitions use it now (none: kept after its server
 * was deleted or its volume removed, until deleted with the server's volumes).
 */
@Doc("A persistent volume claim of an appmap, its state and who uses it")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClaimView(
        @Doc(value = "The claim's name in the appmap's namespace", example = "db-data")
        String name,

        @Doc(value = "The server it was made for", example = "db")
        String server,

        @Doc(value = "The volume of that server's definition it is for", example = "data")
        String volume,

        @Doc(
                value = "Bound, Pending or Lost as Kubernetes says, or " + VolumesLookup.MISSING
                        + " for a claim a stored server wants that the cluster does not have (yet)",
                example = "Bound")
        String phase,

        @Doc(value = "What the bound volume holds", example = "10Gi")
        String capacity,

        @Doc(value = "What the claim asks for", example = "10Gi")
        String requested,

        @Doc(value = "The storage class", example = "standard")
        String storageClass,

        @Doc("The claim's access modes, e.g. ReadWriteOnce") List<String> accessModes,

        @Doc("The stored servers whose definitions use it now (none: kept after its server or volume went)")
        List<String> usedBy) {}
