/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle;

/** The observed state of a server, derived from its live objects and their conditions (ARCHITECTURE). */
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
