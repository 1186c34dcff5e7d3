/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import java.util.List;

/**
 * A server's state and what keeps it from running.
 *
 * @param state the server's state, as its status says
 * @param message the status message (with the first cause at its head)
 * @param causes every cause found, the first blocking one first; empty when nothing is wrong
 */
public record Diagnosis(String server, String state, String message, List<Cause> causes) {}
