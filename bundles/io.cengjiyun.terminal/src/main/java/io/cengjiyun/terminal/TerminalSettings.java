/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal;

import io.cengjiyun.api.doc.Doc;

/**
 * A service's terminal settings.
 *
 * @param recordTranscripts keep each session's output (asciicast v2) for its administrators to replay
 */
@Doc("A service's terminal settings")
public record TerminalSettings(
        @Doc(
                value = "Keep each session's output (asciicast v2) for the service's administrators to replay",
                required = true,
                example = "true")
        Boolean recordTranscripts) {}
