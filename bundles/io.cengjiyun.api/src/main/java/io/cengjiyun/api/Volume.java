/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;

/**
 * A volume of a server. {@code type} is persistent, emptyDir, config or secret; {@code source} names
 * the appmap's config map or secret for the last two.
 */
@Doc("A volume mounted in every container of a server. The bundle io.cengjiyun.volumes checks and makes it; a field"
        + " another type uses is refused")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Volume(
        @Doc(
                value = "The volume's name, unique in the server; a persistent volume's claim is named"
                        + " `<server>-<volume>`, which must also be at most " + Rules.MAX_LABEL + " characters",
                example = "data",
                required = true,
                pattern = Rules.DNS_LABEL,
                maxLength = Rules.MAX_LABEL)
        String name,

        @Doc(
                value = "persistent (a claim that keeps its data), emptyDir (scratch space of the pod), config (a"
                        + " config map of the appmap) or secret (a secret of the appmap)",
                example = "persistent",
                required = true)
        String type,

        @Doc(
                value = "persistent: how much storage to claim, a positive size in bytes with an optional suffix;"
                        + " required",
                example = "1Gi",
                pattern = Rules.QUANTITY)
        String size,

        @Doc(
                value = "persistent: the cluster's storage class to claim from; left out: the cluster's default",
                example = "standard",
                pattern = Rules.DNS_SUBDOMAIN,
                maxLength = Rules.MAX_SUBDOMAIN)
        String storageClass,

        @Doc(
                value = "persistent: ReadWriteOnce (one node; the default), ReadOnlyMany or ReadWriteMany",
                example = "ReadWriteOnce")
        String accessMode,

        @Doc(value = "The absolute path in the containers, unique in the server", example = "/data", required = true)
        String mountPath,

        @Doc(value = "A relative path inside the volume to mount instead of its root, without '..'", example = "conf")
        String subPath,

        @Doc(value = "Mounted read-only", example = "false") Boolean readOnly,

        @Doc(
                value = "config and secret: the name of the appmap's config map or secret to mount; required",
                example = "web-config")
        String source,

        @Doc(
                value = "emptyDir: Memory (a tmpfs, counted against the containers' memory); left out: the node's"
                        + " disk",
                example = "Memory")
        String medium,

        @Doc(
                value = "emptyDir: the most it may hold, a positive size in bytes with an optional suffix",
                example = "256Mi",
                pattern = Rules.QUANTITY)
        String sizeLimit) {}
