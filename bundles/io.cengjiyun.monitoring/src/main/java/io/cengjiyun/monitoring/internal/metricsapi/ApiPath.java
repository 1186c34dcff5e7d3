/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

/**
 * What a request path asks for. The metrics resources carry what a SubjectAccessReview needs: the resource
 * ({@code nodes} or {@code pods}), the verb ({@code list}, or {@code get} for one named), the namespace (null: all,
 * or nodes, which have none) and the name.
 */
record ApiPath(Kind kind, String resource, String namespace, String name) {
    enum Kind {
        /** /healthz, /readyz, /livez: answered to anyone, as metrics-server does. */
        HEALTH,
        /** /apis, /apis/metrics.k8s.io, /apis/metrics.k8s.io/v1beta1: to any caller the API server vouches for. */
        GROUP_LIST,
        GROUP,
        RESOURCES,
        /** NodeMetrics or PodMetrics, one or a list. */
        METRICS,
        UNKNOWN
    }

    private static final String PREFIX = "/apis/" + ApiDocuments.GROUP_VERSION;

    String verb() {
        return name == null ? "list" : "get";
    }

    /** {@code namespace/name} of a pod, the name of a node: what a 404 names. */
    String qualifiedName() {
        return namespace == null ? name : namespace + "/" + name;
    }

    static ApiPath parse(String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals("/healthz")
                || path.equals("/readyz")
                || path.equals("/livez")
                || path.startsWith("/healthz/")
                || path.startsWith("/readyz/")
                || path.startsWith("/livez/")) {
            return of(Kind.HEALTH);
        }
        if (path.equals("/apis")) {
            return of(Kind.GROUP_LIST);
        }
        if (path.equals("/apis/" + ApiDocuments.GROUP)) {
            return of(Kind.GROUP);
        }
        if (path.equals(PREFIX)) {
            return of(Kind.RESOURCES);
        }
        if (!path.startsWith(PREFIX + "/")) {
            return of(Kind.UNKNOWN);
        }
        String[] p = path.substring(PREFIX.length() + 1).split("/", -1);
        for (String segment : p) {
            if (segment.isEmpty()) {
                return of(Kind.UNKNOWN);
            }
        }
        if (p[0].equals("nodes") && p.length <= 2) {
            return new ApiPath(Kind.METRICS, "nodes", null, p.length == 2 ? p[1] : null);
        }
        if (p[0].equals("pods") && p.length == 1) {
            return new ApiPath(Kind.METRICS, "pods", null, null);
        }
        if (p[0].equals("namespaces") && p.length >= 3 && p.length <= 4 && p[2].equals("pods")) {
            return new ApiPath(Kind.METRICS, "pods", p[1], p.length == 4 ? p[3] : null);
        }
        return of(Kind.UNKNOWN);
    }

    private static ApiPath of(Kind kind) {
        return new ApiPath(kind, null, null, null);
    }
}
