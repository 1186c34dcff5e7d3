/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;

/**
 * A terminal session as audited: who opened a shell where, when it started and ended, how many bytes went each way
 * and why it ended. {@code ended} is null while it is open.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Doc("A terminal session as audited")
public record TerminalSessionView(
        @Doc(value = "The session's id", example = "3f9a0c1d2e4b5a69")
        String id,

        @Doc(value = "Who opened it", example = "alice") String user,

        @Doc(value = "The address it was opened from", example = "192.0.2.10")
        String address,

        @Doc(value = "The service", example = "shop") String service,
        @Doc(value = "The appmap", example = "dev") String appmap,
        @Doc(value = "The server", example = "web") String server,

        @Doc(value = "The pod the shell ran in", example = "web-7d9c-x2x")
        String pod,

        @Doc(value = "The container the shell ran in", example = "web")
        String container,

        @Doc(value = "The shell", example = "/bin/sh") String shell,

        @Doc(value = "When it started", format = "date-time")
        String started,

        @Doc(value = "When it ended; absent while it is open", format = "date-time")
        String ended,

        @Doc(value = "Bytes typed into it", example = "312") long bytesIn,

        @Doc(value = "Bytes it wrote back", example = "20480")
        long bytesOut,

        @Doc(value = "Why it ended; absent while it is open", example = "the client closed the terminal (1000)")
        String endReason,

        @Doc(value = "Whether its transcript was kept", example = "true")
        boolean transcript) {}
