/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.api;

/** The controller that runs a server's pods. */
public enum ServerKind {
    Deployment,
    StatefulSet,
    DaemonSet,
    Job,
    CronJob
}
