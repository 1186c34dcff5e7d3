/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cengjiyun.api.doc.Doc;

/**
 * One event of a server's object, de-duplicated: the same object, type, reason and message seen {@code count} times
 * between {@code firstSeen} and {@code lastSeen} (ISO-8601).
 *
 * @param object the object it is about, as {@code Kind/name}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Doc("An event of a server's object, de-duplicated")
public record EventView(
        @Doc(value = "The event's type: Normal or Warning", example = "Warning")
        String type,

        @Doc(value = "The event's reason, as the cluster gives it", example = "BackOff")
        String reason,

        @Doc("The event's message") String message,

        @Doc(value = "The object it is about, as `Kind/name`", example = "Pod/web-7d9c-x2x")
        String object,

        @Doc(value = "How many times it was seen", example = "3")
        int count,

        @Doc(value = "When it was first seen (ISO-8601)", format = "date-time")
        String firstSeen,

        @Doc(value = "When it was last seen (ISO-8601)", format = "date-time")
        String lastSeen,

        @Doc(value = "The component that reported it", example = "kubelet")
        String source) {}
