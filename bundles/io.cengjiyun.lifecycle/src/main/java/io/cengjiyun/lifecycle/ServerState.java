/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle;

import io.cengjiyun.api.doc.Doc;

/** The observed state of a server, derived from its live objects and their conditions (ARCHITECTURE). */
@Doc("The observed state of a server: PENDING (its controller is not on the cluster), DEPLOYING (its pods come up),"
        + " UPDATING (a rollout replaces them), RUNNING, STOPPING, STOPPED (also a suspended CronJob), COMPLETED (a Job"
        + " that succeeded), FAILED (the message says why), UNKNOWN (its cluster does not answer)")
public enum ServerState {
    PENDING,
    CREATING,
    DEPLOYING,
    RUNNING,
    UPDATING,
    STOPPING,
    STOPPED,
    COMPLETED,
    FAILED,
    ERROR,
    UNKNOWN
}
