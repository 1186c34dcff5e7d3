/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal;

/**
 * A service's terminal settings.
 *
 * @param recordTranscripts keep each session's output (asciicast v2) for its administrators to replay
 */
public record TerminalSettings(Boolean recordTranscripts) {}
