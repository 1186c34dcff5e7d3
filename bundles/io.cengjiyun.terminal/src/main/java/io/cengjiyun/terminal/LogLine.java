/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line a container wrote, or a notice of the platform about a stream (a pod that joined or ended).
 *
 * @param time when the container runtime received it (RFC 3339, nanoseconds), null if unknown
 * @param previous true for a line of the container's previous instance (before its last restart)
 * @param notice true for the platform's own notice, not a line of the container
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record LogLine(String pod, String container, String time, String text, boolean previous, boolean notice) {
    /** The line as text: {@code [time ]pod/container | text}. */
    public String format(boolean withTime) {
        String source = pod + "/" + container + (previous ? " (previous)" : "");
        return (withTime && time != null ? time + " " : "") + source + (notice ? " -- " : " | ") + text;
    }
}
