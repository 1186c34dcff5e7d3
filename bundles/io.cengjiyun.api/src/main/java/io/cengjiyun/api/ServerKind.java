/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

import io.cengjiyun.api.doc.Doc;

/** The controller that runs a server's pods. */
@Doc("The Kubernetes controller that runs a server's pods: Deployment (stateless replicas), StatefulSet (replicas with"
        + " their own names and volumes), DaemonSet (one pod per node), Job (runs to completion) or CronJob (a Job on a"
        + " schedule)")
public enum ServerKind {
    Deployment,
    StatefulSet,
    DaemonSet,
    Job,
    CronJob
}
