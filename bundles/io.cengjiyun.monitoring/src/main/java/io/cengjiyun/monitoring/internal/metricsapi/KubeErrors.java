/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** What a refused call to a cluster means for the metrics API, and what the administrator can do. */
final class KubeErrors {
    private KubeErrors() {}

    /** The innermost cause, which says what went wrong when the cluster gave no status (a reset stream, a timeout). */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? "" : " (" + root + ")";
    }

    static String describe(KubernetesClientException e) {
        String said = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        return switch (e.getCode()) {
            case 401 ->
                "the cluster refused the platform's credentials (401): register it again with a current"
                        + " kubeconfig";
            case 403 ->
                "the platform's credentials may not do this (403: " + said + "): serving the metrics API needs"
                        + " rights to manage apiservices, Services and Endpoints in kube-system, read the ConfigMap"
                        + " kube-system/extension-apiserver-authentication and create subjectaccessreviews";
            case 0, -1 -> "the call failed: " + said + rootCause(e);
            default -> "the cluster answered " + e.getCode() + ": " + said;
        };
    }
}
