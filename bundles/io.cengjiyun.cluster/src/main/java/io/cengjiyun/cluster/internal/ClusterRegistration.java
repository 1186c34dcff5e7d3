/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.cengjiyun.api.doc.Doc;
import io.cengjiyun.api.validation.Rules;

/** What POST /clusters takes: a name and the content of a kubeconfig file. */
@Doc("A cluster to register: its name in the platform and a kubeconfig to reach it")
public record ClusterRegistration(
        @Doc(
                value = "The cluster's name in the platform (a DNS-1123 label)",
                example = "prod",
                required = true,
                pattern = Rules.DNS_LABEL,
                maxLength = Rules.MAX_LABEL)
        String name,

        @Doc(
                value = "The content of a kubeconfig file (YAML or JSON), as kubectl uses it: its current"
                        + " context must name a cluster with a server address. Stored sealed, never"
                        + " answered.",
                example = "apiVersion: v1\nkind: Config\ncurrent-context: prod\n...",
                required = true)
        String kubeconfig) {
    @Override
    public String toString() {
        return "ClusterRegistration[name=" + name + ", kubeconfig=***]";
    }
}
