/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** What a cluster said when it failed or refused, in one line: its status message, or the transport's failure. */
final class ClusterErrorText {
    private ClusterErrorText() {}

    static String of(KubernetesClientException e) {
        if (e.getStatus() != null
                && e.getStatus().getMessage() != null
                && !e.getStatus().getMessage().isBlank()) {
            return e.getStatus().getMessage();
        }
        Throwable cause = e.getCause();
        while (cause != null && cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        if (cause != null) {
            String what = cause instanceof java.net.ConnectException
                    ? "the API server refused the connection"
                    : cause instanceof java.net.http.HttpTimeoutException
                                    || cause instanceof java.net.SocketTimeoutException
                            ? "the API server did not answer in time"
                            : cause instanceof java.nio.channels.ClosedChannelException
                                            || cause instanceof java.io.EOFException
                                    ? "the connection to the API server was closed (is it running?)"
                                    : cause instanceof java.io.IOException
                                            ? "the API server could not be reached"
                                            : cause.getClass().getSimpleName();
            return what + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
        }
        return e.getMessage();
    }
}
