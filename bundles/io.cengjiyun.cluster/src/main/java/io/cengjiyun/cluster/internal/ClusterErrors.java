/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/** Turns what the client throws into what happened and what the user can do. */
final class ClusterErrors {
    private ClusterErrors() {}

    static String explain(String cluster, String server, Throwable error) {
        String where = "cluster '" + cluster + "' (" + server + ")";
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException kce && kce.getCode() == 401) {
                return where + " refused the credentials (401): register the cluster again with a current kubeconfig";
            }
            if (t instanceof KubernetesClientException kce && kce.getCode() == 403) {
                return where + " does not let these credentials read it (403): give the kubeconfig's user cluster-wide"
                        + " read rights (the platform lists nodes and API groups)";
            }
            if (t instanceof ConnectException) {
                return where + " does not answer (connection refused): check that its API server runs and that this"
                        + " machine reaches it";
            }
            if (t instanceof UnknownHostException) {
                return where + ": the host name does not resolve; check the server address of the kubeconfig";
            }
            if (t instanceof HttpTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return where + " did not answer in time: check that its API server runs and is reachable";
            }
            if (t instanceof SSLException) {
                return where + ": TLS failed (" + t.getMessage()
                        + "); check the certificate-authority data of the kubeconfig";
            }
            if (t instanceof IOException && t.getCause() == null) {
                return where + " cannot be reached: " + t.getMessage();
            }
        }
        return where + " failed: " + error.getMessage();
    }
}
