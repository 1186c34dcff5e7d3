/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A terminal session as audited: who opened a shell where, when it started and ended, how many bytes went each way
 * and why it ended. {@code ended} is null while it is open.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TerminalSessionView(
        String id,
        String user,
        String address,
        String service,
        String appmap,
        String server,
        String pod,
        String container,
        String shell,
        String started,
        String ended,
        long bytesIn,
        long bytesOut,
        String endReason,
        boolean transcript) {}
