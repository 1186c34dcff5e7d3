/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.terminal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;

/**
 * One line a container wrote, or a notice of the platform about a stream (a pod that joined or ended).
 *
 * @param time when the container runtime received it (RFC 3339, nanoseconds), null if unknown
 * @param previous true for a line of the container's previous instance (before its last restart)
 * @param notice true for the platform's own notice, not a line of the container
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@Doc("A line a container wrote, or a notice of the platform about a stream; false and null fields are left out")
public record LogLine(
        @Doc(value = "The pod", example = "web-7d9c-x2x") String pod,
        @Doc(value = "The container", example = "web") String container,

        @Doc(
                value = "When the container runtime received it (RFC 3339, nanoseconds); absent if unknown",
                example = "2026-12-05T10:00:00.123456789Z")
        String time,

        @Doc(value = "The line's text (a notice: what happened)", example = "GET /health 200")
        String text,

        @Doc(value = "A line of the container's previous instance (before its last restart)", example = "true")
        boolean previous,

        @Doc(value = "The platform's own notice, not a line of the container", example = "true")
        boolean notice) {
    /** The line as text: {@code [time ]pod/container | text}. */
    public String format(boolean withTime) {
        String source = pod + "/" + container + (previous ? " (previous)" : "");
        return (withTime && time != null ? time + " " : "") + source + (notice ? " -- " : " | ") + text;
    }
}
