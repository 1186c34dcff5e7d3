/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

/** What POST /clusters takes: a name and the content of a kubeconfig file. */
public record ClusterRegistration(String name, String kubeconfig) {
    @Override
    public String toString() {
        return "ClusterRegistration[name=" + name + ", kubeconfig=***]";
    }
}
