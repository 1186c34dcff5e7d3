/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import io.cengjiyun.api.doc.Doc;
import java.util.List;

/**
 * A server's state and what keeps it from running.
 *
 * @param state the server's state, as its status says
 * @param message the status message (with the first cause at its head)
 * @param causes every cause found, the first blocking one first; empty when nothing is wrong
 */
@Doc("A server's state and what keeps it from running")
public record Diagnosis(
        @Doc(value = "The server's name", example = "web") String server,

        @Doc(
                value = "The server's state: PENDING, CREATING, DEPLOYING, RUNNING, UPDATING, STOPPING, STOPPED,"
                        + " COMPLETED, FAILED, ERROR or UNKNOWN",
                example = "DEPLOYING")
        String state,

        @Doc(value = "The status message, with the first cause at its head")
        String message,

        @Doc("Every cause found, the first blocking one first; empty when nothing is wrong")
        List<Cause> causes) {}
